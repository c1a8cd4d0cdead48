// Camera maths of the viewport, apart from event handling (Open3D's habit): an eye looking at a
// target with an up vector and a vertical field of view. Orbit turns about the scene up axis and
// the camera's right axis around the target; pan moves eye and target in the image plane; zoom
// scales the distance. Rays and projections use the same maths as the rendered camera, so picking
// needs no rendered frame.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>

#include "scene/Scene.h"

namespace sl::viewer {

struct Ray {
  Eigen::Vector3f origin;
  Eigen::Vector3f dir;  // unit
};

class OrbitCamera {
 public:
  Eigen::Vector3d eye{0, -3, 1};
  Eigen::Vector3d target{0, 0, 0};
  Eigen::Vector3d up{0, 0, 1};  // camera up (orthogonal to the view direction)
  Eigen::Vector3d scene_up{0, 0, 1};
  double vfov_deg = 45;
  double near_plane = 0.01, far_plane = 1000;

  Eigen::Vector3d forward() const { return (target - eye).normalized(); }
  Eigen::Vector3d right() const { return forward().cross(up).normalized(); }
  double distance() const { return (target - eye).norm(); }

  // Drag by (dx, dy) pixels in a view `height_px` tall.
  void orbit(double dx_px, double dy_px, double height_px);
  void pan(double dx_px, double dy_px, double height_px);
  // Wheel steps (positive: closer).
  void zoom(double steps);
  // Frames the box from a 3/4 view above, looking at its centre.
  void fit(const Eigen::AlignedBox3d& box);
  // The camera of a view: eye at its centre, looking along +z_cam, up = -y_cam, vertical field
  // of view from fy. `target_distance` places the orbit target in front of it.
  void lookThrough(const View& view, double target_distance);
  // Behind and slightly above the camera of a view, looking where it looks.
  void behind(const View& view, double back_distance, double target_distance);
  // Near/far planes that hold a scene of this size.
  void fitClipPlanes(const Eigen::AlignedBox3d& box);

  // Ray through the centre of widget pixel (x, y) in a w x h widget (y down).
  Ray rayThrough(double x, double y, int w, int h) const;
  // Widget pixel of a world point (y down); false when behind the camera.
  bool project(const Eigen::Vector3d& p, int w, int h, Eigen::Vector2d* px) const;

  static OrbitCamera interpolate(const OrbitCamera& a, const OrbitCamera& b, double t);

 private:
  void orthonormalize();
};

}  // namespace sl::viewer
