// The VLM connector against a fake OpenAI-compatible server on loopback (cpp-httplib): the request
// carries the object list, the tools and photos with markers; a tool call the "model" makes is
// answered by SceneLens's geometry; the final message becomes the answer with the tool's number
// and drawing. A server that is down, or answers nonsense, gives a clear error.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "inference/spatial/VlmConnector.h"
#include "tests/spatial/TestObjects.h"
// After Eigen: httplib.h pulls in <resolv.h>, whose _res macro breaks Eigen's headers.
#include <httplib.h>

using namespace sl;
using namespace sl::spatial;
using sl::test::box_object;

namespace {

// A metric scene: table and chair about 2.5 m apart, seen by one camera from the front.
Scene two_things() {
  Scene s;
  s.scale.metric = true;
  s.objects.push_back(box_object("table", "table", {3, 2, 0.375}, {1.2, 0.8, 0.75}));
  s.objects.push_back(box_object("chair", "chair", {0.5, 2, 0.45}, {0.5, 0.5, 0.9}));
  View v;
  v.name = "p1.png";
  v.intrinsics = {640, 480, 500, 500, 319.5, 239.5};
  Eigen::Matrix3d R;  // looking +y
  R << 1, 0, 0, 0, 0, 1, 0, -1, 0;
  v.world_from_cam.linear() = R;
  v.world_from_cam.translation() = Eigen::Vector3d(1.75, -3, 1.0);
  s.views.push_back(v);
  return s;
}

struct FakeServer {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::vector<nlohmann::json> requests;
  std::function<std::string(const nlohmann::json&, int)> reply;  // (request, round) -> body

  FakeServer() {
    server.Post("/v1/chat/completions",
                [this](const httplib::Request& req, httplib::Response& res) {
                  const auto j = nlohmann::json::parse(req.body, nullptr, false);
                  requests.push_back(j);
                  res.set_content(reply(j, int(requests.size()) - 1), "application/json");
                });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~FakeServer() {
    server.stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/v1"; }
};

nlohmann::json completion(nlohmann::json message) {
  return {
      {"id", "x"},
      {"object", "chat.completion"},
      {"choices", {{{"index", 0}, {"message", std::move(message)}, {"finish_reason", "stop"}}}}};
}

}  // namespace

TEST(VlmConnector, ModelCallsAToolAndAnswersWithItsNumber) {
  const Scene s = two_things();
  FakeServer fake;
  double tool_value = -1;
  fake.reply = [&](const nlohmann::json& req, int round) -> std::string {
    if (round == 0)  // first: ask SceneLens to measure
      return completion(
                 {{"role", "assistant"},
                  {"content", nullptr},
                  {"tool_calls",
                   {{{"id", "call_1"},
                     {"type", "function"},
                     {"function",
                      {{"name", "distance"}, {"arguments", R"({"a": "chair", "b": "table"})"}}}}}}})
          .dump();
    // Then: read the tool's result and answer with it.
    const auto& tool_msg = req["messages"].back();
    EXPECT_EQ(tool_msg["role"], "tool");
    EXPECT_EQ(tool_msg["tool_call_id"], "call_1");
    const auto result = nlohmann::json::parse(tool_msg["content"].get<std::string>());
    tool_value = result["value"].get<double>();
    char text[128];
    std::snprintf(text, sizeof text, "The chair is %.2f m from the table.", tool_value);
    return completion({{"role", "assistant"}, {"content", text}}).dump();
  };
  VlmConfig cfg;
  cfg.url = fake.url();
  cfg.model = "g2vlm-test";
  VlmConnector vlm(s, cfg, [](int) { return cv::Mat(480, 640, CV_8UC3, cv::Scalar(90, 90, 90)); });
  const VlmResult r = vlm.ask("Roughly how far would I walk from the chair to the table?");
  ASSERT_TRUE(r.error.empty()) << r.error;
  const double truth = (s.objects[0].box.center - s.objects[1].box.center).norm();  // 2.501
  EXPECT_NEAR(tool_value, truth, 1e-6);
  EXPECT_EQ(r.answer.text, "The chair is 2.50 m from the table.");
  ASSERT_TRUE(r.answer.value.has_value());
  EXPECT_NEAR(*r.answer.value, truth, 1e-6);
  EXPECT_EQ(r.answer.unit, "m");
  EXPECT_EQ(r.answer.kind, Answer::Kind::Distance);
  EXPECT_FALSE(r.answer.drawings.empty());  // the tool's line
  EXPECT_NE(r.answer.how.find("g2vlm-test"), std::string::npos);
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].name, "distance");

