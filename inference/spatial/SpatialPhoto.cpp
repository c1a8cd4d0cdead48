// Grounding answers in the photos: an object's outline in one photo (its points projected with
// the view's camera), whether that photo shows it at all, and which photos do.
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>

#include "inference/spatial/SpatialFrame.h"
#include "inference/spatial/SpatialReasoner.h"

namespace sl::spatial {
namespace {

constexpr size_t kMaxSamples = 4000;

double cross(const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return (a - o).x() * (b - o).y() - (a - o).y() * (b - o).x();
}

// World points standing for the object: its points (evenly subsampled), else its box's edges.
std::vector<Eigen::Vector3d> samples_of(const Scene& s, const SceneObject& o) {
  std::vector<Eigen::Vector3d> out;
  const auto& idx = o.point_indices;
  if (idx.size() >= 20) {
    const size_t step = std::max<size_t>(1, idx.size() / kMaxSamples);
    for (size_t i = 0; i < idx.size(); i += step)
      if (idx[i] < s.cloud.size()) out.push_back(s.cloud.xyz[idx[i]].cast<double>());
    if (!out.empty()) return out;
  }
  const auto c = o.box.corners();
  for (size_t a = 0; a < 8; ++a)
    for (size_t b = a + 1; b < 8; ++b) {
      const int differing = ((a ^ b) & 1) + (((a ^ b) >> 1) & 1) + (((a ^ b) >> 2) & 1);
      if (differing != 1) continue;  // corners() order: bit i = sign along axis i
      for (int k = 0; k <= 16; ++k) out.push_back(c[a] + (c[b] - c[a]) * (k / 16.0));
    }
  return out;
}

}  // namespace

std::vector<Eigen::Vector2d> convex_hull(std::vector<Eigen::Vector2d> p) {
  std::sort(p.begin(), p.end(), [](const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
  });
  p.erase(std::unique(p.begin(), p.end()), p.end());
  if (p.size() < 3) return p;
  std::vector<Eigen::Vector2d> h(2 * p.size());
  size_t k = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  for (size_t i = p.size() - 1, t = k + 1; i > 0; --i) {
    while (k >= t && cross(h[k - 2], h[k - 1], p[i - 1]) <= 0) --k;
    h[k++] = p[i - 1];
  }
  h.resize(k - 1);
  return h;
}

std::vector<Eigen::Vector2d> clip_to_rect(const std::vector<Eigen::Vector2d>& poly,
                                          const Eigen::Vector2d& lo, const Eigen::Vector2d& hi) {
  std::vector<Eigen::Vector2d> out = poly;
  for (int edge = 0; edge < 4 && !out.empty(); ++edge) {
    const int axis = edge % 2;
    const bool low = edge < 2;
    const double bound = low ? lo[axis] : hi[axis];
    auto inside = [&](const Eigen::Vector2d& q) {
      return low ? q[axis] >= bound : q[axis] <= bound;
    };
    std::vector<Eigen::Vector2d> in = std::move(out);
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
      const Eigen::Vector2d& a = in[i];
      const Eigen::Vector2d& b = in[(i + 1) % in.size()];
      if (inside(a)) out.push_back(a);
      if (inside(a) != inside(b)) {
        const double t = (bound - a[axis]) / (b[axis] - a[axis]);
        out.push_back(a + t * (b - a));
      }
    }
  }
  return out;
}

PhotoProjection project_object(const Scene& scene, const SceneObject& object, const View& view) {
  PhotoProjection r;
  const Intrinsics& K = view.intrinsics;
  if (!K.valid()) return r;
  const std::vector<Eigen::Vector3d> world = samples_of(scene, object);
  r.samples = world.size();
  const Eigen::Isometry3d cam_from_world = view.cam_from_world();
  const bool has_depth = !view.depth_m.empty() && view.depth_m.type() == CV_32F;
  const double sx = has_depth ? double(view.depth_m.cols) / K.width : 1,
               sy = has_depth ? double(view.depth_m.rows) / K.height : 1;
  const double near = 1e-6 * std::max(1.0, object.box.size.norm());
  std::vector<Eigen::Vector2d> front;
  for (const auto& p : world) {
    const Eigen::Vector3d pc = cam_from_world * p;
    if (pc.z() <= near) {
      ++r.behind;
      continue;
    }
    // Pinhole first; distortion only near the frame (its polynomial folds far points back in).
    Eigen::Vector2d uv(K.fx * pc.x() / pc.z() + K.cx, K.fy * pc.y() / pc.z() + K.cy);
    if (uv.x() > -0.5 * K.width && uv.x() < 1.5 * K.width && uv.y() > -0.5 * K.height &&
        uv.y() < 1.5 * K.height)
      uv = K.project(pc);
    front.push_back(uv);
    r.mean_offset += uv;
    const bool in =
        uv.x() >= -0.5 && uv.y() >= -0.5 && uv.x() <= K.width - 0.5 && uv.y() <= K.height - 0.5;
    if (!in) continue;
    ++r.in_frame;
    if (has_depth) {
      const int col = std::clamp(int(std::lround(uv.x() * sx)), 0, view.depth_m.cols - 1);
      const int row = std::clamp(int(std::lround(uv.y() * sy)), 0, view.depth_m.rows - 1);
      const float d = view.depth_m.at<float>(row, col);
      if (d > 0 && pc.z() > 1.05 * d + 0.02 * object.box.size.norm()) ++r.occluded;
    }
  }
  if (!front.empty()) r.mean_offset /= double(front.size());
  if (r.in_frame > 0)
    r.outline = clip_to_rect(convex_hull(front), Eigen::Vector2d(-0.5, -0.5),
                             Eigen::Vector2d(K.width - 0.5, K.height - 0.5));
  return r;
}

