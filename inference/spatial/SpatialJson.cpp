// The structured form of an answer (saved with each chat turn, printed by `scenelens-cli ask
// --json`): value, referents, and the drawings and photo outlines, so a saved answer can be
// drawn again without asking again.
#include <string>

#include "inference/spatial/SpatialTypes.h"

namespace sl::spatial {
namespace {

const char* drawing_kind_name(Drawing::Kind k) {
  switch (k) {
    case Drawing::Kind::Line:
      return "line";
    case Drawing::Kind::Box:
      return "box";
    case Drawing::Kind::Arrow:
      return "arrow";
    case Drawing::Kind::Frustum:
      return "frustum";
    case Drawing::Kind::Point:
      return "point";
  }
  return "line";
}

bool drawing_kind_of(const std::string& name, Drawing::Kind* k) {
  for (Drawing::Kind c : {Drawing::Kind::Line, Drawing::Kind::Box, Drawing::Kind::Arrow,
                          Drawing::Kind::Frustum, Drawing::Kind::Point})
    if (name == drawing_kind_name(c)) {
      *k = c;
      return true;
    }
  return false;
}

nlohmann::json one_based(const std::vector<int>& views) {
  nlohmann::json j = nlohmann::json::array();
  for (int v : views) j.push_back(v + 1);
  return j;
}

}  // namespace

const char* kind_name(Answer::Kind k) {
  switch (k) {
    case Answer::Kind::Distance:
      return "distance";
    case Answer::Kind::Size:
      return "size";
    case Answer::Kind::Count:
      return "count";
    case Answer::Kind::Direction:
      return "direction";
    case Answer::Kind::Choice:
      return "choice";
    case Answer::Kind::YesNo:
      return "yes_no";
    case Answer::Kind::Clarify:
      return "clarify";
    case Answer::Kind::ShowInPhoto:
      return "show_in_photo";
    case Answer::Kind::Unknown:
      return "unknown";
  }
  return "unknown";
}

nlohmann::json answer_to_json(const Answer& a) {
  nlohmann::json j;
  j["answer"] = a.text;
  j["kind"] = kind_name(a.kind);
  j["value"] = a.value ? nlohmann::json(*a.value) : nlohmann::json(nullptr);
  j["unit"] = a.unit;
  j["choice"] = a.choice;
  j["referents"] = a.referents;
  j["how"] = a.how;
  j["confidence"] = a.confidence;
  nlohmann::json drawings = nlohmann::json::array();
  for (const Drawing& d : a.drawings) {
    nlohmann::json pts = nlohmann::json::array();
    for (const auto& p : d.points) pts.push_back({p.x(), p.y(), p.z()});
    drawings.push_back({{"kind", drawing_kind_name(d.kind)}, {"points", pts}, {"label", d.label}});
  }
  j["drawings"] = drawings;
  if (a.kind == Answer::Kind::ShowInPhoto) {
    j["view"] = a.view;
    j["photo"] = a.view + 1;
    j["image_size"] = {a.image_width, a.image_height};
    nlohmann::json outlines = nlohmann::json::array();
    for (const PhotoOutline& o : a.outlines) {
      nlohmann::json poly = nlohmann::json::array();
      for (const auto& p : o.polygon) poly.push_back({p.x(), p.y()});
      outlines.push_back({{"object", o.object}, {"polygon", poly}, {"in_frame", o.in_frame}});
    }
    j["outlines"] = outlines;
    j["visible_in_photos"] = one_based(a.visible_in);
  }
  return j;
}

std::vector<Drawing> drawings_from_json(const nlohmann::json& j) {
  std::vector<Drawing> out;
  if (!j.is_object() || !j.contains("drawings") || !j["drawings"].is_array()) return out;
  for (const auto& d : j["drawings"]) {
    Drawing dr;
    if (!d.is_object() || !drawing_kind_of(d.value("kind", std::string()), &dr.kind)) continue;
    dr.label = d.value("label", std::string());
    bool ok = d.contains("points") && d["points"].is_array();
    if (ok)
      for (const auto& p : d["points"]) {
        if (!p.is_array() || p.size() != 3 || !p[0].is_number() || !p[1].is_number() ||
            !p[2].is_number()) {
          ok = false;
          break;
        }
        dr.points.emplace_back(p[0].get<double>(), p[1].get<double>(), p[2].get<double>());
      }
    if (ok && !dr.points.empty()) out.push_back(std::move(dr));
  }
  return out;
}

}  // namespace sl::spatial
