// The small generated room the objects tests click on: 320x240 photos, 120k cloud points.
#pragma once
#include "scene/synth/SynthScene.h"

namespace sl::testroom {

inline synth::SynthResult small_room(int seed, int views) {
  synth::SynthOptions opt;
  opt.seed = seed;
  opt.views = views;
  opt.width = 320;
  opt.height = 240;
  opt.cloud_points = 120000;
  return synth::make_synthetic_scene(opt);
}

}  // namespace sl::testroom