Answer SpatialReasoner::show_in_photo(const Query& q, const std::vector<int>& objs) {
  const int n_views = static_cast<int>(scene_.views.size());
  const int v = q.cameras.empty() ? -1 : q.cameras.front();
  if (v < 0 || v >= n_views)
    return unknown("There is no photo " + std::to_string(v + 1) + ": the scene has " +
                   std::to_string(n_views) + " photos, numbered from 1.");
  const View& view = scene_.views[v];
  const std::string photo = "photo " + std::to_string(v + 1);
  if (!view.registered || !view.intrinsics.valid())
    return unknown("I cannot outline anything in " + photo +
                   ": the reconstruction could not place that photo.");
  Answer a;
  a.kind = Answer::Kind::ShowInPhoto;
  a.unit = unit();
  a.view = v;
  a.image_width = view.intrinsics.width;
  a.image_height = view.intrinsics.height;
  a.confidence = confidence(objs);
  std::vector<std::string> shown, hidden;
  for (int o : objs) {
    const SceneObject& obj = scene_.objects[o];
    a.referents.push_back(obj.name);
    a.drawings.push_back(box_drawing(o));
    const PhotoProjection p = project_object(scene_, obj, view);
    PhotoOutline out;
    out.object = obj.name;
    out.in_frame = p.in_frame_fraction();
    std::string why;
    if (p.visible()) {
      out.polygon = p.outline;
      shown.push_back(obj.name);
      if (p.in_frame_fraction() < 0.9) why = "partly outside the frame";
      if (p.occluded * 2 > p.in_frame) why = "partly hidden";
    } else if (p.samples > 0 && p.behind == p.samples) {
      why = "it is behind that camera";
    } else if (p.in_frame == 0) {
      const Eigen::Vector2d c(view.intrinsics.width / 2.0, view.intrinsics.height / 2.0);
      const Eigen::Vector2d d = p.mean_offset - c;
      const std::string side =
          std::abs(d.x()) * view.intrinsics.height >= std::abs(d.y()) * view.intrinsics.width
              ? (d.x() < 0 ? "left" : "right")
              : (d.y() < 0 ? "top" : "bottom");
      why = "it is outside that photo's frame (off to the " + side + ")";
    } else {
      why = "it is hidden behind other things there";
    }
    if (!p.visible()) hidden.push_back("the " + obj.name + " (" + why + ")");
    a.outlines.push_back(out);
    if (p.visible() && !why.empty()) a.how += obj.name + " " + why + "; ";
  }
  // Which photos show them (all referents visible).
  for (int k = 0; k < n_views; ++k) {
    const View& other = scene_.views[k];
    if (!other.registered || !other.intrinsics.valid()) continue;
    bool all = true;
    for (int o : objs) all = all && project_object(scene_, scene_.objects[o], other).visible();
    if (all) a.visible_in.push_back(k);
  }
  a.drawings.push_back(frustum(v));
  std::vector<std::string> others;
  for (int k : a.visible_in)
    if (k != v) others.push_back(std::to_string(k + 1));
  const std::string them = objs.size() == 1 ? "it" : "them";
  const std::string also =
      others.empty() ? ""
                     : " Photo" + std::string(others.size() == 1 ? " " : "s ") + join(others) +
                           (others.size() == 1 ? " shows " : " show ") + them + " too.";
  if (!shown.empty()) {
    a.choice = "visible";
    a.text =
        "Here is the " + join(shown) + " in " + photo + " (outlined; photos are numbered from 1).";
    if (!hidden.empty()) a.text += " Not visible there: " + join(hidden) + ".";
    a.text += also;
  } else {
    a.choice = "not visible";
    a.text = "Not visible in " + photo + ": " + join(hidden) + ".";
    if (others.empty())
      a.text += " No photo shows " + them + " fully.";
    else
      a.text += " Photo" + std::string(others.size() == 1 ? " " : "s ") + join(others) +
                (others.size() == 1 ? " shows " : " show ") + them + ".";
  }
  a.how += "the object's points projected with " + photo +
           "'s camera (intrinsics and pose); outline = their convex hull clipped to the frame" +
           (view.depth_m.empty() ? "" : "; occlusion from the photo's depth map");
  return a;
}

}  // namespace sl::spatial
