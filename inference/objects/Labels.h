// Labels for objects from a 2D detector run on the photos: each detection box is lifted to 3D
// through its view (the cloud points the view sees inside it), votes for the object that fills
// it, and detections that match no object become new objects when several views agree.
#pragma once
#include <Eigen/Core>
#include <functional>
#include <string>
#include <vector>

#include "inference/objects/Detector.h"
#include "scene/Scene.h"

namespace sl::objects {

// One photo's detections; boxes in pixels of an image of `image_size` (scaled to the view).
struct ViewDetections {
  int view = -1;
  cv::Size image_size;
  std::vector<Detection> detections;
};

struct LabelOptions {
  double box_shrink = 0.05;    // boxes are shrunk by this share per side before lifting
  double object_inside = 0.5;  // an object is in a box when this share of what the view sees
                               // of it falls inside
  size_t min_points = 20;      // fewer lifted points: the detection is ignored
  int min_views = 2;           // views that must agree before an object is labelled or made
                               // (1 when the scene has fewer than 3 views)
  double merge_overlap = 0.3;  // detections of one label merge when their point sets overlap so
                               // much (share of the smaller set)
  double depth_band = 0.25;    // new objects: lifted points within this share beyond the nearest
                               // depth quartile of the box (the foreground thing)
  bool relabel_named = false;  // also relabel objects that already have a label
  // The scene's floor and walls (find_boundary_planes): their points are never part of a new
  // object. label_with_detector finds them when this is empty.
  std::vector<Eigen::Vector4d> stop_planes;
  double plane_distance = 0;
};

struct LabelReport {
  size_t detections = 0;           // detections looked at
  size_t labelled = 0;             // existing objects given a label
  size_t created = 0;              // new objects
  std::vector<std::string> notes;  // per object: what it got and from how many views
};

// Updates scene.objects (labels; auto names "object N" become "<label> N"; new objects appended
// with their points, upright box and views).
LabelReport fuse_detections(Scene& scene, const std::vector<ViewDetections>& detections,
                            const LabelOptions& options = {});

// Runs `detector` on every registered view's photo (`load_photo(view)`: BGR, empty when it cannot
// be read; those views are skipped and named in the report) and fuses the results.
LabelReport label_with_detector(Scene& scene, Detector& detector,
                                const std::function<cv::Mat(int view)>& load_photo,
                                const DetectorOptions& detect = {},
                                const LabelOptions& options = {});

}  // namespace sl::objects
