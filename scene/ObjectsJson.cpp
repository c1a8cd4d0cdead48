#include "scene/ObjectsJson.h"

#include <cmath>

namespace sl {

namespace {
Eigen::Vector3d reference_x(const Eigen::Vector3d& up) {
  Eigen::Vector3d x = Eigen::Vector3d::UnitX() - up * up.x();
  if (x.norm() < 1e-6) x = Eigen::Vector3d::UnitY() - up * up.y();
  return x.normalized();
}
}  // namespace

Eigen::Matrix3d box_axes_from_yaw(const Eigen::Vector3d& up_in, double yaw_deg) {
  const Eigen::Vector3d up = up_in.normalized();
  const Eigen::Vector3d length = Eigen::AngleAxisd(yaw_deg * M_PI / 180.0, up) * reference_x(up);
  Eigen::Matrix3d axes;
  axes.col(0) = length;
  axes.col(1) = up.cross(length);
  axes.col(2) = up;
  return axes;
}

double yaw_deg_from_axes(const Eigen::Vector3d& up_in, const Eigen::Matrix3d& axes) {
  const Eigen::Vector3d up = up_in.normalized();
  const Eigen::Vector3d x = reference_x(up);
  const Eigen::Vector3d y = up.cross(x);
  const Eigen::Vector3d l = axes.col(0);
  double deg = std::atan2(l.dot(y), l.dot(x)) * 180.0 / M_PI;
  if (deg <= -180.0) deg += 360.0;
  return deg;
}

nlohmann::json objects_to_json(const Scene& scene) {
  const double s = scene.scale.metric ? scene.scale.meters_per_unit : 1.0;
  nlohmann::json out;
  out["up"] = {scene.up.x(), scene.up.y(), scene.up.z()};
  out["unit"] = scene.scale.metric ? "m" : "scene_units";
  out["objects"] = nlohmann::json::array();
  for (const auto& o : scene.objects) {
    const Eigen::Vector3d c = o.box.center * s;
    out["objects"].push_back(
        {{"name", o.name},
         {"label", o.label},
         {"center_m", {c.x(), c.y(), c.z()}},
         {"size_m", {o.box.size.x() * s, o.box.size.y() * s, o.box.size.z() * s}},
         {"yaw_deg", yaw_deg_from_axes(scene.up, o.box.axes)}});
  }
  return out;
}

std::vector<SceneObject> objects_from_json(const nlohmann::json& j, Eigen::Vector3d* up_out) {
  Eigen::Vector3d up = Eigen::Vector3d::UnitZ();
  if (j.contains("up")) {
    const auto u = j.at("up").get<std::vector<double>>();
    if (u.size() == 3) up = Eigen::Vector3d(u[0], u[1], u[2]).normalized();
  }
  if (up_out) *up_out = up;
  std::vector<SceneObject> out;
  int id = 0;
  for (const auto& jo : j.at("objects")) {
    SceneObject o;
    o.id = id++;
    o.name = jo.at("name").get<std::string>();
    o.label = jo.value("label", std::string());
    const auto c = jo.at("center_m").get<std::vector<double>>();
    const auto s = jo.at("size_m").get<std::vector<double>>();
    if (c.size() != 3 || s.size() != 3)
      throw IoError("objects JSON: object '" + o.name +
                    "' needs center_m and size_m with 3 numbers");
    o.box.center = Eigen::Vector3d(c[0], c[1], c[2]);
    o.box.size = Eigen::Vector3d(s[0], s[1], s[2]);
    o.box.axes = box_axes_from_yaw(up, jo.value("yaw_deg", 0.0));
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace sl
