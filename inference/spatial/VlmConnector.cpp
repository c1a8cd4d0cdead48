#include "inference/spatial/VlmConnector.h"

#include <httplib.h>

#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "inference/spatial/SpatialGeometry.h"
#include "inference/spatial/SpatialReasoner.h"

namespace sl::spatial {
namespace {

// Marker colours (BGR for drawing, names for the prompt).
struct Marker {
  cv::Scalar bgr;
  const char* name;
};
const Marker kMarkers[] = {{{0, 0, 255}, "red"},       {{0, 200, 0}, "green"},
                           {{255, 80, 0}, "blue"},     {{0, 220, 255}, "yellow"},
                           {{255, 0, 255}, "magenta"}, {{255, 255, 0}, "cyan"},
                           {{0, 140, 255}, "orange"},  {{160, 0, 160}, "purple"}};
constexpr size_t kNumMarkers = sizeof(kMarkers) / sizeof(kMarkers[0]);

std::string base64(const std::vector<uchar>& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (unsigned(in[i]) << 16) | (unsigned(in[i + 1]) << 8) | in[i + 2];
    out += t[(v >> 18) & 63];
    out += t[(v >> 12) & 63];
    out += t[(v >> 6) & 63];
    out += t[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = unsigned(in[i]) << 16;
    out += t[(v >> 18) & 63];
    out += t[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (unsigned(in[i]) << 16) | (unsigned(in[i + 1]) << 8);
    out += t[(v >> 18) & 63];
    out += t[(v >> 12) & 63];
    out += t[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string arg(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

VlmConnector::VlmConnector(const Scene& scene, VlmConfig config,
                           std::function<cv::Mat(int)> load_photo)
    : scene_(scene), config_(std::move(config)), load_photo_(std::move(load_photo)) {}

nlohmann::json VlmConnector::tool_definitions() {
  auto fn = [](const char* name, const char* description, nlohmann::json props,
               std::vector<std::string> required) {
    return nlohmann::json{{"type", "function"},
                          {"function",
                           {{"name", name},
                            {"description", description},
                            {"parameters",
                             {{"type", "object"},
                              {"properties", std::move(props)},
                              {"required", std::move(required)}}}}}};
  };
  const nlohmann::json obj = {{"type", "string"},
                              {"description", "an object's name from the list"}};
  return nlohmann::json::array(
      {fn("distance", "Distance between two objects (centre to centre), measured in 3D",
          {{"a", obj}, {"b", obj}}, {"a", "b"}),
       fn("size", "Length, width and height of an object, measured in 3D", {{"object", obj}},
          {"object"}),
       fn("direction",
          "Where object a is relative to object b (left/right/in front/behind/above/below), seen "
          "from a camera (1-based photo number) or, without one, from the current view",
          {{"a", obj}, {"b", obj}, {"camera", {{"type", "integer"}}}}, {"a", "b"}),
       fn("count", "How many objects have a label (e.g. chair)", {{"label", {{"type", "string"}}}},
          {"label"})});
}

std::string VlmConnector::system_prompt() const {
  std::ostringstream s;
  s << "You answer questions about a 3D scene reconstructed from photos. Measure with the tools "
       "instead of guessing: they compute from the 3D geometry. Lengths are in "
    << (scene_.scale.metric ? "metres" : "scene units (the scale is not set)")
    << ". The scene's objects (name, label, marker colour in the photos, centre, size):\n";
  s.setf(std::ios::fixed);
  s.precision(2);
  for (size_t i = 0; i < scene_.objects.size(); ++i) {
    const SceneObject& o = scene_.objects[i];
    s << "- " << o.name << " (" << (o.label.empty() ? "unlabelled" : o.label) << ", "
      << kMarkers[i % kNumMarkers].name << "): centre [" << o.box.center.x() << ", "
      << o.box.center.y() << ", " << o.box.center.z() << "], size "
      << scene_.to_meters(o.box.size[0]) << " x " << scene_.to_meters(o.box.size[1]) << " x "
      << scene_.to_meters(o.box.size[2]) << "\n";
  }
  s << "The scene has " << scene_.views.size() << " photos.";
  return s.str();
}

nlohmann::json VlmConnector::user_message(const std::string& question) const {
  nlohmann::json content = nlohmann::json::array({{{"type", "text"}, {"text", question}}});
  if (!load_photo_ || config_.max_photos <= 0) return {{"role", "user"}, {"content", content}};
  // The photos that show the most objects, with each object outlined in its marker colour.
  std::vector<std::pair<int, std::vector<std::pair<size_t, std::vector<Eigen::Vector2d>>>>> views;
  for (size_t v = 0; v < scene_.views.size(); ++v) {
    if (!scene_.views[v].registered) continue;
    std::vector<std::pair<size_t, std::vector<Eigen::Vector2d>>> seen;
    for (size_t o = 0; o < scene_.objects.size(); ++o) {
      const PhotoProjection p = project_object(scene_, scene_.objects[o], scene_.views[v]);
      if (p.visible() && p.outline.size() >= 3) seen.emplace_back(o, p.outline);
    }
    if (!seen.empty()) views.emplace_back(int(v), std::move(seen));
  }
  std::stable_sort(views.begin(), views.end(),
                   [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  if (views.size() > size_t(config_.max_photos)) views.resize(size_t(config_.max_photos));
  for (const auto& [v, seen] : views) {
    cv::Mat img = load_photo_(v);
    if (img.empty()) continue;
    const Intrinsics& k = scene_.views[size_t(v)].intrinsics;
    const double sx = double(img.cols) / k.width, sy = double(img.rows) / k.height;
    for (const auto& [o, outline] : seen) {
      std::vector<cv::Point> poly;
      for (const auto& p : outline) poly.emplace_back(int(p.x() * sx), int(p.y() * sy));
      const Marker& m = kMarkers[o % kNumMarkers];
      cv::polylines(img, poly, true, m.bgr, std::max(2, img.cols / 300), cv::LINE_AA);
      cv::putText(img, scene_.objects[o].name, poly.front(), cv::FONT_HERSHEY_SIMPLEX,
                  std::max(0.5, img.cols / 1200.0), m.bgr, 2, cv::LINE_AA);
    }
    const double s = std::min(1.0, double(config_.photo_side) / std::max(img.cols, img.rows));
    if (s < 1) cv::resize(img, img, cv::Size(), s, s, cv::INTER_AREA);
    std::vector<uchar> jpg;
    cv::imencode(".jpg", img, jpg, {cv::IMWRITE_JPEG_QUALITY, 85});
    content.push_back({{"type", "text"}, {"text", "Photo " + std::to_string(v + 1) + ":"}});
    content.push_back(
        {{"type", "image_url"}, {"image_url", {{"url", "data:image/jpeg;base64," + base64(jpg)}}}});
  }
  return {{"role", "user"}, {"content", content}};
}

VlmToolCall VlmConnector::run_tool(const std::string& name, const std::string& arguments,
                                   const Context& context) {
  VlmToolCall call;
  call.name = name;
  call.arguments = arguments;
  const nlohmann::json a = nlohmann::json::parse(arguments, nullptr, false);
  if (a.is_discarded() || !a.is_object()) {
    call.result.text = "The arguments are not a JSON object: " + arguments;
    return call;
  }
  // The tools are phrasings the built-in reasoner understands; it resolves the names.
  if (name == "distance")
    call.question = "how far is the " + arg(a, "a") + " from the " + arg(a, "b") + "?";
  else if (name == "size")
    call.question = "how big is the " + arg(a, "object") + "?";
  else if (name == "direction") {
    call.question =
        "is the " + arg(a, "a") + " left, right, in front of or behind the " + arg(a, "b");
    if (a.contains("camera") && a["camera"].is_number_integer())
      call.question += " from camera " + std::to_string(a["camera"].get<int>());
    call.question += "?";
  } else if (name == "count")
    call.question = "how many " + arg(a, "label") + "s are there?";
  else {
    call.result.text = "Unknown tool " + name + ": use distance, size, direction or count.";
    return call;
  }
  SpatialReasoner reasoner(scene_);
  call.result = reasoner.ask(call.question, context);
  return call;
}

VlmResult VlmConnector::ask(const std::string& question, const Context& context) {
  VlmResult r;
  // Split the base URL into scheme://host:port and a path prefix.
  const std::string& url = config_.url;
  const size_t scheme = url.find("://");
  const size_t path_at = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const std::string host = url.substr(0, path_at);
  std::string prefix = path_at == std::string::npos ? "" : url.substr(path_at);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (url.rfind("http://", 0) != 0) {
    r.error = "The VLM server URL must start with http:// (a local server), got \"" + url + "\".";
    return r;
  }
  httplib::Client client(host);
  const auto secs = time_t(config_.timeout_s);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(secs, 0);
  client.set_write_timeout(secs, 0);
  if (!config_.api_key.empty()) client.set_bearer_token_auth(config_.api_key);

  nlohmann::json messages = nlohmann::json::array(
      {{{"role", "system"}, {"content", system_prompt()}}, user_message(question)});
  for (int round = 0; round <= config_.max_tool_rounds; ++round) {
    nlohmann::json body = {{"model", config_.model}, {"messages", messages}, {"temperature", 0}};
    if (round < config_.max_tool_rounds) body["tools"] = tool_definitions();
    const auto res = client.Post(prefix + "/chat/completions", body.dump(), "application/json");
    if (!res) {
      r.error = "The VLM server at " + url + " did not answer (" + httplib::to_string(res.error()) +
                "): is it running?";
      return r;
    }
    if (res->status != 200) {
      r.error = "The VLM server at " + url + " answered HTTP " + std::to_string(res->status) +
                ": " + res->body.substr(0, 300);
      return r;
    }
    const nlohmann::json reply = nlohmann::json::parse(res->body, nullptr, false);
    if (reply.is_discarded() || !reply.contains("choices") || !reply["choices"].is_array() ||
        reply["choices"].empty() || !reply["choices"][0].contains("message")) {
      r.error = "The VLM server at " + url +
                " sent a reply that is not an OpenAI chat completion: " + res->body.substr(0, 300);
      return r;
    }
    const nlohmann::json msg = reply["choices"][0]["message"];
    if (msg.contains("tool_calls") && msg["tool_calls"].is_array() && !msg["tool_calls"].empty()) {
      messages.push_back(msg);
      for (const auto& tc : msg["tool_calls"]) {
        const nlohmann::json f = tc.value("function", nlohmann::json::object());
        const VlmToolCall call =
            run_tool(f.value("name", ""), f.value("arguments", std::string("{}")), context);
        r.calls.push_back(call);
        messages.push_back({{"role", "tool"},
                            {"tool_call_id", tc.value("id", "")},
                            {"content", answer_to_json(call.result).dump()}});
      }
      continue;
    }
    Answer& a = r.answer;
    a.text = msg.contains("content") && msg["content"].is_string()
                 ? msg["content"].get<std::string>()
                 : std::string();
    if (a.text.empty()) {
      r.error = "The VLM server at " + url + " sent an empty answer.";
      return r;
    }
    std::vector<std::string> tools;
    for (const auto& c : r.calls) {
      tools.push_back(c.name);
      a.drawings.insert(a.drawings.end(), c.result.drawings.begin(), c.result.drawings.end());
      for (const auto& n : c.result.referents)
        if (std::find(a.referents.begin(), a.referents.end(), n) == a.referents.end())
          a.referents.push_back(n);
    }
    if (r.calls.size() == 1) {  // one measurement: its number is the answer's
      const Answer& t = r.calls[0].result;
      a.kind = t.kind;
      a.value = t.value;
      a.unit = t.unit;
      a.choice = t.choice;
      a.confidence = t.confidence;
    }
    std::string joined;
    for (const auto& t : tools) joined += (joined.empty() ? "" : ", ") + t;
    a.how = "answered by the model " + config_.model + " at " + url +
            (tools.empty() ? " without measuring" : " using SceneLens's tools: " + joined);
    return r;
  }
  r.error = "The VLM server at " + url + " kept calling tools (" +
            std::to_string(config_.max_tool_rounds) + " rounds) without answering.";
  return r;
}

}  // namespace sl::spatial
