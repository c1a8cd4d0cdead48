// ReconstructionOptions::dense_max_image_size sets the working resolution of the classical
// backend's multi-view stereo: the depth maps of a generated room's photos are that large.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "inference/ClassicalBackend.h"
#include "scene/synth/SynthScene.h"

namespace fs = std::filesystem;

namespace {

// The longest side of the registered views' depth maps (all the same), 0 when none has one.
int depth_side(int dense_max_image_size, const std::vector<std::string>& photos) {
  sl::ReconstructionInput in;
  in.image_paths = photos;
  sl::ReconstructionOptions opt;
  opt.dense = true;
  opt.dense_max_image_size = dense_max_image_size;
  sl::JobContext ctx;
  sl::ReconstructionReport report;
  const sl::Scene s = sl::ClassicalBackend().run(in, opt, ctx, report);
  int side = 0, registered = 0;
  for (const auto& v : s.views) {
    if (!v.registered) continue;
    ++registered;
    const int d = std::max(v.depth_m.cols, v.depth_m.rows);
    EXPECT_TRUE(side == 0 || d == side) << v.name;
    side = std::max(side, d);
  }
  EXPECT_GE(registered, 3) << report.summary;  // 8 photos of 320x240: 4 placed
  return side;
}

}  // namespace

TEST(ClassicalBackend, DenseMaxImageSizeSetsTheDepthMapSize) {
  sl::synth::SynthOptions so;
  so.seed = 2;
  so.views = 8;
  so.width = 320;
  so.height = 240;
  so.cloud_points = 1000;
  const auto room = sl::synth::make_synthetic_scene(so);
  const fs::path dir =
      fs::temp_directory_path() / ("scenelens_dense_size_" + std::to_string(getpid()));
  sl::synth::write_synthetic_scene(room, dir.string());  // the photos in dir/images
  const std::vector<std::string> photos = {(dir / "images").string()};
  EXPECT_EQ(depth_side(160, photos), 160);
  EXPECT_EQ(depth_side(96, photos), 96);
  fs::remove_all(dir);
}
