// Internal to the spatial reasoner: the viewpoint frame used for left/right/front/behind
// (from a camera, the current view, or standing at one object facing another).
#pragma once
#include <Eigen/Geometry>
#include <string>
#include <vector>

#include "inference/spatial/QuestionParser.h"
#include "inference/spatial/SpatialTypes.h"
#include "scene/Scene.h"

namespace sl::spatial {

struct Frame {
  Eigen::Vector3d origin = Eigen::Vector3d::Zero();
  Eigen::Vector3d right = Eigen::Vector3d::UnitX(), forward = Eigen::Vector3d::UnitY();
  std::string desc;
  int view = -1;
  bool standing = false;
  bool ok = true;
};

inline Eigen::Vector3d horizontal(const Eigen::Vector3d& v, const Eigen::Vector3d& up) {
  Eigen::Vector3d h = v - up * v.dot(up);
  return h.norm() > 1e-9 ? h.normalized() : Eigen::Vector3d(v.normalized());
}

inline Frame camera_frame(const Scene& s, const Eigen::Isometry3d& world_from_cam,
                          const std::string& desc) {
  Frame f;
  const Eigen::Matrix3d R = world_from_cam.linear();
  f.origin = world_from_cam.translation();
  // OpenCV camera: x right, z forward; left/right from the camera's x axis, front/behind
  // from its viewing direction flattened onto the floor (so a tilted camera still works).
  f.forward = horizontal(R.col(2), s.up);
  f.right = horizontal(R.col(0), s.up);
  f.desc = desc;
  return f;
}

inline Frame make_frame(const Scene& s, const Viewpoint& vp, const Context& ctx) {
  Frame f;
  if (vp.kind == Viewpoint::Kind::Standing) {
    f.origin = s.objects[vp.at].box.center;
    f.forward = horizontal(s.objects[vp.facing].box.center - f.origin, s.up);
    f.right = f.forward.cross(s.up);
    f.standing = true;
    f.desc =
        "standing at the " + s.objects[vp.at].name + " facing the " + s.objects[vp.facing].name;
    return f;
  }
  if (vp.kind == Viewpoint::Kind::Camera) {
    if (vp.camera < 0 || vp.camera >= static_cast<int>(s.views.size())) {
      f.ok = false;
      f.desc = "there is no camera " + std::to_string(vp.camera + 1) + " (the scene has " +
               std::to_string(s.views.size()) + " photos, numbered from 1)";
      return f;
    }
    f = camera_frame(s, s.views[vp.camera].world_from_cam,
                     "seen from camera " + std::to_string(vp.camera + 1));
    f.view = vp.camera;
    return f;
  }
  if (ctx.current_pose) {
    Eigen::Isometry3d T(*ctx.current_pose);
    return camera_frame(s, T, "seen from the current view");
  }
  int v = ctx.current_view >= 0 && ctx.current_view < static_cast<int>(s.views.size())
              ? ctx.current_view
          : s.views.empty() ? -1
                            : 0;
  if (v < 0) {
    f.forward = horizontal(Eigen::Vector3d::UnitY(), s.up);
    f.right = f.forward.cross(s.up);
    f.desc = "seen along the scene's y axis (no cameras)";
    return f;
  }
  f = camera_frame(s, s.views[v].world_from_cam,
                   "seen from camera " + std::to_string(v + 1) +
                       (ctx.current_view >= 0 ? " (current view)" : ""));
  f.view = v;
  return f;
}

inline std::string join(const std::vector<std::string>& v, const std::string& last_sep = " and ") {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i)
    s += (i == 0 ? "" : i + 1 == v.size() ? last_sep : ", ") + v[i];
  return s;
}

}  // namespace sl::spatial
