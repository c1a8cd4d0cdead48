#include "scene/CloudEdit.h"

namespace sl {

void keep_cloud_points(Scene& scene, const std::vector<uint32_t>& keep) {
  std::vector<int64_t> new_index(scene.cloud.size(), -1);
  for (size_t k = 0; k < keep.size(); ++k)
    if (keep[k] < new_index.size()) new_index[keep[k]] = int64_t(k);
  for (SceneObject& o : scene.objects) {
    std::vector<uint32_t> kept;
    kept.reserve(o.point_indices.size());
    for (uint32_t i : o.point_indices)
      if (i < new_index.size() && new_index[i] >= 0) kept.push_back(uint32_t(new_index[i]));
    o.point_indices = std::move(kept);
  }
  scene.cloud = scene.cloud.subset(keep);
}

}  // namespace sl
