// The small generated room the objects and spatial tests click on (by default 320x240 photos and
// a 120k-point ground-truth cloud).
#pragma once
#include "scene/synth/SynthScene.h"

namespace sl::testroom {

inline synth::SynthResult small_room(int seed, int views, int width = 320, int height = 240,
                                     int cloud_points = 120000) {
  synth::SynthOptions opt;
  opt.seed = seed;
  opt.views = views;
  opt.width = width;
  opt.height = height;
  opt.cloud_points = cloud_points;
  return synth::make_synthetic_scene(opt);
}

}  // namespace sl::testroom
