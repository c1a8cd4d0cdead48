// Real photos: Middlebury templeSparseRing (16 images, ground-truth P = K [R | t],
// camera-from-world). Needs /work/shared/data/temple_ring: SKIP (exit 77) when absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "inference/ClassicalBackend.h"
#include "inference/sfm/Alignment.h"
#include "scene/MiddleburyIO.h"

namespace {

const std::string kDir = std::string(SCENELENS_SHARED_DIR) + "/data/temple_ring";

std::map<std::string, Eigen::Isometry3d> read_par(const std::string& path) {
  return sl::read_middlebury_par(path);
}

}  // namespace

TEST(ClassicalBackend, TempleRing) {
  const auto gt = read_par(kDir + "/templeSR_par.txt");
  ASSERT_EQ(gt.size(), 16u);
  sl::ReconstructionInput in;
  in.image_paths = {kDir};
  sl::ReconstructionOptions opt;
  sl::JobContext ctx;
  sl::ReconstructionReport report;
  sl::ClassicalBackend backend;
  const auto t0 = std::chrono::steady_clock::now();
  const sl::Scene s = backend.run(in, opt, ctx, report);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << report.summary << "\ntime " << secs << " s\n";
  for (const auto& u : report.unplaced)
    std::cout << "unplaced " << u.image << ": " << u.reason << "\n";
  ASSERT_EQ(s.views.size(), 16u);
  std::vector<Eigen::Isometry3d> est, ref;
  for (const auto& v : s.views) {
    if (!v.registered) continue;
    est.push_back(v.world_from_cam);
    ref.push_back(gt.at(v.name));
  }
  EXPECT_GE(est.size(), 14u);
  ASSERT_GE(est.size(), 3u);
  const auto e = sl::sfm::compare_poses(est, ref);
  std::cout << "rotation error median " << e.median_rotation_deg << " max " << e.max_rotation_deg
            << " deg; centre error median " << e.median_center << " max " << e.max_center << "\n";
  EXPECT_LE(e.median_rotation_deg, 1.0);
  EXPECT_GT(s.cloud.size(), 500u);
  EXPECT_EQ(s.cloud.rgb.size(), s.cloud.size());
  EXPECT_NEAR(s.views[0].intrinsics.fx, 1520.0, 150.0);
}

int main(int argc, char** argv) {
  if (!std::filesystem::exists(kDir + "/templeSR_par.txt")) {
    std::cout << "SKIP: " << kDir << " not found (Middlebury templeSparseRing)\n";
    return 77;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
