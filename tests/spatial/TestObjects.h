// Hand-made objects for the spatial tests: a named, labelled axis-aligned box without points.
#pragma once
#include <string>

#include "scene/Scene.h"

namespace sl::test {

inline SceneObject box_object(const std::string& name, const std::string& label,
                              const Eigen::Vector3d& centre, const Eigen::Vector3d& size) {
  SceneObject o;
  o.name = name;
  o.label = label;
  o.box.center = centre;
  o.box.size = size;
  return o;
}

}  // namespace sl::test
