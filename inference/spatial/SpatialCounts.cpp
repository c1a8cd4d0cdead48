// Support relations (on / under / next to), counts, room size, camera motion, appearance order.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "inference/spatial/SpatialFrame.h"
#include "inference/spatial/SpatialReasoner.h"

namespace sl::spatial {

Answer SpatialReasoner::relation(const Query& q, int ia, int ib) {
  const SceneObject &A = scene_.objects[ia], &B = scene_.objects[ib];
  bool yes = false;
  std::string what;
  if (q.sub == "on") {
    yes = on(ia, ib);
    what = "on";
  } else if (q.sub == "under") {
    // Under: B rests on A, or A lies below B's bottom within B's footprint.
    yes = on(ib, ia) || (box_top(A.box, scene_.up) <= box_bottom(B.box, scene_.up) + 1e-6 &&
                         footprint_distance(A.box.center, B.box, scene_.up) <= 1e-9);
    what = "under";
  } else {
    const double gap = box_distance(A.box, B.box);
    yes = gap < next_to_threshold(ia, ib) && !on(ia, ib) && !on(ib, ia);
    what = "next to";
  }
  Answer a;
  a.kind = Answer::Kind::YesNo;
  a.unit = unit();
  a.choice = yes ? "yes" : "no";
  a.referents = {A.name, B.name};
  a.confidence = confidence({ia, ib});
  a.drawings = {box_drawing(ia), box_drawing(ib)};
  a.text = std::string(yes ? "Yes" : "No") + ", the " + A.name + " is " + (yes ? "" : "not ") +
           what + " the " + B.name + ".";
  if (what == "on")
    a.how = "bottom of the " + A.name + "'s box vs top of the " + B.name + "'s box (" +
            fmt_len(box_bottom(A.box, scene_.up) - box_top(B.box, scene_.up)) +
            " apart along up), or vs the highest surface of the " + B.name +
            "'s points around its footprint, and footprint";
  else if (what == "under")
    a.how = "box tops / bottoms along up and footprints";
  else
    a.how = "closest box-to-box gap " + fmt_len(box_distance(A.box, B.box)) + " vs " +
            fmt_len(next_to_threshold(ia, ib)) + ", and neither on the other";
  return a;
}

Answer SpatialReasoner::count(const Query& q, const std::vector<int>& set_in, int surface) {
  std::vector<int> set = set_in;
  std::string what = set.empty() ? "objects" : "";
  if (set.empty())
    for (size_t k = 0; k < scene_.objects.size(); ++k) set.push_back(static_cast<int>(k));
  if (what.empty()) {
    std::string label = scene_.objects[set[0]].label;
    bool same = true;
    for (int k : set) same = same && scene_.objects[k].label == label && !label.empty();
    what = same && set.size() != scene_.objects.size() ? label + "s" : "objects";
  }
  Answer a;
  a.kind = Answer::Kind::Count;
  a.unit = "";
  a.confidence = confidence(set);
  std::vector<int> hits;
  if (q.sub == "on" && surface >= 0) {
    for (int k : set)
      if (k != surface && on(k, surface)) hits.push_back(k);
    a.how = "objects whose box rests on the top of the " + scene_.objects[surface].name +
            "'s box or on a surface of its points";
  } else {
    hits = set;
    a.how = "objects named or labelled \"" + what + "\"";
  }
  for (int k : hits)
    a.referents.push_back(scene_.objects[k].name), a.drawings.push_back(box_drawing(k));
  a.value = static_cast<double>(hits.size());
  a.choice = std::to_string(hits.size());
  const std::string things =
      hits.size() == 1 && what.back() == 's' ? what.substr(0, what.size() - 1) : what;
  a.text = "There " + std::string(hits.size() == 1 ? "is " : "are ") + std::to_string(hits.size()) +
           " " + things +
           (q.sub == "on" && surface >= 0 ? " on the " + scene_.objects[surface].name : "") +
           (hits.empty() ? "." : ": " + join(a.referents) + ".");
  return a;
}

Answer SpatialReasoner::room(const Query& q) {
  if (scene_.cloud.empty())
    return unknown("The scene has no point cloud to measure the room from.");
  if (!room_) {
    std::vector<Eigen::Vector3d> cameras;
    for (const View& v : scene_.views)
      if (v.registered) cameras.push_back(v.center());
    room_ = room_extent(scene_.cloud, scene_.up, cameras);
  }
  const RoomExtent& r = *room_;
  Answer a;
  a.kind = Answer::Kind::Size;
  a.unit = unit();
  a.how =
      "extent of the point cloud between its 0.5th and 99.5th percentiles along up and the floor "
      "axes (" +
      std::to_string(r.points_used) + " points)";
  a.confidence = r.points_used > 1000 ? 0.9 : 0.5;
  Drawing box;
  box.kind = Drawing::Kind::Box;
  box.points = r.corners;
  box.label = "room";
  a.drawings.push_back(box);
  const std::string dims =
      fmt_len(r.length) + " by " + fmt_len(r.width) + ", " + fmt_len(r.height) + " high";
  if (q.sub == "height")
    a.value = out_len(r.height), a.text = "The room is " + fmt_len(r.height) + " high.";
  else if (q.sub == "length")
    a.value = out_len(r.length), a.text = "The room is " + fmt_len(r.length) + " long.";
  else if (q.sub == "width")
    a.value = out_len(r.width), a.text = "The room is " + fmt_len(r.width) + " wide.";
  else {
    const double area = out_len(out_len(r.length * r.width));
    a.value = area;
    a.unit = scene_.scale.metric ? "m^2" : "scene_units^2";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", area);
    a.text = "The room covers about " + std::string(buf) +
             (scene_.scale.metric ? " square metres" : " square scene units") + " (" + dims + ").";
  }
  if (!r.ceiling_seen && q.sub != "length" && q.sub != "width") {
    a.text += r.height_from_camera
                  ? " No ceiling was seen in the photos, so the height is that of the highest "
                    "camera above the floor (the room is at least this high)."
                  : " No ceiling was seen in the photos, so the height is that of the highest "
                    "things seen (the room is at least this high).";
    a.how += r.height_from_camera
                 ? "; no ceiling surface found at the top: up to the highest camera"
                 : "; no ceiling surface found at the top";
    a.confidence = std::min(a.confidence, 0.4);
  }
  if (!scene_.scale.metric)
    a.text += " The scale is not set, so this is in scene units: set the scale to get metres.";
  return a;
}

Answer SpatialReasoner::camera_motion(const Query& q) {
  const int i = q.cameras[0], j = q.cameras[1], n = static_cast<int>(scene_.views.size());
  if (i < 0 || j < 0 || i >= n || j >= n)
    return unknown("The scene has " + std::to_string(n) +
                   " photos (numbered from 1); I can't find photo " +
                   std::to_string((i < 0 || i >= n ? i : j) + 1) + ".");
  const Eigen::Vector3d ci = scene_.views[i].center(), cj = scene_.views[j].center();
  const double d = (cj - ci).norm();
  Answer a;
  a.kind = Answer::Kind::Distance;
  a.unit = unit();
  a.value = out_len(d);
  a.how = "distance between the camera centres of photos " + std::to_string(i + 1) + " and " +
          std::to_string(j + 1);
  a.text = "The camera moved " + fmt_len(d) + " between photo " + std::to_string(i + 1) +
           " and photo " + std::to_string(j + 1) + ".";
  if (!scene_.scale.metric)
    a.text += " The scale is not set, so this is in scene units: set the scale to get metres.";
  a.drawings = {frustum(i), frustum(j)};
  Drawing l;
  l.kind = Drawing::Kind::Arrow;
  l.points = {ci, cj};
  l.label = fmt_len(d);
  a.drawings.push_back(l);
  return a;
}

Answer SpatialReasoner::order(const Query& q, std::vector<int> objs) {
  if (objs.empty())
    for (size_t k = 0; k < scene_.objects.size(); ++k) objs.push_back(static_cast<int>(k));
  std::vector<std::pair<int, int>> seen;  // (first view, object)
  for (int k : objs) seen.push_back({first_view(k), k});
  std::stable_sort(seen.begin(), seen.end(), [](const auto& x, const auto& y) {
    return (x.first < 0 ? 1 << 30 : x.first) < (y.first < 0 ? 1 << 30 : y.first);
  });
  Answer a;
  a.kind = Answer::Kind::Choice;
  a.unit = "";
  a.confidence = confidence(objs);
  a.how = "index of the first photo in which each object is visible (video order)";
  std::vector<std::string> names;
  for (const auto& [v, k] : seen) names.push_back(scene_.objects[k].name);
  if (objs.size() == 1) {
    a.referents = names;
    a.choice = names[0];
    if (seen[0].first < 0) return unknown("The " + names[0] + " is not seen in any photo.");
    a.value = seen[0].first + 1;
    a.text =
        "The " + names[0] + " first appears in photo " + std::to_string(seen[0].first + 1) + ".";
    return a;
  }
  const bool ordering = std::count(q.tokens.begin(), q.tokens.end(), "order") > 0 ||
                        std::count(q.tokens.begin(), q.tokens.end(), "sequence") > 0;
  if (ordering) {
    a.choice = join(names, ", ");
    a.referents = names;
    a.text = "In order of first appearance: " + join(names, ", then ") + ".";
  } else {
    const auto& pick = q.sub == "last" ? seen.back() : seen.front();
    a.choice = scene_.objects[pick.second].name;
    a.referents = {a.choice};
    a.value = pick.first + 1;
    a.text = "The " + a.choice + " appears " + (q.sub == "last" ? "last" : "first") + " (photo " +
             std::to_string(pick.first + 1) + ").";
  }
  return a;
}

}  // namespace sl::spatial
