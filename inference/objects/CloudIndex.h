// KD-tree over a point cloud's xyz (nanoflann), shared by selection, proposals and measurements.
// The index keeps a reference to the points: they must outlive it and stay unchanged.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

namespace sl::objects {

class CloudIndex {
 public:
  explicit CloudIndex(const std::vector<Eigen::Vector3f>& xyz);
  ~CloudIndex();
  CloudIndex(const CloudIndex&) = delete;
  CloudIndex& operator=(const CloudIndex&) = delete;

  size_t size() const;
  const std::vector<Eigen::Vector3f>& points() const { return xyz_; }
  // Indices of the points within `radius` of q (unsorted), appended to `out` after clearing it.
  void radius(const Eigen::Vector3f& q, float radius, std::vector<uint32_t>& out) const;
  // The k nearest points, nearest first; distances are squared.
  void knn(const Eigen::Vector3f& q, int k, std::vector<uint32_t>& idx,
           std::vector<float>& dist_sq) const;
  uint32_t nearest(const Eigen::Vector3f& q) const;

 private:
  struct Impl;
  const std::vector<Eigen::Vector3f>& xyz_;
  std::unique_ptr<Impl> impl_;
};

// Median distance from a point to its nearest neighbour, estimated on up to `samples` points.
double median_spacing(const CloudIndex& index, int samples = 2000);
// The q-quantile (0..1) over `samples` random points of the distance to their k-th nearest
// neighbour (k = 1, q = 0.5: median_spacing).
double spacing_quantile(const CloudIndex& index, int k, double q, int samples = 2000);

}  // namespace sl::objects
