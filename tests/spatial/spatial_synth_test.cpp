// The spatial reasoner on generated rooms: answers vs the generator's exact boxes.
#include <gtest/gtest.h>

#include "inference/spatial/SpatialGeometry.h"
#include "inference/spatial/SpatialReasoner.h"
#include "scene/synth/SynthScene.h"

using namespace sl;
using namespace sl::spatial;

TEST(SpatialSynth, SizesDistancesRoom) {
  for (int seed : {1, 2, 3}) {
    synth::SynthOptions opt;
    opt.seed = seed;
    opt.views = 4;
    opt.width = 96;
    opt.height = 72;
    opt.cloud_points = 40000;
    synth::SynthResult res = synth::make_synthetic_scene(opt);
    const Scene& s = res.scene;
    SpatialReasoner r(s);
    for (size_t k = 0; k < s.objects.size(); ++k) {
      const auto& o = s.objects[k];
      Answer a = r.ask("how tall is the " + o.name + "?");
      ASSERT_TRUE(a.value) << o.name << ": " << a.text;
      EXPECT_NEAR(*a.value, o.box.size.z(), 1e-6) << o.name;
      if (k > 0) {
        const auto& p = s.objects[k - 1];
        Answer d = r.ask("how far is the " + o.name + " from the " + p.name + "?");
        ASSERT_TRUE(d.value) << d.text;
        EXPECT_NEAR(*d.value, (o.box.center - p.box.center).norm(), 1e-6);
      }
    }
    Answer room = r.ask("how big is this room?");
    EXPECT_NEAR(*room.value, res.room_size_m.x() * res.room_size_m.y(),
                0.05 * res.room_size_m.x() * res.room_size_m.y());
    // Objects on a support: the reasoner agrees with the generator's supported_by.
    for (size_t k = 0; k < s.objects.size(); ++k) {
      if (res.supported_by[k] < 0) continue;
      Answer on = r.ask("is the " + s.objects[k].name + " on the " +
                        s.objects[res.supported_by[k]].name + "?");
      EXPECT_EQ(on.choice, "yes") << on.text << " / " << on.how;
    }
  }
}
