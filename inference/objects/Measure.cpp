#include "inference/objects/Measure.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <iomanip>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <stdexcept>

#include "inference/objects/Boxes.h"

namespace sl::objects {

void set_scale_from_distance(Scene& scene, const Eigen::Vector3d& p1, const Eigen::Vector3d& p2,
                             double meters) {
  const double d = (p1 - p2).norm();
  if (!(d > 1e-12) || !(meters > 0) || !std::isfinite(meters))
    throw std::invalid_argument(
        "set scale: the two points must differ and the distance must be a positive number "
        "of metres");
  scene.scale.metric = true;
  scene.scale.meters_per_unit = meters / d;
}

void set_scale_from_object(Scene& scene, const SceneObject& object, int axis, double meters) {
  if (axis < 0 || axis > 2) throw std::invalid_argument("set scale: axis must be 0, 1 or 2");
  const double s = object.box.size[axis];
  if (!(s > 1e-12) || !(meters > 0))
    throw std::invalid_argument("set scale: object '" + object.name +
                                "' has an empty box or the size is not positive");
  scene.scale.metric = true;
  scene.scale.meters_per_unit = meters / s;
}

Measurement measure_distance(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  Measurement m;
  m.kind = Measurement::Kind::Distance;
  m.label = "distance";
  m.points = {a, b};
  m.value = (a - b).norm();
  return m;
}

Measurement measure_height(const Eigen::Vector3d& p, const Plane& floor) {
  Measurement m;
  m.kind = Measurement::Kind::Height;
  m.label = "height above floor";
  m.value = floor.signed_distance(p);
  m.points = {p, p - m.value * floor.normal()};
  return m;
}

Measurement measure_angle(const Eigen::Vector3d& a, const Eigen::Vector3d& v,
                          const Eigen::Vector3d& b) {
  Measurement m;
  m.kind = Measurement::Kind::Angle;
  m.label = "angle";
  m.points = {a, v, b};
  const Eigen::Vector3d x = a - v, y = b - v;
  m.value = std::atan2(x.cross(y).norm(), x.dot(y)) * 180.0 / M_PI;
  return m;
}

Measurement measure_area(const PointCloud& cloud, const std::vector<uint32_t>& idx) {
  Measurement m;
  m.kind = Measurement::Kind::Area;
  m.label = "area";
  if (idx.size() < 3) return m;
  Eigen::Vector3d c = Eigen::Vector3d::Zero();
  for (uint32_t i : idx) c += cloud.xyz[i].cast<double>();
  c /= static_cast<double>(idx.size());
  Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
  for (uint32_t i : idx) {
    const Eigen::Vector3d d = cloud.xyz[i].cast<double>() - c;
    cov += d * d.transpose();
  }
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es(cov);
  const Eigen::Vector3d e1 = es.eigenvectors().col(2), e2 = es.eigenvectors().col(1);
  std::vector<cv::Point2f> pts;
  pts.reserve(idx.size());
  for (uint32_t i : idx) {
    const Eigen::Vector3d d = cloud.xyz[i].cast<double>() - c;
    pts.emplace_back(static_cast<float>(d.dot(e1)), static_cast<float>(d.dot(e2)));
  }
  std::vector<cv::Point2f> hull;
  cv::convexHull(pts, hull);
  m.value = cv::contourArea(hull);
  m.points = {c};
  for (const auto& h : hull) m.points.push_back(c + e1 * h.x + e2 * h.y);
  return m;
}

Measurement measure_dimensions(const SceneObject& o) {
  Measurement m;
  m.kind = Measurement::Kind::Dimensions;
  m.label = "dimensions of " + o.name;
  m.value = o.box.size[0];
  m.points = {o.box.center, o.box.size};
  return m;
}

std::string format_measurement(const Scene& scene, const Measurement& m) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(4);
  const std::string u = scene.unit_name() == "m" ? "m" : "scene units";
  switch (m.kind) {
    case Measurement::Kind::Angle:
      s << m.value << " deg";
      break;
    case Measurement::Kind::Area: {
      const double k = scene.scale.metric ? scene.scale.meters_per_unit : 1.0;
      s << m.value * k * k << (scene.scale.metric ? " m^2" : " scene units^2");
      break;
    }
    case Measurement::Kind::Dimensions: {
      const Eigen::Vector3d d = m.points.size() > 1 ? m.points[1] : Eigen::Vector3d::Zero();
      s << scene.to_meters(d[0]) << " x " << scene.to_meters(d[1]) << " x " << scene.to_meters(d[2])
        << " " << u << " (length x width x height)";
      break;
    }
    default:
      s << scene.to_meters(m.value) << " " << u;
  }
  return s.str();
}

}  // namespace sl::objects
