#include "ui/ChatBridge.h"

#include <nlohmann/json.hpp>

#include "inference/io/ImageLoader.h"
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
                                   OverlaySink show, VlmFunction vlm, std::string scene_dir) {
  auto reasoner = std::make_shared<spatial::SpatialReasoner>(*scene);
  return [scene, reasoner, context, show, vlm, scene_dir](const std::string& question) {
    const spatial::Context ctx = context ? context() : spatial::Context{};
    const spatial::Answer a = reasoner->ask(question, ctx);
    const std::optional<spatial::VlmConfig> server =
        vlm && a.kind == spatial::Answer::Kind::Unknown ? vlm() : std::nullopt;
    if (show && !server) {
      std::vector<viewer::Overlay> overlays;
      for (const auto& d : a.drawings) overlays.push_back(overlay_of(d));
      show(std::move(overlays));
    }
    ChatAnswer out{a.text, spatial::answer_to_json(a).dump(), {}};
    if (!server) return out;
    // The VLM server: on a worker thread, with a copy of the scene (the window may edit its own).
    out.text = "Asking the VLM server at " + server->url + "…";
    auto copy = std::make_shared<const Scene>(*scene);
    const spatial::Answer fallback = a;
    out.deferred = [copy, cfg = *server, question, ctx, scene_dir, fallback]() {
      spatial::VlmConnector connector(*copy, cfg, [&copy, &scene_dir](int v) {
        return io::load_view_photo(copy->views[size_t(v)], scene_dir);
      });
      const spatial::VlmResult r = connector.ask(question, ctx);
      if (!r.error.empty())
        return ChatAnswer{
            fallback.text + " (" + r.error + ")", spatial::answer_to_json(fallback).dump(), {}};
      return ChatAnswer{r.answer.text, spatial::answer_to_json(r.answer).dump(), {}};
    };
    return out;
  };
}

std::vector<viewer::Overlay> answer_overlays(const std::string& json) {
  std::vector<viewer::Overlay> out;
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) return out;
  for (const auto& d : spatial::drawings_from_json(j)) out.push_back(overlay_of(d));
  return out;
}

PhotoGrounding answer_photo_grounding(const std::string& json) {
  PhotoGrounding g;
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("kind", "") != "show_in_photo") return g;
  if (!j.contains("view") || !j["view"].is_number_integer()) return g;
  g.view = j["view"].get<int>();
  if (j.contains("outlines") && j["outlines"].is_array())
    for (const auto& o : j["outlines"]) {
      std::vector<Eigen::Vector2d> poly;
      if (o.contains("polygon") && o["polygon"].is_array())
        for (const auto& p : o["polygon"])
          if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number())
            poly.emplace_back(p[0].get<double>(), p[1].get<double>());
      g.outlines.emplace_back(o.value("object", std::string()), std::move(poly));
    }
  return g;
}

}  // namespace sl::ui
