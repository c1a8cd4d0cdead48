// Types of the built-in spatial reasoner: the answer (text + structured value + drawings for
// the viewport), the selection context handed in by the UI, and scene-only drawing primitives.
#pragma once
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sl::spatial {

// A simple primitive the viewer can draw to illustrate an answer (world coordinates).
struct Drawing {
  enum class Kind { Line, Box, Arrow, Frustum, Point };
  Kind kind = Kind::Line;
  // Line/Arrow: 2 points (from, to). Box: 8 corners (OrientedBox::corners order).
  // Frustum: camera centre then 4 far-plane corners. Point: 1 point.
  std::vector<Eigen::Vector3d> points;
  std::string label;
};

// An object's outline in one photo (grounding): a convex polygon in pixels of the view's
// intrinsics (Intrinsics::width x height; scale it to the photo actually shown).
struct PhotoOutline {
  std::string object;
  std::vector<Eigen::Vector2d> polygon;  // empty when the object is not visible in the photo
  double in_frame = 0;                   // fraction of the object's samples inside the frame
};

struct Answer {
  enum class Kind {
    Distance,
    Size,
    Count,
    Direction,
    Choice,
    YesNo,
    Clarify,
    ShowInPhoto,
    Unknown
  };
  std::string text;
  Kind kind = Kind::Unknown;
  std::optional<double> value;
  std::string unit;    // "m" / "scene_units" (areas: "m^2" / "scene_units^2"), empty for counts
  std::string choice;  // chosen object name, "yes"/"no", a direction phrase, an ordering
  std::vector<std::string> referents;  // object names the answer is about
  std::string how;                     // what was measured, briefly
  double confidence = 1.0;             // 0..1, lower when objects have few points
  std::vector<Drawing> drawings;
  // ShowInPhoto: the photo (0-based view index; users count from 1), its size in pixels, the
  // outlines of the referents in it, and the photos (0-based) that do show them.
  int view = -1;
  int image_width = 0, image_height = 0;
  std::vector<PhotoOutline> outlines;
  std::vector<int> visible_in;
};

const char* kind_name(Answer::Kind k);
// {"answer","kind","value"(null when absent),"unit","choice","referents","how","confidence",
//  "drawings":[{"kind":"line|box|arrow|frustum|point","points":[[x,y,z]...],"label"}]}, and for
// show_in_photo: "view" (0-based), "photo" (1-based), "image_size":[w,h],
// "outlines":[{"object","polygon":[[u,v]...],"in_frame"}], "visible_in_photos" (1-based).
nlohmann::json answer_to_json(const Answer& a);
// The drawings of an answer_to_json object (empty when it has none: older saved answers).
std::vector<Drawing> drawings_from_json(const nlohmann::json& j);

// What the UI knows besides the question text.
struct Context {
  std::vector<std::string> selected;  // names of selected objects ("this", "these two")
  int current_view = -1;              // index into Scene::views of the view the user looks from
  // Free viewpoint of the 3D viewport (world_from_cam, OpenCV axes); overrides current_view.
  std::optional<Eigen::Matrix4d> current_pose;
};

}  // namespace sl::spatial
