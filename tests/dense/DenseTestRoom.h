// The generated room the dense tests sweep: seed 3, a ring of 24 views of 256x192, a sparse-like
// cloud of 20k points.
#pragma once
#include "scene/synth/SynthScene.h"

namespace sl::densetest {

inline synth::SynthOptions ring_room_options() {
  synth::SynthOptions o;
  o.seed = 3;
  o.views = 24;
  o.width = 256;
  o.height = 192;
  o.cloud_points = 20000;
  return o;
}

}  // namespace sl::densetest
