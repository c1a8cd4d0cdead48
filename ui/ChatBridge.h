// Connects the chat panel to the built-in spatial reasoner: each question is answered from the
// scene's geometry and the answer's drawings are laid over the viewport.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inference/spatial/SpatialTypes.h"
#include "inference/spatial/VlmConnector.h"
#include "ui/ChatPanel.h"
#include "viewer/Viewport.h"

namespace sl::ui {

// The returned function keeps the scene and a reasoner (with its dialogue state) alive; make a
// new one whenever the scene changes. `viewport` may be null (no drawings).
AnswerFunction make_spatial_answer(std::shared_ptr<const Scene> scene, viewer::Viewport* viewport);

// What the window knows when a question is asked (the selection, the viewpoint).
using ContextFunction = std::function<spatial::Context()>;
// Receives each answer's drawings as overlays (replacing the previous answer's).
using OverlaySink = std::function<void(std::vector<viewer::Overlay>)>;
// The same with the question's context asked for at each question (e.g. the GUI selection as
// Context::selected, so "how far apart are these?" means the selected objects).
// With `vlm` returning a server: questions the reasoner does not understand go to it (deferred:
// on a worker, with a copy of the scene; photos read relative to `scene_dir`).
using VlmFunction = std::function<std::optional<spatial::VlmConfig>()>;
AnswerFunction make_spatial_answer(std::shared_ptr<const Scene> scene, ContextFunction context,
                                   OverlaySink show, VlmFunction vlm = {},
                                   std::string scene_dir = {});

// An answer's drawings (from its structured JSON, ChatTurn::json) as viewport overlays: to show
// a saved or clicked answer again. Empty when the JSON has none or does not parse.
std::vector<viewer::Overlay> answer_overlays(const std::string& json);

// A "show me X in photo N" answer: the photo (0-based view index, -1 when the answer is not
// one) and the objects' outlines in it (pixels of that view's intrinsics).
struct PhotoGrounding {
  int view = -1;
  std::vector<std::pair<std::string, std::vector<Eigen::Vector2d>>> outlines;  // object, polygon
};
PhotoGrounding answer_photo_grounding(const std::string& json);

}  // namespace sl::ui
