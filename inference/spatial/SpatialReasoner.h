// The built-in spatial reasoner: answers questions about a Scene from its geometry (object
// boxes and points, camera poses, the cloud), keeping a dialogue state for follow-ups
// ("and the table?", "from camera 2?", "it") and for clarifications ("which chair?").
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "inference/spatial/QuestionParser.h"
#include "inference/spatial/SpatialGeometry.h"
#include "inference/spatial/SpatialTypes.h"
#include "scene/Scene.h"

namespace sl::spatial {

// A basic colour name ("red", "beige", "grey"...) for an sRGB colour (SpatialColour.cpp).
const char* colour_name(const std::array<uint8_t, 3>& rgb);

class SpatialReasoner {
 public:
  // Keeps a reference to `scene`: it must outlive the reasoner and not change while in use
  // (call reset() after edits).
  explicit SpatialReasoner(const Scene& scene);
  Answer ask(const std::string& question, const Context& context = {});
  void reset();  // forgets the dialogue and cached geometry

 private:
  struct Resolved;
  Answer answer(Query q, const Context& ctx);
  Answer clarify(const Query& q, size_t mention, const std::vector<int>& candidates);
  // A mentioned thing the scene has nothing called: asks back with the objects it has.
  Answer clarify_missing(const Query& q, size_t mention);
  Answer unknown(const std::string& why) const;
  Answer distance(const Query& q, const Context& ctx, const std::vector<int>& objs);
  Answer size(const Query& q, int obj);
  Answer superlative(const Query& q, const Context& ctx, std::vector<int> cands, int ref);
  Answer direction(const Query& q, const Context& ctx, const std::vector<int>& objs);
  Answer relation(const Query& q, int a, int b);
  Answer count(const Query& q, const std::vector<int>& set, int surface);
  Answer room(const Query& q);
  Answer camera_motion(const Query& q);
  Answer order(const Query& q, std::vector<int> objs);
  Answer show_in_photo(const Query& q, const std::vector<int>& objs);  // SpatialPhoto.cpp
  Answer colour(int obj);                                              // SpatialColour.cpp

  std::string fmt_len(double scene_units) const;
  double out_len(double scene_units) const { return scene_.to_meters(scene_units); }
  std::string unit() const { return scene_.unit_name(); }
  double confidence(const std::vector<int>& objs) const;
  Drawing box_drawing(int obj) const;
  Drawing frustum(int view) const;
  int first_view(int obj) const;
  bool on(int a, int b) const;
  double next_to_threshold(int a, int b) const;

  const Scene& scene_;
  std::optional<Query> last_;
  std::vector<int> last_objects_;
  std::optional<Query> pending_;  // a question waiting for "which one?"
  size_t pending_mention_ = 0;
  std::vector<int> pending_candidates_;
  std::optional<RoomExtent> room_;
};

}  // namespace sl::spatial
