// A DenseCache for a scene whose cloud already came from per-view depth (the feed-forward
// backend, or a scene file): the same re-filtering then applies to any backend's output.
#include <algorithm>

#include "inference/dense/DenseStereo.h"

namespace sl::dense {

DenseCache cache_from_scene(const Scene& scene, bool copy_points) {
  DenseCache cache;
  std::vector<float> far_depth(scene.views.size(), 0.f);
  for (size_t i = 0; i < scene.views.size(); ++i) {
    const View& v = scene.views[i];
    if (!v.registered || v.depth_m.empty()) continue;
    std::vector<float> d;
    for (auto it = v.depth_m.begin<float>(); it != v.depth_m.end<float>(); ++it)
      if (*it > 0) d.push_back(*it);
    if (d.empty()) continue;
    const size_t k = size_t(0.9 * double(d.size() - 1));
    std::nth_element(d.begin(), d.begin() + long(k), d.end());
    far_depth[i] = d[k];
    DenseViewData data;
    data.view_index = int(i);
    data.intrinsics = v.intrinsics.scaled(v.depth_m.cols, v.depth_m.rows);
    data.full_width = v.intrinsics.width;
    data.full_height = v.intrinsics.height;
    data.world_from_cam = v.world_from_cam;
    data.depth_m = v.depth_m;
    data.confidence = v.confidence;
    data.far_depth = far_depth[i];
    cache.views.push_back(std::move(data));
  }
  if (copy_points) cache.points = scene.cloud;
  const size_t n = scene.cloud.size();
  cache.outlier.assign(n, 0);
  cache.row_fraction.assign(n, 1.f);
  cache.far_fraction.assign(n, 0.f);
  if (!scene.cloud.has_source() || scene.cloud.source_pixel.empty()) return cache;
  for (size_t p = 0; p < n; ++p) {
    const int vi = scene.cloud.source_view[p];
    if (vi < 0 || size_t(vi) >= scene.views.size()) continue;
    const View& v = scene.views[size_t(vi)];
    if (v.intrinsics.height > 0)
      cache.row_fraction[p] = scene.cloud.source_pixel[p].y() / float(v.intrinsics.height);
    const float z = float((v.cam_from_world() * scene.cloud.xyz[p].cast<double>()).z());
    if (far_depth[size_t(vi)] > 0) cache.far_fraction[p] = z / far_depth[size_t(vi)];
  }
  return cache;
}

}  // namespace sl::dense
