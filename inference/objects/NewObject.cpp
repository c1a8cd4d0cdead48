#include "inference/objects/NewObject.h"

#include <algorithm>
#include <set>

#include "inference/objects/Boxes.h"
#include "inference/objects/CameraLook.h"
#include "inference/objects/Proposals.h"

namespace sl::objects {

std::string unique_object_name(const Scene& scene, const std::string& wanted, int except,
                               bool always_number) {
  std::set<std::string> used;
  for (size_t i = 0; i < scene.objects.size(); ++i)
    if (int(i) != except) used.insert(scene.objects[i].name);
  if (!always_number && !used.count(wanted)) return wanted;
  for (int k = always_number ? 1 : 2;; ++k) {
    const std::string n = wanted + " " + std::to_string(k);
    if (!used.count(n)) return n;
  }
}

SceneObject object_from_points(const Scene& scene, std::vector<uint32_t> points,
                               const std::string& name, const std::string& label,
                               const FloorContact& floor) {
  SceneObject o;
  for (const auto& other : scene.objects) o.id = std::max(o.id, other.id);
  o.id += 1;
  o.name = name;
  o.label = label;
  o.box = fit_upright_box(scene.cloud.xyz, points, scene.up);
  if (floor.plane && !points.empty()) {
    const Eigen::Vector3d up = scene.up.normalized();
    const Eigen::Vector3d foot = o.box.center - 0.5 * o.box.size[2] * up;
    const double dist = floor.plane->head<3>().dot(foot) + (*floor.plane)[3];
    extend_to_support(o.box, up, foot.dot(up) - dist, 3.0 * floor.band);
  }
  o.point_indices = std::move(points);
  o.views = views_seeing(scene, o.box.center);
  return o;
}

}  // namespace sl::objects
