#include "inference/objects/Labels.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "inference/objects/BoundaryPlanes.h"
#include "inference/objects/Boxes.h"
#include "inference/objects/NewObject.h"
#include "inference/objects/ViewVisibility.h"

namespace sl::objects {
namespace {

// A detection lifted to 3D that fills no existing object: a candidate new object.
struct Candidate {
  std::string label;
  std::vector<uint32_t> points;  // sorted
  std::set<int> views;
  double score = 0;
};

double overlap(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> inter;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(inter));
  const size_t smaller = std::min(a.size(), b.size());
  return smaller ? double(inter.size()) / double(smaller) : 0;
}

bool auto_named(const SceneObject& o) {
  return o.name.empty() || o.name.rfind("object ", 0) == 0;
}

}  // namespace

LabelReport fuse_detections(Scene& scene, const std::vector<ViewDetections>& all,
                            const LabelOptions& o) {
  LabelReport rep;
  const size_t n_obj = scene.objects.size();
  // Which object each cloud point belongs to (the first one listing it).
  std::vector<int> owner(scene.cloud.size(), -1);
  for (size_t k = 0; k < n_obj; ++k)
    for (uint32_t i : scene.objects[k].point_indices)
      if (i < owner.size() && owner[i] < 0) owner[i] = int(k);

  std::vector<std::map<std::string, double>> votes(n_obj);
  std::vector<std::map<std::string, std::set<int>>> vote_views(n_obj);
  std::vector<Candidate> candidates;
  for (const ViewDetections& vd : all) {
    if (vd.view < 0 || size_t(vd.view) >= scene.views.size() || vd.detections.empty()) continue;
    const View& view = scene.views[size_t(vd.view)];
    if (!view.registered || !view.intrinsics.valid() || vd.image_size.area() <= 0) continue;
    const ViewVisibility vis(scene, vd.view, vd.image_size.width, vd.image_size.height, 0.03);
    // What the view sees: pixel and depth per visible point, and per object its visible count.
    std::vector<uint32_t> seen;
    std::vector<cv::Point> px;
    std::vector<float> depth;
    std::vector<size_t> visible_of(n_obj, 0);
    for (size_t i = 0; i < scene.cloud.size(); ++i) {
      cv::Point p;
      double z;
      if (!vis.visible(scene.cloud.xyz[i], p, &z)) continue;
      seen.push_back(uint32_t(i));
      px.push_back(p);
      depth.push_back(float(z));
      if (owner[i] >= 0) ++visible_of[size_t(owner[i])];
    }
    for (const Detection& d : vd.detections) {
      ++rep.detections;
      const float sx = float(o.box_shrink) * d.box.width, sy = float(o.box_shrink) * d.box.height;
      const cv::Rect2f box(d.box.x + sx, d.box.y + sy, d.box.width - 2 * sx, d.box.height - 2 * sy);
      std::vector<size_t> in;  // indices into seen
      std::vector<size_t> inside_of(n_obj, 0);
      for (size_t k = 0; k < seen.size(); ++k) {
        if (!box.contains(cv::Point2f(float(px[k].x), float(px[k].y)))) continue;
        in.push_back(k);
        if (owner[seen[k]] >= 0) ++inside_of[size_t(owner[seen[k]])];
      }
      if (in.size() < o.min_points) continue;
      // The object that fills the box most, among those mostly inside it.
      int best = -1;
      for (size_t k = 0; k < n_obj; ++k) {
        if (visible_of[k] < o.min_points) continue;
        if (double(inside_of[k]) < o.object_inside * double(visible_of[k])) continue;
        if (best < 0 || inside_of[k] > inside_of[size_t(best)]) best = int(k);
      }
      if (best >= 0) {
        const double share = double(inside_of[size_t(best)]) / double(in.size());
        votes[size_t(best)][d.label] += double(d.score) * std::max(0.2, share);
        vote_views[size_t(best)][d.label].insert(vd.view);
        continue;
      }
      // No object: the foreground of the box (near its nearest depth quartile, off the floor
      // and walls) is a candidate.
      std::vector<float> dz;
      for (size_t k : in) dz.push_back(depth[k]);
      std::nth_element(dz.begin(), dz.begin() + dz.size() / 4, dz.end());
      const float near = dz[dz.size() / 4];
      Candidate c;
      c.label = d.label;
      c.views.insert(vd.view);
      c.score = d.score;
      const auto on_boundary = [&](uint32_t i) {
        const Eigen::Vector3d p = scene.cloud.xyz[i].cast<double>();
        for (const auto& pl : o.stop_planes)
          if (std::abs(pl.head<3>().dot(p) + pl[3]) <= o.plane_distance) return true;
        return false;
      };
      for (size_t k : in)
        if (depth[k] <= near * float(1 + o.depth_band) && owner[seen[k]] < 0 &&
            !on_boundary(seen[k]))
          c.points.push_back(seen[k]);
      std::sort(c.points.begin(), c.points.end());
      if (c.points.size() < o.min_points) continue;
      // Merge with a candidate of the same label that overlaps it (the same thing, another view).
      bool merged = false;
      for (Candidate& e : candidates) {
        if (e.label != c.label || overlap(e.points, c.points) < o.merge_overlap) continue;
        std::vector<uint32_t> u;
        std::set_union(e.points.begin(), e.points.end(), c.points.begin(), c.points.end(),
                       std::back_inserter(u));
        e.points = std::move(u);
        e.views.insert(vd.view);
        e.score += c.score;
        merged = true;
        break;
      }
      if (!merged) candidates.push_back(std::move(c));
    }
  }

  // Existing objects: the label with the most votes among those enough views agree on.
  const int min_views = scene.views.size() < 3 ? 1 : o.min_views;
  for (size_t k = 0; k < n_obj; ++k) {
    SceneObject& obj = scene.objects[k];
    if (!obj.label.empty() && !o.relabel_named) continue;
    std::string best;
    double best_votes = 0;
    for (const auto& [label, v] : votes[k])
      if (int(vote_views[k][label].size()) >= min_views && v > best_votes) {
        best = label;
        best_votes = v;
      }
    if (best.empty()) continue;
    const size_t nviews = vote_views[k][best].size();
    obj.label = best;
    if (auto_named(obj)) obj.name = unique_object_name(scene, best, -1, true);
    ++rep.labelled;
    rep.notes.push_back(obj.name + ": " + best + " (" + std::to_string(nviews) +
                        (nviews == 1 ? " view)" : " views)"));
  }
  // New objects where enough views agree.
  for (Candidate& c : candidates) {
    if (int(c.views.size()) < min_views) continue;
    SceneObject obj = object_from_points(scene, std::move(c.points),
                                         unique_object_name(scene, c.label, -1, true), c.label);
    obj.views.assign(c.views.begin(), c.views.end());
    rep.notes.push_back(obj.name + ": new, " + std::to_string(obj.views.size()) + " views");
    scene.objects.push_back(std::move(obj));
    ++rep.created;
  }
  return rep;
}

LabelReport label_with_detector(Scene& scene, Detector& detector,
                                const std::function<cv::Mat(int view)>& load_photo,
                                const DetectorOptions& detect, const LabelOptions& options) {
  std::vector<ViewDetections> all;
  std::vector<std::string> unreadable;
  for (size_t v = 0; v < scene.views.size(); ++v) {
    if (!scene.views[v].registered) continue;
    const cv::Mat img = load_photo(int(v));
    if (img.empty()) {
      unreadable.push_back(scene.views[v].name.empty() ? "view " + std::to_string(v + 1)
                                                       : scene.views[v].name);
      continue;
    }
    all.push_back({int(v), img.size(), detector.detect(img, detect)});
  }
  LabelOptions o = options;
  if (o.stop_planes.empty()) {
    const BoundaryPlanes planes = find_boundary_planes(scene.cloud, scene.up);
    o.stop_planes = planes.all();
    o.plane_distance = planes.distance;
  }
  LabelReport rep = fuse_detections(scene, all, o);
  for (const auto& n : unreadable) rep.notes.push_back(n + ": photo unreadable, skipped");
  return rep;
}

}  // namespace sl::objects
