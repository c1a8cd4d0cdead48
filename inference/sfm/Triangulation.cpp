#include "inference/sfm/Triangulation.h"

#include <Eigen/SVD>
#include <cmath>

namespace sl::sfm {

bool triangulate_dlt(const Eigen::Isometry3d& T1, const Eigen::Vector2d& x1,
                     const Eigen::Isometry3d& T2, const Eigen::Vector2d& x2, Eigen::Vector3d& X) {
  const Eigen::Matrix<double, 3, 4> P1 = T1.matrix().topRows<3>();
  const Eigen::Matrix<double, 3, 4> P2 = T2.matrix().topRows<3>();
  Eigen::Matrix4d A;
  A.row(0) = x1.x() * P1.row(2) - P1.row(0);
  A.row(1) = x1.y() * P1.row(2) - P1.row(1);
  A.row(2) = x2.x() * P2.row(2) - P2.row(0);
  A.row(3) = x2.y() * P2.row(2) - P2.row(1);
  Eigen::JacobiSVD<Eigen::Matrix4d> svd(A, Eigen::ComputeFullV);
  const Eigen::Vector4d h = svd.matrixV().col(3);
  if (std::abs(h.w()) < 1e-12) return false;
  X = h.head<3>() / h.w();
  return (T1 * X).z() > 0 && (T2 * X).z() > 0;
}

double triangulation_angle(const Eigen::Vector3d& c1, const Eigen::Vector3d& c2,
                           const Eigen::Vector3d& X) {
  const Eigen::Vector3d a = (X - c1).normalized(), b = (X - c2).normalized();
  return std::acos(std::clamp(a.dot(b), -1.0, 1.0));
}

void remove_point(MapModel& model, int point) {
  MapPoint& p = model.points[point];
  for (const auto& [img, kp] : p.obs) model.point_of[img][kp] = -1;
  p.obs.clear();
  if (p.track >= 0 && model.point_of_track[p.track] == point) model.point_of_track[p.track] = -1;
}

namespace {

// Best pair of registered observations of a track (largest angle) triangulated; true when the
// result passes the checks. `must_include` (>= 0) restricts pairs to those with that image.
bool triangulate_track(const MapModel& model, const std::vector<std::pair<int, int>>& obs,
                       int must_include, const MapperOptions& opt, Eigen::Vector3d& best_X) {
  const double min_angle = opt.min_tri_angle_deg * M_PI / 180.0;
  double best_angle = -1;
  std::vector<int> idx;
  for (int k = 0; k < int(obs.size()); ++k)
    if (model.registered[obs[k].first]) idx.push_back(k);
  if (idx.size() < 2) return false;
  const int max_pairs = 12;
  int tried = 0;
  for (size_t a = 0; a < idx.size() && tried < max_pairs; ++a) {
    for (size_t b = a + 1; b < idx.size() && tried < max_pairs; ++b) {
      const auto& [ia, ka] = obs[idx[a]];
      const auto& [ib, kb] = obs[idx[b]];
      if (must_include >= 0 && ia != must_include && ib != must_include) continue;
      ++tried;
      Eigen::Vector3d X;
      const Eigen::Isometry3d Ta = model.cam_from_world(ia), Tb = model.cam_from_world(ib);
      if (!triangulate_dlt(Ta, model.normalize(ia, model.keypoint(ia, ka)), Tb,
                           model.normalize(ib, model.keypoint(ib, kb)), X))
        continue;
      const double angle = triangulation_angle(model.center(ia), model.center(ib), X);
      if (angle < min_angle || angle <= best_angle) continue;
      if (model.reprojection_error(ia, ka, X) > opt.max_reproj_px ||
          model.reprojection_error(ib, kb, X) > opt.max_reproj_px)
        continue;
      best_angle = angle;
      best_X = X;
    }
  }
  return best_angle >= 0;
}

int add_point(MapModel& model, const Tracks& tracks, int track, const Eigen::Vector3d& X,
              const MapperOptions& opt) {
  MapPoint p;
  p.xyz = X;
  p.track = track;
  for (const auto& [img, kp] : tracks.tracks[track]) {
    if (!model.registered[img] || model.point_of[img][kp] >= 0) continue;
    if (model.reprojection_error(img, kp, X) > opt.max_reproj_px) continue;
    p.obs.emplace_back(img, kp);
  }
  if (p.obs.size() < 2) return -1;
  const int id = int(model.points.size());
  for (const auto& [img, kp] : p.obs) model.point_of[img][kp] = id;
  model.point_of_track[track] = id;
  model.points.push_back(std::move(p));
  return id;
}

}  // namespace

int triangulate_image(MapModel& model, const Tracks& tracks, int image, const MapperOptions& opt) {
  int added = 0;
  auto handle_track = [&](int t, int must) {
    const int pid = model.point_of_track[t];
    if (pid >= 0) {
      // Already a point: attach registered observations that agree with it.
      MapPoint& p = model.points[pid];
      for (const auto& [img, kp] : tracks.tracks[t]) {
        if (!model.registered[img] || model.point_of[img][kp] >= 0) continue;
        if (model.reprojection_error(img, kp, p.xyz) > opt.max_reproj_px) continue;
        p.obs.emplace_back(img, kp);
        model.point_of[img][kp] = pid;
      }
      return;
    }
    Eigen::Vector3d X;
    if (triangulate_track(model, tracks.tracks[t], must, opt, X) &&
        add_point(model, tracks, t, X, opt) >= 0)
      ++added;
  };
  if (image >= 0) {
    const auto& tof = tracks.track_of[image];
    for (int kp = 0; kp < int(tof.size()); ++kp)
      if (tof[kp] >= 0) handle_track(tof[kp], image);
  } else {
    for (int t = 0; t < int(tracks.tracks.size()); ++t) handle_track(t, -1);
  }
  return added;
}

int complete_tracks(MapModel& model, const Tracks& tracks, const MapperOptions& opt) {
  int added = 0;
  for (int pid = 0; pid < int(model.points.size()); ++pid) {
    MapPoint& p = model.points[pid];
    if (!p.alive() || p.track < 0) continue;
    for (const auto& [img, kp] : tracks.tracks[p.track]) {
      if (!model.registered[img] || model.point_of[img][kp] >= 0) continue;
      if (model.reprojection_error(img, kp, p.xyz) > opt.max_reproj_px) continue;
      p.obs.emplace_back(img, kp);
      model.point_of[img][kp] = pid;
      ++added;
    }
  }
  return added;
}

int filter_points(MapModel& model, const MapperOptions& opt) {
  int removed = 0;
  const double min_angle = opt.min_tri_angle_deg * M_PI / 180.0;
  for (int pid = 0; pid < int(model.points.size()); ++pid) {
    MapPoint& p = model.points[pid];
    if (!p.alive()) continue;
    std::vector<std::pair<int, int>> keep;
    double sum = 0;
    for (const auto& o : p.obs) {
      const double e = model.reprojection_error(o.first, o.second, p.xyz);
      if (e > opt.max_reproj_px) {
        model.point_of[o.first][o.second] = -1;
        ++removed;
        continue;
      }
      sum += e;
      keep.push_back(o);
    }
    p.obs = std::move(keep);
    if (p.obs.size() < 2) {
      removed += int(p.obs.size());
      remove_point(model, pid);
      continue;
    }
    p.error_px = sum / double(p.obs.size());
    double max_angle = 0;
    const Eigen::Vector3d c0 = model.center(p.obs[0].first);
    for (size_t k = 1; k < p.obs.size() && max_angle < min_angle; ++k)
      max_angle = std::max(max_angle, triangulation_angle(c0, model.center(p.obs[k].first), p.xyz));
    if (max_angle < min_angle) {
      removed += int(p.obs.size());
      remove_point(model, pid);
    }
  }
  return removed;
}

}  // namespace sl::sfm
