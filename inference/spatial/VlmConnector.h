// Optional connector to a local vision-language model server speaking the OpenAI-compatible chat
// API (POST <url>/chat/completions, e.g. a server hosting G²VLM or Qwen2-VL). A free-form question
// goes to it with the scene's object list, the question and photos with the objects outlined in
// coloured markers; the model may call SceneLens's geometric tools (distance, size, direction,
// count, which run on the built-in reasoner) as functions; its final message is the answer.
// Off by default: nothing is sent anywhere unless a URL is configured. Plain HTTP only (a local
// server); no Qt.
#pragma once
#include <functional>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "inference/spatial/SpatialTypes.h"
#include "scene/Scene.h"

namespace sl::spatial {

struct VlmConfig {
  std::string url = "http://127.0.0.1:8000/v1";  // base URL; /chat/completions is appended
  std::string model = "default";
  std::string api_key;     // sent as a Bearer token when set
  double timeout_s = 120;  // per request
  int max_tool_rounds = 4;
  int max_photos = 3;  // photos sent (those showing most objects), 0 = none
  int photo_side = 512;
};

// One function call the model made and what SceneLens answered.
struct VlmToolCall {
  std::string name;       // distance | size | direction | count
  std::string arguments;  // JSON, as the model sent it
  std::string question;   // the question the built-in reasoner was asked
  Answer result;
};

struct VlmResult {
  Answer answer;  // text = the model's final message; value/unit/... from a single tool call
  std::vector<VlmToolCall> calls;
  std::string error;  // non-empty: no answer (server down, bad reply), for the user
};

class VlmConnector {
 public:
  // `scene` must outlive the connector; `load_photo(view)` gives a view's photo (BGR, empty when
  // unreadable), may be empty (no photos sent).
  VlmConnector(const Scene& scene, VlmConfig config,
               std::function<cv::Mat(int view)> load_photo = {});
  VlmResult ask(const std::string& question, const Context& context = {});

  // The tools offered to the model (OpenAI "tools" array) and the system prompt, for tests.
  static nlohmann::json tool_definitions();
  std::string system_prompt() const;

 private:
  nlohmann::json user_message(const std::string& question) const;
  VlmToolCall run_tool(const std::string& name, const std::string& arguments,
                       const Context& context);
  const Scene& scene_;
  VlmConfig config_;
  std::function<cv::Mat(int)> load_photo_;
};

}  // namespace sl::spatial
