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
};

// Same seed and options -> bit-identical output on every machine.
SynthResult make_synthetic_scene(const SynthOptions& options);

// Writes DIR/images/*.png, DIR/depth/<name>.tiff (32-bit float depth in metres),
// DIR/ground_truth/sparse/{cameras,images,points3D}.txt, DIR/ground_truth/objects.json,
// DIR/scene.scenelens (views + GT cloud + objects, images referenced relative to DIR).
void write_synthetic_scene(const SynthResult& result, const std::string& dir);

}  // namespace sl::synth
