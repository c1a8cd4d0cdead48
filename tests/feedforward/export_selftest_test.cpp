// tools/export_torchscript.py --selftest exports stand-in models through the same wrappers a
// real export uses; the app's loader must accept each file and decode its convention.
#include <gtest/gtest.h>

#include <filesystem>

#include "inference/feedforward/TorchModel.h"

namespace fs = std::filesystem;

TEST(ExportScript, SelftestModelsLoadInTheApp) {
  const fs::path repo = fs::path(SCENELENS_TEST_DATA_DIR).parent_path().parent_path();
  const fs::path out = fs::temp_directory_path() / ("scenelens_export_" + std::to_string(getpid()));
  const std::string cmd = "/usr/bin/python3 " + (repo / "tools/export_torchscript.py").string() +
                          " --selftest -o " + out.string() + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  for (const char* name : {"selftest_vggt.pt", "selftest_pi3.pt", "selftest_g2vlm.pt"}) {
    sl::ff::TorchModel model((out / name).string());
    const auto& meta = model.metadata();
    EXPECT_TRUE(meta.fixed_frames);
    EXPECT_EQ(meta.max_frames, 3);
    const cv::Size size = sl::ff::model_input_size(meta, cv::Size(560, 420));
    EXPECT_EQ(size, cv::Size(56, 42));
    // Two frames: the loader pads to the traced three and returns two predictions.
    std::vector<cv::Mat> frames(2, cv::Mat(size, CV_32FC3, cv::Scalar(0.3, 0.5, 0.7)));
    auto preds = model.predict(frames);
    ASSERT_EQ(preds.size(), 2u) << name;
    for (auto& f : preds) {
      sl::ff::complete_prediction(f);
      ASSERT_TRUE(f.K.has_value());
      EXPECT_GT((*f.K)(0, 0), 10.0) << name;
      EXPECT_EQ(f.depth.size(), size) << name;
      EXPECT_GT(cv::mean(f.depth)[0], 0.9) << name;
    }
    EXPECT_NEAR(preds[1].world_from_cam.translation().x(), 0.1, 1e-5) << name;
  }
  fs::remove_all(out);
}
