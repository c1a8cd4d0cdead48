#include "ui/ChatBridge.h"

#include "inference/spatial/SpatialReasoner.h"
#include "viewer/Viewport.h"

namespace sl::ui {

namespace {

viewer::Overlay overlay_of(const spatial::Drawing& d) {
  viewer::Overlay o;
  using K = spatial::Drawing::Kind;
  switch (d.kind) {
    case K::Line:
      o.kind = viewer::Overlay::Kind::Line;
      break;
    case K::Box:
      o.kind = viewer::Overlay::Kind::Box;
      break;
    case K::Arrow:
      o.kind = viewer::Overlay::Kind::Arrow;
      break;
    case K::Frustum:
      o.kind = viewer::Overlay::Kind::Frustum;
      break;
    case K::Point:
      o.kind = viewer::Overlay::Kind::Line;
      break;
  }
  for (const auto& p : d.points) o.points.push_back(p.cast<float>());
  if (d.kind == K::Point && o.points.size() == 1) o.points.push_back(o.points[0]);
  o.label = QString::fromStdString(d.label);
  o.color = d.kind == K::Box ? QColor(255, 140, 0) : QColor(255, 220, 0);
  return o;
}

}  // namespace

AnswerFunction make_spatial_answer(std::shared_ptr<const Scene> scene, viewer::Viewport* viewport) {
  OverlaySink show;
  if (viewport) show = [viewport](std::vector<viewer::Overlay> o) { viewport->setOverlays(o); };
  return make_spatial_answer(std::move(scene), ContextFunction(), std::move(show));
}

AnswerFunction make_spatial_answer(std::shared_ptr<const Scene> scene, ContextFunction context,
                                   OverlaySink show) {
  auto reasoner = std::make_shared<spatial::SpatialReasoner>(*scene);
  return [scene, reasoner, context, show](const std::string& question) {
    const spatial::Answer a = reasoner->ask(question, context ? context() : spatial::Context{});
    if (show) {
      std::vector<viewer::Overlay> overlays;
      for (const auto& d : a.drawings) overlays.push_back(overlay_of(d));
      show(std::move(overlays));
    }
    return ChatAnswer{a.text, spatial::answer_to_json(a).dump()};
  };
}

}  // namespace sl::ui
