// filter_dense on a hand-made cache: each control removes exactly what it should.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "inference/dense/DenseStereo.h"

using namespace sl;
using namespace sl::dense;

namespace {

// 5 views x 2000 points; confidence i/N; colours mid-grey except for planted ones.
DenseCache make_cache() {
  DenseCache c;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    c.points.xyz.push_back(Eigen::Vector3f(float(i % 100) * 0.01f, float(i / 100) * 0.01f, 1.f));
    c.points.rgb.push_back({120, 110, 100});
    c.points.confidence.push_back(float(i) / n);
    c.points.source_view.push_back(i % 5);
    c.points.source_pixel.push_back({float(i % 64), float(i % 48)});
    c.outlier.push_back(0);
    c.row_fraction.push_back(0.9f);
    c.far_fraction.push_back(0.3f);
  }
  for (int i = 0; i < 100; ++i) c.points.rgb[size_t(i)] = {5, 8, 3};          // black
  for (int i = 100; i < 250; ++i) c.points.rgb[size_t(i)] = {250, 248, 245};  // white (not sky)
  for (int i = 250; i < 400; ++i) {  // sky: top, far, bluish
    c.points.rgb[size_t(i)] = {150, 190, 235};
    c.row_fraction[size_t(i)] = 0.1f;
    c.far_fraction[size_t(i)] = 1.0f;
  }
  for (int i = 400; i < 450; ++i) {  // bluish but near: must stay
    c.points.rgb[size_t(i)] = {150, 190, 235};
    c.row_fraction[size_t(i)] = 0.1f;
  }
  for (int i = 450; i < 470; ++i) c.outlier[size_t(i)] = 1;
  return c;
}

}  // namespace

TEST(DenseFilter, DefaultDropsOnlyOutliers) {
  const DenseCache c = make_cache();
  EXPECT_EQ(filter_dense(c, DenseFilter{}).size(), c.points.size() - 20);
  DenseFilter keep_all;
  keep_all.remove_outliers = false;
  const PointCloud all = filter_dense(c, keep_all);
  EXPECT_EQ(all.size(), c.points.size());
  EXPECT_EQ(all.source_view.size(), all.size());
  EXPECT_EQ(all.source_pixel.size(), all.size());
}

TEST(DenseFilter, PercentileRemovesThatShareOfLowestConfidence) {
  const DenseCache c = make_cache();
  DenseFilter f;
  f.remove_outliers = false;
  f.confidence_percentile = 30;
  const PointCloud out = filter_dense(c, f);
  EXPECT_EQ(out.size(), 7000u);
  float lowest = 1;
  for (float x : out.confidence) lowest = std::min(lowest, x);
  EXPECT_GE(lowest, 0.3f - 1e-6f);
}

TEST(DenseFilter, HiddenFrameLosesAllItsPoints) {
  const DenseCache c = make_cache();
  DenseFilter f;
  f.remove_outliers = false;
  f.hidden_views = {false, false, true, false, false};
  const PointCloud out = filter_dense(c, f);
  EXPECT_EQ(out.size(), 8000u);
  for (int v : out.source_view) EXPECT_NE(v, 2);
}

TEST(DenseFilter, BackgroundFilters) {
  const DenseCache c = make_cache();
  DenseFilter f;
  f.remove_outliers = false;
  f.remove_black = true;
  EXPECT_EQ(filter_dense(c, f).size(), 9900u);
  f.remove_black = false;
  f.remove_white = true;
  EXPECT_EQ(filter_dense(c, f).size(), 9850u);
  f.remove_white = false;
  f.remove_sky = true;
  EXPECT_EQ(filter_dense(c, f).size(), 9850u);  // only the far, top, bluish ones
  f.remove_black = f.remove_white = true;
  EXPECT_EQ(filter_dense(c, f).size(), 9600u);
}

TEST(DenseFilter, VoxelKeepsMostConfidentPerCell) {
  DenseCache c = make_cache();
  for (auto& p : c.points.xyz) p = Eigen::Vector3f(0.05f, 0.05f, 0.05f);
  DenseFilter f;
  f.remove_outliers = false;
  f.voxel_size = 0.1;
  const PointCloud out = filter_dense(c, f);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FLOAT_EQ(out.confidence[0], 9999.f / 10000.f);
}

TEST(DenseFilter, RefilterIsFast) {
  // 1M points: the re-filter the UI runs when a slider moves.
  DenseCache c = make_cache();
  DenseCache big;
  for (int k = 0; k < 100; ++k) {
    big.points.append(c.points);
    big.outlier.insert(big.outlier.end(), c.outlier.begin(), c.outlier.end());
    big.row_fraction.insert(big.row_fraction.end(), c.row_fraction.begin(), c.row_fraction.end());
    big.far_fraction.insert(big.far_fraction.end(), c.far_fraction.begin(), c.far_fraction.end());
  }
  DenseFilter f;
  f.confidence_percentile = 20;
  f.remove_sky = f.remove_black = true;
  f.hidden_views = {true};
  const auto t0 = std::chrono::steady_clock::now();
  const PointCloud out = filter_dense(big, f);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("filter_dense on %zu points: %.1f ms -> %zu kept\n", big.points.size(), ms,
              out.size());
  EXPECT_GT(out.size(), 0u);
  EXPECT_LT(ms, 1500.0);
}