  // What the server got: the model, the tools, the objects with markers, a photo with them.
  ASSERT_EQ(fake.requests.size(), 2u);
  const auto& first = fake.requests[0];
  EXPECT_EQ(first["model"], "g2vlm-test");
  ASSERT_TRUE(first.contains("tools"));
  std::vector<std::string> tools;
  for (const auto& t : first["tools"]) tools.push_back(t["function"]["name"]);
  EXPECT_EQ(tools, (std::vector<std::string>{"distance", "size", "direction", "count"}));
  const std::string system = first["messages"][0]["content"];
  EXPECT_NE(system.find("table (table, red)"), std::string::npos) << system;
  EXPECT_NE(system.find("chair (chair, green)"), std::string::npos) << system;
  EXPECT_NE(system.find("metres"), std::string::npos);
  const auto& content = first["messages"][1]["content"];
  bool image = false;
  for (const auto& part : content)
    image = image ||
            (part["type"] == "image_url" &&
             part["image_url"]["url"].get<std::string>().rfind("data:image/jpeg;base64,", 0) == 0);
  EXPECT_TRUE(image);
  EXPECT_EQ(content[0]["text"], "Roughly how far would I walk from the chair to the table?");
}

TEST(VlmConnector, ServerDownOrNonsenseIsAClearError) {
  const Scene s = two_things();
  VlmConfig cfg;
  {
    FakeServer fake;  // a port that was free a moment ago
    cfg.url = fake.url();
    fake.reply = [](const nlohmann::json&, int) { return std::string("this is not json"); };
    const VlmResult r = VlmConnector(s, cfg).ask("what is this?");
    EXPECT_NE(r.error.find("not an OpenAI chat completion"), std::string::npos) << r.error;
  }
  const VlmResult down = VlmConnector(s, cfg).ask("what is this?");
  EXPECT_NE(down.error.find("did not answer"), std::string::npos) << down.error;
  EXPECT_NE(down.error.find(cfg.url), std::string::npos) << down.error;
  cfg.url = "https://example.invalid/v1";
  EXPECT_NE(VlmConnector(s, cfg).ask("x").error.find("http://"), std::string::npos);
}

TEST(VlmConnector, ToolsRunOnTheGeometry) {
  const Scene s = two_things();
  FakeServer fake;
  fake.reply = [](const nlohmann::json& req, int round) -> std::string {
    if (round == 0)
      return completion(
                 {{"role", "assistant"},
                  {"tool_calls",
                   {{{"id", "a"},
                     {"type", "function"},
                     {"function", {{"name", "size"}, {"arguments", R"({"object":"table"})"}}}},
                    {{"id", "b"},
                     {"type", "function"},
                     {"function", {{"name", "count"}, {"arguments", R"({"label":"chair"})"}}}},
                    {{"id", "c"},
                     {"type", "function"},
                     {"function",
                      {{"name", "direction"},
                       {"arguments", R"({"a":"chair","b":"table","camera":1})"}}}}}}})
          .dump();
    return completion({{"role", "assistant"}, {"content", "done"}}).dump();
  };
  VlmConfig cfg;
  cfg.url = fake.url();
  const VlmResult r = VlmConnector(s, cfg).ask("describe the scene");
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_EQ(r.calls.size(), 3u);
  EXPECT_EQ(r.calls[0].result.kind, Answer::Kind::Size);
  EXPECT_NE(r.calls[0].result.text.find("1.20"), std::string::npos) << r.calls[0].result.text;
  EXPECT_EQ(r.calls[1].result.kind, Answer::Kind::Count);
  EXPECT_EQ(r.calls[1].result.value.value_or(-1), 1.0);
  EXPECT_EQ(r.calls[2].result.kind, Answer::Kind::Direction) << r.calls[2].result.text;
  EXPECT_NE(r.calls[2].result.text.find("left"), std::string::npos) << r.calls[2].result.text;
  EXPECT_EQ(r.answer.kind, Answer::Kind::Unknown);  // several measurements: no single number
}
