// Connects the chat panel to the built-in spatial reasoner: each question is answered from the
// scene's geometry and the answer's drawings are laid over the viewport.
#pragma once
#include <memory>

#include "ui/ChatPanel.h"

namespace sl::viewer {
class Viewport;
}

namespace sl::ui {

// The returned function keeps the scene and a reasoner (with its dialogue state) alive; make a
// new one whenever the scene changes. `viewport` may be null (no drawings).
AnswerFunction make_spatial_answer(std::shared_ptr<const Scene> scene, viewer::Viewport* viewport);

}  // namespace sl::ui
