#include "inference/objects/CloudIndex.h"

#include <algorithm>
#include <nanoflann.hpp>
#include <random>

namespace sl::objects {
namespace {
struct Adaptor {
  const std::vector<Eigen::Vector3f>* pts;
  size_t kdtree_get_point_count() const { return pts->size(); }
  float kdtree_get_pt(size_t i, size_t d) const { return (*pts)[i][static_cast<int>(d)]; }
  template <class BBox>
  bool kdtree_get_bbox(BBox&) const {
    return false;
  }
};
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<float, Adaptor>,
                                                 Adaptor, 3, uint32_t>;

// Collects indices only (no distances) for radius queries.
struct IndexCollector {
  float radius_sq;
  std::vector<uint32_t>* out;
  bool full() const { return false; }
  float worstDist() const { return radius_sq; }
  bool addPoint(float dist, uint32_t index) {
    if (dist < radius_sq) out->push_back(index);
    return true;
  }
};
}  // namespace

struct CloudIndex::Impl {
  Adaptor adaptor;
  Tree tree;
  explicit Impl(const std::vector<Eigen::Vector3f>& xyz)
      : adaptor{&xyz}, tree(3, adaptor, nanoflann::KDTreeSingleIndexAdaptorParams(16)) {}
};

CloudIndex::CloudIndex(const std::vector<Eigen::Vector3f>& xyz)
    : xyz_(xyz), impl_(std::make_unique<Impl>(xyz)) {}
CloudIndex::~CloudIndex() = default;

size_t CloudIndex::size() const {
  return xyz_.size();
}

void CloudIndex::radius(const Eigen::Vector3f& q, float r, std::vector<uint32_t>& out) const {
  out.clear();
  if (xyz_.empty()) return;
  IndexCollector c{r * r, &out};
  impl_->tree.findNeighbors(c, q.data(), nanoflann::SearchParams(32, 0.f, false));
}

void CloudIndex::knn(const Eigen::Vector3f& q, int k, std::vector<uint32_t>& idx,
                     std::vector<float>& dist_sq) const {
  const size_t n = std::min<size_t>(static_cast<size_t>(std::max(k, 0)), xyz_.size());
  idx.resize(n);
  dist_sq.resize(n);
  if (n == 0) return;
  const size_t found = impl_->tree.knnSearch(q.data(), n, idx.data(), dist_sq.data());
  idx.resize(found);
  dist_sq.resize(found);
}

uint32_t CloudIndex::nearest(const Eigen::Vector3f& q) const {
  std::vector<uint32_t> i;
  std::vector<float> d;
  knn(q, 1, i, d);
  return i.empty() ? 0 : i[0];
}

double median_spacing(const CloudIndex& index, int samples) {
  return spacing_quantile(index, 1, 0.5, samples);
}

double spacing_quantile(const CloudIndex& index, int k, double q, int samples) {
  const size_t n = index.size();
  if (n < 2) return 0;
  std::mt19937 rng(12345);
  std::uniform_int_distribution<size_t> pick(0, n - 1);
  std::vector<float> d;
  std::vector<uint32_t> idx;
  std::vector<float> dist;
  const int m = static_cast<int>(std::min<size_t>(static_cast<size_t>(samples), n));
  d.reserve(static_cast<size_t>(m));
  for (int s = 0; s < m; ++s) {
    index.knn(index.points()[pick(rng)], size_t(k) + 1, idx, dist);
    if (dist.size() == size_t(k) + 1) d.push_back(std::sqrt(dist[size_t(k)]));
  }
  if (d.empty()) return 0;
  const size_t at = std::min(d.size() - 1, static_cast<size_t>(q * double(d.size())));
  std::nth_element(d.begin(), d.begin() + static_cast<long>(at), d.end());
  return d[at];
}

}  // namespace sl::objects
