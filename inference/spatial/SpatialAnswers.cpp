// The geometric answer of each intent (SpatialReasoner's per-intent methods).
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "inference/spatial/SpatialFrame.h"
#include "inference/spatial/SpatialReasoner.h"

namespace sl::spatial {
namespace {

const char* kScaleHint =
    " The scale is not set, so this is in scene units: set the scale (a known length) to get "
    "metres.";

Drawing line(const Eigen::Vector3d& a, const Eigen::Vector3d& b, const std::string& label,
             Drawing::Kind kind = Drawing::Kind::Line) {
  Drawing d;
  d.kind = kind;
  d.points = {a, b};
  d.label = label;
  return d;
}

}  // namespace

int SpatialReasoner::first_view(int obj) const {
  const SceneObject& o = scene_.objects[obj];
  if (!o.views.empty()) return *std::min_element(o.views.begin(), o.views.end());
  for (size_t k = 0; k < scene_.views.size(); ++k) {  // fall back: the box centre in the image
    const View& v = scene_.views[k];
    const Eigen::Vector3d pc = v.cam_from_world() * o.box.center;
    if (pc.z() <= 0 || !v.intrinsics.valid()) continue;
    const Eigen::Vector2d uv = v.intrinsics.project(pc);
    if (uv.x() >= 0 && uv.y() >= 0 && uv.x() < v.intrinsics.width && uv.y() < v.intrinsics.height)
      return static_cast<int>(k);
  }
  return -1;
}

bool SpatialReasoner::on(int a, int b) const {
  const OrientedBox &A = scene_.objects[a].box, &B = scene_.objects[b].box;
  const double tol =
      std::max(0.1 * box_dims(A, scene_.up).height, 0.02 * box_dims(B, scene_.up).height) +
      0.02 / (scene_.scale.metric ? scene_.scale.meters_per_unit : 1.0);
  if (footprint_distance(A.center, B, scene_.up) > 1e-9) return false;
  const double bottom = box_bottom(A, scene_.up);
  if (std::abs(bottom - box_top(B, scene_.up)) <= tol) return true;
  // Else the surface of B's points under A, where B's points reach there: a box fitted to a
  // table selection that also took in a box standing on it tops out at that box, not at the
  // table top the cup stands on.
  const double level =
      support_level(scene_.cloud, scene_.objects[a], scene_.objects[b], scene_.up, tol);
  return std::isfinite(level) && std::abs(bottom - level) <= tol;
}

double SpatialReasoner::next_to_threshold(int a, int b) const {
  if (scene_.scale.metric) return 0.5 / scene_.scale.meters_per_unit;
  return 0.5 * std::max(box_dims(scene_.objects[a].box, scene_.up).length,
                        box_dims(scene_.objects[b].box, scene_.up).length);
}

Answer SpatialReasoner::distance(const Query& q, const Context& ctx, const std::vector<int>& objs) {
  Answer a;
  a.kind = Answer::Kind::Distance;
  a.unit = unit();
  if (objs.size() == 1 && (q.ref_camera >= 0 || q.viewer_ref)) {
    const Frame f = make_frame(
        scene_, q.ref_camera >= 0 ? Viewpoint{Viewpoint::Kind::Camera, q.ref_camera} : q.viewpoint,
        ctx);
    if (!f.ok) return unknown("I can't measure that: " + f.desc + ".");
    const SceneObject& o = scene_.objects[objs[0]];
    const double d = (o.box.center - f.origin).norm();
    a.value = out_len(d);
    a.referents = {o.name};
    a.how = "distance from the camera centre (" + f.desc + ") to the centre of the " + o.name +
            "'s box";
    a.text = "The " + o.name + " is " + fmt_len(d) + " from the camera.";
    a.drawings.push_back(line(f.origin, o.box.center, fmt_len(d)));
    if (f.view >= 0) a.drawings.push_back(frustum(f.view));
    a.confidence = confidence(objs);
  } else if (objs.size() >= 2) {
    const SceneObject &A = scene_.objects[objs[0]], &B = scene_.objects[objs[1]];
    a.referents = {A.name, B.name};
    a.confidence = confidence({objs[0], objs[1]});
    if (q.sub == "surface") {
      Eigen::Vector3d pa = A.box.center, pb = B.box.center;
      double d;
      if (A.point_indices.size() >= 20 && B.point_indices.size() >= 20) {
        d = min_point_distance(scene_.cloud, A.point_indices, B.point_indices, &pa, &pb);
        a.how = "closest points between the two objects' point sets (KD-tree)";
      } else {
        d = box_distance(A.box, B.box);
        a.how = "closest distance between the two objects' boxes";
        a.confidence = std::min(a.confidence, 0.7);
      }
      a.value = out_len(d);
      a.text = "The closest points of the " + A.name + " and the " + B.name + " are " + fmt_len(d) +
               " apart.";
      a.drawings.push_back(line(pa, pb, fmt_len(d)));
    } else {
      const double d = (A.box.center - B.box.center).norm();
      a.value = out_len(d);
      a.how = "centre-to-centre distance between the two objects' boxes";
      a.text = "The " + A.name + " and the " + B.name + " are " + fmt_len(d) +
               " apart (centre to centre).";
      a.drawings.push_back(line(A.box.center, B.box.center, fmt_len(d)));
    }
  } else {
    return unknown(
        "I need two objects to measure a distance, e.g. \"how far is the chair from the table?\"");
  }
  if (!scene_.scale.metric) a.text += kScaleHint;
  return a;
}

Answer SpatialReasoner::size(const Query& q, int obj) {
  const SceneObject& o = scene_.objects[obj];
  const BoxDims d = box_dims(o.box, scene_.up);
  Answer a;
  a.kind = Answer::Kind::Size;
  a.unit = unit();
  a.referents = {o.name};
  a.confidence = confidence({obj});
  a.drawings.push_back(box_drawing(obj));
  const std::string& s = q.sub;
  if (s == "height")
    a.value = out_len(d.height), a.text = "The " + o.name + " is " + fmt_len(d.height) + " tall.";
  else if (s == "width")
    a.value = out_len(d.width), a.text = "The " + o.name + " is " + fmt_len(d.width) + " wide.";
  else if (s == "depth")
    a.value = out_len(d.width), a.text = "The " + o.name + " is " + fmt_len(d.width) + " deep.";
  else if (s == "length")
    a.value = out_len(d.length), a.text = "The " + o.name + " is " + fmt_len(d.length) + " long.";
  else {
    const double longest = std::max(d.length, d.height);
    a.value = out_len(longest);
    a.text = "The " + o.name + " measures " + fmt_len(d.length) + " long, " + fmt_len(d.width) +
             " wide and " + fmt_len(d.height) + " tall (longest side " + fmt_len(longest) + ").";
  }
  a.how =
      "extent of the " + o.name + "'s oriented box (height along up; length >= width on the floor)";
  if (!scene_.scale.metric) a.text += kScaleHint;
  return a;
}

Answer SpatialReasoner::superlative(const Query& q, const Context& ctx, std::vector<int> cands,
                                    int ref) {
  if (cands.empty())
    for (size_t k = 0; k < scene_.objects.size(); ++k)
      if (static_cast<int>(k) != ref) cands.push_back(static_cast<int>(k));
  if (cands.empty()) return unknown("There is nothing to compare.");
  const std::string& s = q.sub;
  const bool by_distance = s == "closest" || s == "farthest";
  Frame f;
  if (by_distance && ref < 0) {
    f = make_frame(
        scene_, q.ref_camera >= 0 ? Viewpoint{Viewpoint::Kind::Camera, q.ref_camera} : q.viewpoint,
        ctx);
    if (!f.ok) return unknown("I can't compare that: " + f.desc + ".");
  }
  auto score = [&](int k) {  // larger is better
    const OrientedBox& b = scene_.objects[k].box;
    const BoxDims d = box_dims(b, scene_.up);
    if (s == "biggest") return b.volume();
    if (s == "smallest") return -b.volume();
    if (s == "tallest") return d.height;
    if (s == "shortest") return -d.height;
    if (s == "longest") return d.length;
    if (s == "widest") return d.width;
    if (s == "highest") return box_top(b, scene_.up);
    if (s == "lowest") return -box_bottom(b, scene_.up);
    const double dist = ref >= 0
                            ? (q.either_or ? box_distance(b, scene_.objects[ref].box)
                                           : (b.center - scene_.objects[ref].box.center).norm())
                            : (b.center - f.origin).norm();
    return s == "closest" ? -dist : dist;
  };
  int best = cands[0];
  for (int k : cands)
    if (score(k) > score(best)) best = k;
  Answer a;
  a.kind = Answer::Kind::Choice;
  a.unit = unit();
  a.choice = scene_.objects[best].name;
  a.referents = {a.choice};
  std::vector<int> involved = cands;
  if (ref >= 0) involved.push_back(ref);
  a.confidence = confidence(involved);
  std::vector<std::string> names;
  for (int k : cands) names.push_back(scene_.objects[k].name);
  const double v = std::abs(score(best));
  if (by_distance) {
    const std::string to =
        ref >= 0 ? "the " + scene_.objects[ref].name : "the camera (" + f.desc + ")";
    a.value = out_len(v);
    a.text = "The " + a.choice + " is the " + s + " to " + to + " (" + fmt_len(v) + ").";
    a.how = std::string(q.either_or && ref >= 0 ? "closest box-to-box" : "centre-to-centre") +
            " distances to " + to + " among " + join(names);
    a.drawings.push_back(line(ref >= 0 ? scene_.objects[ref].box.center : f.origin,
                              scene_.objects[best].box.center, fmt_len(v)));
  } else {
    const bool volume = s == "biggest" || s == "smallest";
    a.value =
        volume ? out_len(out_len(out_len(v))) / (scene_.scale.metric ? 1.0 : 1.0) : out_len(v);
    if (volume && scene_.scale.metric)
      a.unit = "m^3";
    else if (volume)
      a.unit = "scene_units^3";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", *a.value);
    a.text = "The " + a.choice + " is the " + s + " (" +
             (volume ? std::string(buf) + " " + a.unit : fmt_len(v)) + ").";
    a.how = std::string(volume                            ? "box volumes"
                        : s == "highest" || s == "lowest" ? "box top / bottom along up"
                                                          : "box extents") +
            " of " + join(names);
  }
  a.drawings.push_back(box_drawing(best));
  return a;
}

Answer SpatialReasoner::direction(const Query& q, const Context& ctx,
                                  const std::vector<int>& objs) {
  const Frame f = make_frame(scene_, q.viewpoint, ctx);
  if (!f.ok) return unknown("I can't say: " + f.desc + ".");
  if (objs.empty())
    return unknown("Which objects? e.g. \"is the lamp left of the sofa from camera 2?\"");
  const bool to_me = objs.size() == 1;  // relative to the viewer ("to my left")
  const SceneObject& A = scene_.objects[objs[0]];
  const Eigen::Vector3d from = to_me ? f.origin : scene_.objects[objs[1]].box.center;
  const Eigen::Vector3d d = A.box.center - from;
  const double x = d.dot(f.right), fw = d.dot(f.forward), z = d.dot(scene_.up);
  // Scores per direction word; "in front of B" = closer to the viewer than B.
  const double front = to_me ? fw : -fw;
  std::map<std::string, double> sc = {{"left", -x},       {"right", x}, {"front", front},
                                      {"behind", -front}, {"above", z}, {"below", -z}};
  Answer a;
  a.unit = unit();
  a.referents = {A.name};
  if (!to_me) a.referents.push_back(scene_.objects[objs[1]].name);
  a.confidence = confidence(to_me ? std::vector<int>{objs[0]} : std::vector<int>{objs[0], objs[1]});
  a.drawings.push_back(line(from, A.box.center, "", Drawing::Kind::Arrow));
  if (f.view >= 0) a.drawings.push_back(frustum(f.view));
  const std::string other = to_me ? "you" : "the " + scene_.objects[objs[1]].name;
  a.how = "offset between box centres in the viewpoint frame (" + f.desc + "): right " +
          fmt_len(x) + ", forward " + fmt_len(fw) + ", up " + fmt_len(z);
  auto phrase = [&](const std::string& w) {
    if (w == "front") return std::string("in front of ") + other;
    if (w == "behind") return "behind " + other;
    if (w == "above" || w == "below") return w + " " + other;
    return "to the " + w + " of " + other;
  };
  const bool said_back = std::count(q.tokens.begin(), q.tokens.end(), "back") > 0;
  if (q.yes_no && !q.sub.empty()) {
    const bool yes = sc[q.sub] > 0;
    a.kind = Answer::Kind::YesNo;
    a.choice = yes ? "yes" : "no";
    a.text = std::string(yes ? "Yes" : "No") + ", the " + A.name + " is " + (yes ? "" : "not ") +
             phrase(q.sub) + ", " + f.desc + ".";
    return a;
  }
  a.kind = Answer::Kind::Direction;
  std::vector<std::string> offered;
  for (const char* w : {"left", "right", "front", "behind", "above", "below"})
    if (std::count(q.tokens.begin(), q.tokens.end(), w)) offered.push_back(w);
  if (said_back && !std::count(offered.begin(), offered.end(), "behind"))
    offered.push_back("behind");
  std::string choice;
  if (q.quadrant) {
    choice = std::string(sc["front"] > 0 ? "front" : "back") + "-" + (x < 0 ? "left" : "right");
  } else if (offered.size() >= 2) {
    std::string best = offered[0];
    for (const auto& w : offered)
      if (sc[w] > sc[best]) best = w;
    // "left, right or back": back only when it is behind, else the side.
    if (offered.size() == 3 && std::count(offered.begin(), offered.end(), "behind") &&
        std::count(offered.begin(), offered.end(), "left") &&
        std::count(offered.begin(), offered.end(), "right"))
      best = sc["behind"] > 0 ? "behind" : (x < 0 ? "left" : "right");
    choice = best;
  } else {
    std::vector<std::string> parts;
    const double m = std::max({std::abs(x), std::abs(fw), std::abs(z)});
    for (const char* w : {"left", "right", "front", "behind", "above", "below"})
      if (sc[w] > 0.25 * m) parts.push_back(w);
    choice = join(parts, " and ");
    a.text = "The " + A.name + " is ";
    for (size_t i = 0; i < parts.size(); ++i)
      a.text += (i ? (i + 1 == parts.size() ? " and " : ", ") : "") + phrase(parts[i]);
    a.text += ", " + f.desc + ".";
    a.choice = choice;
    return a;
  }
  if (said_back && choice.rfind("behind", 0) == 0) choice = "back";
  a.choice = choice;
  a.text = "The " + A.name + " is " +
           (choice == "back"                        ? phrase("behind")
            : choice.find('-') != std::string::npos ? "to the " + choice + " of " + other
                                                    : phrase(choice)) +
           ", " + f.desc + ".";
  return a;
}

}  // namespace sl::spatial
