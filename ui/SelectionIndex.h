// The selection index a SelectionController builds per scene on a worker (private to ui/).
#pragma once
#include <memory>

#include "inference/objects/BoundaryPlanes.h"
#include "inference/objects/CloudIndex.h"
#include "inference/objects/RegionGraph.h"
#include "inference/objects/Selection.h"
#include "scene/Scene.h"
#include "ui/SelectionController.h"

namespace sl::ui {

struct SelectionController::Index {
  PointCloud cloud;  // xyz, rgb and normals of the scene's cloud when the index was made
  std::unique_ptr<objects::CloudIndex> tree;
  objects::GrowOptions grow;  // radius and the planes that stop growing
  objects::BoundaryPlanes planes;
  objects::RegionGraph graph;  // per scene: a click floods it (objects::grow_region)
  int generation = 0;
};

}  // namespace sl::ui
