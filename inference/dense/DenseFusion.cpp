// Fusion of per-view depth maps: a pixel becomes a point when enough neighbour depth maps
// agree with it (relative depth and reprojection error, COLMAP-style forward-backward check);
// then statistical outliers are flagged and normals estimated with Open3D.
#include <open3d/geometry/KDTreeSearchParam.h>
#include <open3d/geometry/PointCloud.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "inference/dense/DenseInternal.h"

namespace sl::dense {
namespace {

// Confidence factor for pixels that fail the geometric consistency check (<= 0.4 after it).
constexpr float kUnconfirmedFactor = 0.4f;

struct Cam {
  const DenseViewData* data;
  Eigen::Matrix3f R_cw;  // cam_from_world
  Eigen::Vector3f t_cw;
  Eigen::Matrix3f R_wc;
  Eigen::Vector3f t_wc;
  float fx, fy, cx, cy;
};

Cam make_cam(const DenseViewData& d) {
  Cam c;
  c.data = &d;
  const Eigen::Isometry3d cw = d.world_from_cam.inverse();
  c.R_cw = cw.linear().cast<float>();
  c.t_cw = cw.translation().cast<float>();
  c.R_wc = d.world_from_cam.linear().cast<float>();
  c.t_wc = d.world_from_cam.translation().cast<float>();
  c.fx = float(d.intrinsics.fx), c.fy = float(d.intrinsics.fy);
  c.cx = float(d.intrinsics.cx), c.cy = float(d.intrinsics.cy);
  return c;
}

}  // namespace

void fuse_dense(DenseCache& cache, const DenseOptions& options, JobContext& ctx) {
  cache.points.clear();
  cache.outlier.clear();
  cache.row_fraction.clear();
  cache.far_fraction.clear();
  std::map<int, size_t> by_view;
  std::vector<Cam> cams;
  for (size_t i = 0; i < cache.views.size(); ++i) {
    by_view[cache.views[i].view_index] = i;
    cams.push_back(make_cam(cache.views[i]));
  }
  PointCloud& pc = cache.points;
  pc.source_view.clear();  // attributes filled explicitly below
  for (size_t r = 0; r < cache.views.size(); ++r) {
    ctx.check_stop();
    const DenseViewData& ref = cache.views[r];
    const Cam& cr = cams[r];
    if (ref.depth_m.empty()) continue;
    std::vector<const Cam*> nbs;
    for (int nv : ref.neighbors) {
      auto it = by_view.find(nv);
      if (it != by_view.end() && !cache.views[it->second].depth_m.empty())
        nbs.push_back(&cams[it->second]);
    }
    const int need = std::min<int>(options.min_consistent_views, int(nbs.size()));
    if (need <= 0) continue;
    const int H = ref.depth_m.rows, W = ref.depth_m.cols;
    for (int v = 0; v < H; ++v) {
      const float* drow = ref.depth_m.ptr<float>(v);
      float* crow = cache.views[r].confidence.ptr<float>(v);
      for (int u = 0; u < W; ++u) {
        const float d = drow[u];
        if (d <= 0 || crow[u] < options.min_confidence) continue;
        const Eigen::Vector3f Xc((float(u) - cr.cx) / cr.fx * d, (float(v) - cr.cy) / cr.fy * d, d);
        const Eigen::Vector3f Xw = cr.R_wc * Xc + cr.t_wc;
        // A neighbour agrees (its depth there reprojects onto this pixel at this depth), sees
        // past the point (its surface lies farther: the point would be in front of what it saw),
        // or cannot tell (outside its image, no depth, or the point is hidden behind its surface).
        int agree = 0, see_past = 0;
        for (const Cam* cn : nbs) {
          const Eigen::Vector3f Xn = cn->R_cw * Xw + cn->t_cw;
          if (Xn.z() <= 0) continue;
          const float un = cn->fx * Xn.x() / Xn.z() + cn->cx,
                      vn = cn->fy * Xn.y() / Xn.z() + cn->cy;
          const int iu = int(std::lround(un)), iv = int(std::lround(vn));
          const cv::Mat& dn = cn->data->depth_m;
          if (iu < 0 || iv < 0 || iu >= dn.cols || iv >= dn.rows) continue;
          float d2 = dn.at<float>(iv, iu);
          if (d2 <= 0) continue;
          // The neighbour's depth at the projection itself, where the four pixels around it lie
          // on one surface: a surface seen at a grazing angle changes depth by ~1% a pixel, as
          // much as the tolerance, so the nearest pixel's depth disagreed with a right point.
          float pu = float(iu), pv = float(iv);
          if (options.fusion_interpolate) {
            const float fu = std::floor(un), fv = std::floor(vn);
            const int u0 = int(fu), v0 = int(fv);
            if (u0 >= 0 && v0 >= 0 && u0 + 1 < dn.cols && v0 + 1 < dn.rows) {
              const float a = dn.at<float>(v0, u0), b = dn.at<float>(v0, u0 + 1),
                          c = dn.at<float>(v0 + 1, u0), e = dn.at<float>(v0 + 1, u0 + 1);
              const float lo = std::min({a, b, c, e}), hi = std::max({a, b, c, e});
              if (lo > 0 && hi - lo <= options.fusion_interpolate_rel * lo) {
                // Inverse depth: affine in the image over a plane, so exact on one.
                const float wu = un - fu, wv = vn - fv;
                d2 = 1.f / ((1 - wv) * ((1 - wu) / a + wu / b) + wv * ((1 - wu) / c + wu / e));
                pu = un;
                pv = vn;
              }
            }
          }
          if (d2 > Xn.z() * (1 + options.max_rel_depth_error)) {
            ++see_past;
            continue;
          }
          const Eigen::Vector3f Xn2((pu - cn->cx) / cn->fx * d2, (pv - cn->cy) / cn->fy * d2, d2);
          const Eigen::Vector3f Xr = cr.R_cw * (cn->R_wc * Xn2 + cn->t_wc) + cr.t_cw;
          if (Xr.z() <= 0) continue;
          const float ur = cr.fx * Xr.x() / Xr.z() + cr.cx, vr = cr.fy * Xr.y() / Xr.z() + cr.cy;
          const float e2 = (ur - float(u)) * (ur - float(u)) + (vr - float(v)) * (vr - float(v));
          if (e2 > options.max_reproj_error_px * options.max_reproj_error_px) continue;
          if (std::abs(Xr.z() - d) > options.max_rel_depth_error * d) continue;
          ++agree;
        }
        // A surface only some neighbours can see needs only those to agree (and at least one).
        if (agree < std::max(1, std::min(need, agree + see_past))) {
          // Not confirmed by the neighbours: the depth map keeps it, with a low confidence.
          crow[u] *= kUnconfirmedFactor;
          continue;
        }
        const cv::Vec3b bgr = ref.image_bgr.at<cv::Vec3b>(v, u);
        pc.xyz.push_back(Xw);
        pc.rgb.push_back({bgr[2], bgr[1], bgr[0]});
        pc.confidence.push_back(crow[u]);
        pc.source_view.push_back(ref.view_index);
        // Source pixel in the view's full-resolution pixel coordinates (View::intrinsics).
        pc.source_pixel.push_back(photo_pixel(ref, float(u), float(v)));
        cache.row_fraction.push_back(float(v) / float(H));
        cache.far_fraction.push_back(ref.far_depth > 0 ? d / ref.far_depth : 0.f);
      }
    }
  }
  cache.outlier.assign(pc.size(), 0);
  if (pc.empty()) return;
  ctx.check_stop();

  open3d::geometry::PointCloud o3d;
  o3d.points_.reserve(pc.size());
  for (const auto& p : pc.xyz) o3d.points_.push_back(p.cast<double>());
  if (options.sor_neighbors > 0 && pc.size() > size_t(options.sor_neighbors) + 1) {
    auto [kept, idx] =
        o3d.RemoveStatisticalOutliers(size_t(options.sor_neighbors), options.sor_std_ratio);
    (void)kept;
    std::fill(cache.outlier.begin(), cache.outlier.end(), uint8_t(1));
    for (size_t i : idx) cache.outlier[i] = 0;
  }
  ctx.check_stop();
  if (options.estimate_normals && pc.size() >= 3) {
    o3d.EstimateNormals(open3d::geometry::KDTreeSearchParamKNN(16));
    pc.normals.resize(pc.size());
    for (size_t i = 0; i < pc.size(); ++i) {
      Eigen::Vector3f n = o3d.normals_[i].cast<float>();
      const Cam& c = cams[by_view[pc.source_view[i]]];
      if (n.dot(c.t_wc - pc.xyz[i]) < 0) n = -n;
      pc.normals[i] = n;
    }
  }
}

}  // namespace sl::dense
