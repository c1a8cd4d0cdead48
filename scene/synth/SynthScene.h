// Deterministic procedural indoor scenes with exact ground truth (the test oracle and the
// bundled sample). World frame: +z up, floor at z = 0, metres (Scene::scale is metric, 1.0).
#pragma once
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl::synth {

struct SynthOptions {
  int seed = 1;
  int views = 12;
  int width = 640;
  int height = 480;
  int cloud_points = 250000;  // ground-truth cloud densely sampling the true surfaces
};

struct SynthResult {
  Scene scene;                  // views (intrinsics, world_from_cam, depth_m), GT cloud, objects
  std::vector<cv::Mat> images;  // CV_8UC3 BGR photos, one per view
  // Per view, CV_32S: index into scene.objects, or a negative id: -1 nothing, -2 floor,
  // -3 ceiling, -4..-7 walls (-x, +x, -y, +y).
  std::vector<cv::Mat> object_ids;
  Eigen::Vector3d room_size_m = Eigen::Vector3d::Zero();  // the room spans [0, size] per axis
  // Object a given object stands on (index into scene.objects), -1 = the floor.
  std::vector<int> supported_by;
};

// Same seed and options -> bit-identical output on every machine.
SynthResult make_synthetic_scene(const SynthOptions& options);

// Writes DIR/images/*.png, DIR/depth/<name>.tiff (32-bit float depth in metres),
// DIR/ground_truth/sparse/{cameras,images,points3D}.txt, DIR/ground_truth/objects.json,
// DIR/scene.scenelens (views + GT cloud + objects, images referenced relative to DIR).
void write_synthetic_scene(const SynthResult& result, const std::string& dir);

}  // namespace sl::synth
