#include "inference/objects/RegionGraph.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "inference/objects/Selection.h"

namespace sl::objects {
namespace {

constexpr uint64_t kCellMask = (uint64_t(1) << 20) - 1;
constexpr size_t kMaxPlanes = 15;  // labels are 4 bits: 0 free, 1..15 planes
// Default radius / median nearest-neighbour spacing: random surface samples at 2.5 x are close
// to falling apart (chair legs break into pieces); at 3.5 x they hold together.
constexpr double kRadiusPerSpacing = 3.5;

uint64_t pack_cell(uint64_t x, uint64_t y, uint64_t z) {
  return ((x << 40) | (y << 20) | z) << 4;
}
void unpack_cell(uint64_t key, int64_t& x, int64_t& y, int64_t& z) {
  key >>= 4;
  x = int64_t((key >> 40) & kCellMask);
  y = int64_t((key >> 20) & kCellMask);
  z = int64_t(key & kCellMask);
}

// Stable LSD radix sort of `keys` (11-bit digits) carrying `values`; digits that are the same
// for every key cost one counting pass and no move.
void radix_sort(std::vector<uint64_t>& keys, std::vector<uint32_t>& values) {
  const size_t n = keys.size();
  std::vector<uint64_t> k2(n);
  std::vector<uint32_t> v2(n);
  std::vector<size_t> count(2048);
  for (int shift = 0; shift < 64; shift += 11) {
    std::fill(count.begin(), count.end(), 0);
    for (uint64_t k : keys) ++count[(k >> shift) & 2047];
    if (std::find(count.begin(), count.end(), n) != count.end()) continue;
    size_t sum = 0;
    for (size_t& c : count) {
      const size_t here = c;
      c = sum;
      sum += here;
    }
    for (size_t i = 0; i < n; ++i) {
      const size_t at = count[(keys[i] >> shift) & 2047]++;
      k2[at] = keys[i];
      v2[at] = values[i];
    }
    keys.swap(k2);
    values.swap(v2);
  }
}

float box_gap_sq(const Eigen::AlignedBox3f& a, const Eigen::AlignedBox3f& b) {
  const Eigen::Vector3f gap =
      (b.min() - a.max()).cwiseMax(a.min() - b.max()).cwiseMax(Eigen::Vector3f::Zero());
  return gap.squaredNorm();
}

// Points near a plane (within `band`, normals within the angle and, when `facing` != 0,
// facing that way): their distances and cosines with the plane's normal.
struct Band {
  std::vector<Eigen::Vector3f> points;
  std::vector<float> dist, cosine;
};
Band band_of(const PointCloud& cloud, const RegionGraph& g, const Eigen::Vector4f& pl, float band,
             int facing) {
  Band out;
  const size_t n = cloud.size(), stride = std::max<size_t>(1, n / 200000);
  for (size_t i = 0; i < n; i += stride) {
    const float d = std::abs(pl.head<3>().dot(cloud.xyz[i]) + pl[3]);
    if (d >= band) continue;
    const float c = g.use_normals ? pl.head<3>().dot(cloud.normals[i]) : 1.f;
    if (std::abs(c) < g.cos_plane || c * float(facing) < 0) continue;
    out.points.push_back(cloud.xyz[i]);
    out.dist.push_back(d);
    out.cosine.push_back(c);
  }
  return out;
}

// Least-squares plane through the points, its normal on the side of `pl`'s; `pl` when the fit
// is degenerate or turns by more than 10 degrees.
Eigen::Vector4f refit(const std::vector<Eigen::Vector3f>& pts, const Eigen::Vector4f& pl) {
  if (pts.size() < 50) return pl;
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (const auto& p : pts) mean += p.cast<double>();
  mean /= double(pts.size());
  Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
  for (const auto& p : pts) {
    const Eigen::Vector3d q = p.cast<double>() - mean;
    cov += q * q.transpose();
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(cov);
  Eigen::Vector3d nrm = eig.eigenvectors().col(0);
  if (nrm.dot(pl.head<3>().cast<double>()) < 0) nrm = -nrm;
  if (nrm.dot(pl.head<3>().cast<double>()) < std::cos(10 * 3.14159265358979 / 180)) return pl;
  Eigen::Vector4f out;
  out << nrm.cast<float>(), float(-nrm.dot(mean));
  return out;
}

int majority_facing(const std::vector<float>& cosine, const std::vector<float>& dist, float tol,
                    double share) {
  size_t along = 0, against = 0;
  for (size_t k = 0; k < cosine.size(); ++k)
    if (dist[k] < tol) ++(cosine[k] > 0 ? along : against);
  const double all = double(along + against);
  if (all < 50) return 0;
  return double(along) >= share * all ? 1 : double(against) >= share * all ? -1 : 0;
}

// Per plane: refits it to its own points (a RANSAC plane can be tilted enough to take in the
// back of a sofa 2 cm from its wall), then the tolerance (3 sigma of its points' distances,
// clamped to [radius / 2, radius] unless `fixed` > 0) and which way the cloud's normals on it
// face (counted within the tolerance, where an object's face close to the plane is rare).
void fit_plane_bands(const PointCloud& cloud, double fixed, RegionGraph& g) {
  for (Eigen::Vector4f& pl : g.planes) {
    Band b = band_of(cloud, g, pl, g.radius, 0);
    const int most = g.use_normals ? majority_facing(b.cosine, b.dist, g.radius, 0.6) : 0;
    for (float band : {g.radius, 0.5f * g.radius}) {
      pl = refit(band_of(cloud, g, pl, band, most).points, pl);
    }
    b = band_of(cloud, g, pl, g.radius, 0);
    float tol = float(fixed);
    if (fixed <= 0) {
      float sigma = 0;
      std::vector<float> near;
      for (size_t k = 0; k < b.dist.size(); ++k)
        if (most == 0 || b.cosine[k] * float(most) > 0) near.push_back(b.dist[k]);
      if (!near.empty()) {
        std::nth_element(near.begin(), near.begin() + long(near.size() / 2), near.end());
        sigma = 1.4826f * near[near.size() / 2];
      }
      tol = std::clamp(3 * sigma, 0.5f * g.radius, g.radius);
    }
    g.plane_tol.push_back(tol);
    g.plane_facing.push_back(
        int8_t(g.use_normals ? majority_facing(b.cosine, b.dist, tol, 0.9) : 0));
  }
}

// Node boxes, normals (signs aligned to the node's first normal) and colours.
std::vector<Eigen::AlignedBox3f> summarize_nodes(const PointCloud& cloud, RegionGraph& g) {
  const size_t m = g.nodes(), n = g.order.size();
  const bool normals = cloud.has_normals(), rgb = cloud.has_rgb();
  std::vector<Eigen::AlignedBox3f> boxes(m);
  if (normals) g.node_normal.assign(m, RegionGraph::Normal8::Zero());
  if (rgb) g.node_rgb.assign(m, {0, 0, 0});
  constexpr size_t kAhead = 16;  // the points are read in node order: fetch them early
  for (size_t k = 0; k < m; ++k) {
    Eigen::Vector3f lo = Eigen::Vector3f::Constant(std::numeric_limits<float>::max());
    Eigen::Vector3f hi = -lo, nsum = Eigen::Vector3f::Zero(), csum = Eigen::Vector3f::Zero();
    const uint32_t a = g.node_first[k], b = g.node_first[k + 1];
    for (uint32_t t = a; t < b; ++t) {
      if (t + kAhead < n) {
        const uint32_t ahead = g.order[t + kAhead];
        __builtin_prefetch(&cloud.xyz[ahead]);
        if (normals) __builtin_prefetch(&cloud.normals[ahead]);
        if (rgb) __builtin_prefetch(&cloud.rgb[ahead]);
      }
      const uint32_t i = g.order[t];
      lo = lo.cwiseMin(cloud.xyz[i]);
      hi = hi.cwiseMax(cloud.xyz[i]);
      if (normals) {
        const Eigen::Vector3f& nr = cloud.normals[i];
        nsum += nr.dot(cloud.normals[g.order[a]]) < 0 ? -nr : nr;
      }
      if (rgb) csum += Eigen::Vector3f(cloud.rgb[i][0], cloud.rgb[i][1], cloud.rgb[i][2]);
    }
    boxes[k] = Eigen::AlignedBox3f(lo, hi);
    if (normals && nsum.squaredNorm() > 0)
      g.node_normal[k] = (127 * nsum.normalized()).array().round().cast<int8_t>();
    if (rgb) {
      const Eigen::Vector3f c = (csum / float(b - a)).array().round();
      g.node_rgb[k] = {uint8_t(c[0]), uint8_t(c[1]), uint8_t(c[2])};
    }
  }
  return boxes;
}

// Links nodes of one label in neighbouring cells whose boxes come within the radius (CSR).
// Nodes are sorted by cell x, y, z, label: the nodes of one (x, y) column are contiguous and
// sorted by z, so each column is merged with itself (z + 1) and its four forward neighbour
// columns (each pair of columns once).
void link_nodes(const std::vector<Eigen::AlignedBox3f>& boxes, RegionGraph& g) {
  const size_t m = g.nodes();
  const float r2 = g.radius * g.radius;
  auto column_of = [](uint64_t key) { return key >> 24; };  // (x << 20 | y)
  auto z_of = [](uint64_t key) { return int64_t((key >> 4) & kCellMask); };
  std::vector<uint64_t> col_key;
  std::vector<uint32_t> col_first;
  for (size_t k = 0; k < m; ++k)
    if (k == 0 || column_of(g.node_key[k]) != column_of(g.node_key[k - 1])) {
      col_key.push_back(column_of(g.node_key[k]));
      col_first.push_back(uint32_t(k));
    }
  col_first.push_back(uint32_t(m));
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  auto try_link = [&](size_t a, size_t b) {
    if ((g.node_key[a] & 15) != (g.node_key[b] & 15)) return;
    if (box_gap_sq(boxes[a], boxes[b]) > r2) return;
    edges.emplace_back(uint32_t(a), uint32_t(b));
  };
  // Nodes of column b with z within [z(a) + lo, z(a) + hi], for each node a of column a.
  auto merge = [&](size_t ca, size_t cb, int lo, int hi) {
    size_t from = col_first[cb];
    for (size_t a = col_first[ca]; a < col_first[ca + 1]; ++a) {
      const int64_t za = z_of(g.node_key[a]);
      while (from < col_first[cb + 1] && z_of(g.node_key[from]) < za + lo) ++from;
      for (size_t b = from; b < col_first[cb + 1] && z_of(g.node_key[b]) <= za + hi; ++b)
        try_link(a, b);
    }
  };
  for (size_t c = 0; c < col_key.size(); ++c) {
    merge(c, c, 1, 1);
    const int64_t x = int64_t(col_key[c] >> 20), y = int64_t(col_key[c] & kCellMask);
    const int64_t next[4][2] = {{x, y + 1}, {x + 1, y - 1}, {x + 1, y}, {x + 1, y + 1}};
    for (const auto& xy : next) {
      if (xy[1] < 0 || xy[0] > int64_t(kCellMask) || xy[1] > int64_t(kCellMask)) continue;
      const uint64_t want = uint64_t(xy[0]) << 20 | uint64_t(xy[1]);
      const auto it = std::lower_bound(col_key.begin() + long(c), col_key.end(), want);
      if (it != col_key.end() && *it == want) merge(c, size_t(it - col_key.begin()), -1, 1);
    }
  }
  g.link_first.assign(m + 1, 0);
  for (const auto& [a, b] : edges) {
    ++g.link_first[a + 1];
    ++g.link_first[b + 1];
  }
  for (size_t k = 0; k < m; ++k) g.link_first[k + 1] += g.link_first[k];
  g.links.resize(2 * edges.size());
  std::vector<uint32_t> fill(g.link_first.begin(), g.link_first.end() - 1);
  for (const auto& [a, b] : edges) {
    g.links[fill[a]++] = b;
    g.links[fill[b]++] = a;
  }
}

// With noisy normals some of a plane's points fail the normal test and would stay free,
// enough of them to bridge an object and the rest of the room. A free point close enough to a
// plane joins it when most of the points of its cell near that plane lie on it. `keys` and
// `idx` are sorted by cell and stay so.
void vote_labels(const PointCloud& cloud, const RegionGraph& g, std::vector<uint64_t>& keys,
                 std::vector<uint32_t>& idx) {
  const size_t n = keys.size();
  std::vector<std::pair<uint64_t, uint32_t>> run;
  for (size_t a = 0, b = 0; a < n; a = b) {
    b = a + 1;
    while (b < n && (keys[b] >> 4) == (keys[a] >> 4)) ++b;
    std::array<uint32_t, kMaxPlanes + 1> on{}, near_free{};
    std::array<uint8_t, 512> near_label{};  // the runs are short; longer ones are not voted
    if (b - a > near_label.size()) continue;
    bool any = false;
    for (size_t t = a; t < b; ++t) {
      const uint8_t label = uint8_t(keys[t] & 15);
      ++on[label];
      if (label != 0) continue;
      near_label[t - a] = g.near_plane(cloud, idx[t]);
      near_free[near_label[t - a]] += near_label[t - a] != 0;
      any = any || near_label[t - a] != 0;
    }
    if (!any) continue;
    bool changed = false;
    for (size_t t = a; t < b; ++t) {
      const uint8_t k = near_label[t - a];
      if (k != 0 && on[k] > near_free[k]) {
        keys[t] |= k;
        changed = true;
      }
    }
    if (!changed) continue;
    run.clear();
    for (size_t t = a; t < b; ++t) run.emplace_back(keys[t], idx[t]);
    std::sort(run.begin(), run.end());
    for (size_t t = a; t < b; ++t) std::tie(keys[t], idx[t]) = run[t - a];
  }
}

}  // namespace

uint64_t RegionGraph::cell_key(const Eigen::Vector3f& p) const {
  const Eigen::Vector3f t = ((p - origin) / cell).array().floor();
  auto c = [&](int a) { return uint64_t(std::clamp(t[a], 0.f, float(kCellMask))); };
  return pack_cell(c(0), c(1), c(2));
}

uint8_t RegionGraph::label_of(const PointCloud& cloud, uint32_t i) const {
  const Eigen::Vector3f& p = cloud.xyz[i];
  uint8_t best = 0;
  float best_d = std::numeric_limits<float>::max();
  for (size_t k = 0; k < planes.size(); ++k) {
    const float d = std::abs(planes[k].head<3>().dot(p) + planes[k][3]);
    if (d >= plane_tol[k] || d >= best_d) continue;
    if (use_normals) {
      const float c = planes[k].head<3>().dot(cloud.normals[i]);
      const float along = plane_facing[k] == 0 ? std::abs(c) : c * float(plane_facing[k]);
      if (along < cos_plane) continue;
    }
    best = uint8_t(k + 1);
    best_d = d;
  }
  return best;
}

uint8_t RegionGraph::near_plane(const PointCloud& cloud, uint32_t i) const {
  uint8_t best = 0;
  float best_d = std::numeric_limits<float>::max();
  for (size_t k = 0; k < planes.size(); ++k) {
    const float d = std::abs(planes[k].head<3>().dot(cloud.xyz[i]) + planes[k][3]);
    // A face turned away from a plane whose points face one way (a sofa's back against the
    // wall) is never near it.
    if (use_normals && plane_facing[k] != 0 &&
        planes[k].head<3>().dot(cloud.normals[i]) * float(plane_facing[k]) < -0.5f)
      continue;
    if (d < plane_tol[k] && d < best_d) {
      best = uint8_t(k + 1);
      best_d = d;
    }
  }
  return best;
}

int64_t RegionGraph::node_of(const PointCloud& cloud, uint32_t i) const {
  if (i >= cloud.size()) return -1;
  const uint64_t cell = cell_key(cloud.xyz[i]);
  auto k = std::lower_bound(node_key.begin(), node_key.end(), cell);
  for (; k != node_key.end() && (*k >> 4) == (cell >> 4); ++k) {
    const size_t node = size_t(k - node_key.begin());
    const auto a = order.begin() + node_first[node], b = order.begin() + node_first[node + 1];
    if (std::binary_search(a, b, i)) return int64_t(node);
  }
  return -1;
}

int64_t RegionGraph::find_node(uint64_t key) const {
  const auto it = std::lower_bound(node_key.begin(), node_key.end(), key);
  return it != node_key.end() && *it == key ? int64_t(it - node_key.begin()) : -1;
}

RegionGraph build_region_graph(const PointCloud& cloud, const CloudIndex& index,
                               const GrowOptions& o) {
  RegionGraph g;
  const size_t n = cloud.size();
  g.cloud_size = n;
  if (n == 0) return g;
  const Eigen::AlignedBox3f bounds = cloud.bounds();
  double radius = o.radius > 0 ? o.radius : kRadiusPerSpacing * median_spacing(index, 2000);
  if (!(radius > 0)) radius = std::max(1e-6, 1e-3 * double(bounds.diagonal().norm()));
  g.radius = float(radius);
  g.cell = float(radius * std::max(1.0, o.cell_factor));
  g.origin = bounds.min();
  if (o.support_plane) g.planes.push_back(o.support_plane->cast<float>());
  for (const auto& pl : o.stop_planes)
    if (g.planes.size() < kMaxPlanes) g.planes.push_back(pl.cast<float>());
  g.use_normals = cloud.has_normals() && o.plane_normal_deg < 90;
  g.cos_plane = float(std::cos(o.plane_normal_deg * 3.14159265358979 / 180.0));
  fit_plane_bands(cloud, o.plane_distance, g);

  std::vector<uint64_t> keys(n);
  std::vector<uint32_t> idx(n);
  for (uint32_t i = 0; i < uint32_t(n); ++i) {
    keys[i] = g.cell_key(cloud.xyz[i]) | g.label_of(cloud, i);
    idx[i] = i;
  }
  radix_sort(keys, idx);
  if (g.use_normals) vote_labels(cloud, g, keys, idx);
  g.order = std::move(idx);
  for (size_t t = 0; t < n; ++t)
    if (t == 0 || keys[t] != keys[t - 1]) {
      g.node_key.push_back(keys[t]);
      g.node_first.push_back(uint32_t(t));
    }
  g.node_first.push_back(uint32_t(n));
  link_nodes(summarize_nodes(cloud, g), g);
  return g;
}

namespace {

// The free point nearest to `seed` within `reach`, else `seed`.
uint32_t nearest_free(const RegionGraph& g, const PointCloud& cloud, uint32_t seed, float reach) {
  const Eigen::Vector3f& p = cloud.xyz[seed];
  int64_t x, y, z;
  unpack_cell(g.cell_key(p), x, y, z);
  const int64_t span = int64_t(std::ceil(reach / g.cell));
  float best = reach * reach;
  uint32_t out = seed;
  for (int64_t cx = std::max<int64_t>(0, x - span); cx <= x + span; ++cx)
    for (int64_t cy = std::max<int64_t>(0, y - span); cy <= y + span; ++cy)
      for (int64_t cz = std::max<int64_t>(0, z - span); cz <= z + span; ++cz) {
        const int64_t k = g.find_node(pack_cell(uint64_t(cx), uint64_t(cy), uint64_t(cz)));
        if (k < 0) continue;
        for (uint32_t t = g.node_first[size_t(k)]; t < g.node_first[size_t(k) + 1]; ++t) {
          const float d = (cloud.xyz[g.order[t]] - p).squaredNorm();
          if (d < best) {
            best = d;
            out = g.order[t];
          }
        }
      }
  return out;
}

}  // namespace

std::vector<uint32_t> grow_region(const RegionGraph& g, const PointCloud& cloud, uint32_t seed,
                                  const GrowOptions& o) {
  std::vector<uint32_t> out;
  if (seed >= cloud.size() || g.cloud_size != cloud.size() || g.nodes() == 0) return out;
  // A click on the band of a stop plane: take the nearest free point (the object's foot); a
  // click in the middle of the plane selects the plane's connected patch instead.
  int64_t start = g.node_of(cloud, seed);
  if (start < 0) return out;
  if ((g.node_key[size_t(start)] & 15) != 0) {
    const uint32_t moved = nearest_free(g, cloud, seed, 3 * g.radius);
    if (moved != seed) {
      seed = moved;
      start = g.node_of(cloud, seed);
      if (start < 0) return out;
    }
  }

  const bool use_normals = !g.node_normal.empty() && o.max_normal_deg < 180;
  const float cos_normal = float(127 * 127 * std::cos(o.max_normal_deg * 3.14159265358979 / 180.0));
  const bool use_color = !g.node_rgb.empty() && o.max_color_dist > 0;
  const float max_c2 = float(o.max_color_dist * o.max_color_dist);
  Eigen::Vector3f seed_rgb = Eigen::Vector3f::Zero();
  if (cloud.has_rgb())
    seed_rgb = Eigen::Vector3f(cloud.rgb[seed][0], cloud.rgb[seed][1], cloud.rgb[seed][2]);
  auto size_of = [&](size_t k) { return size_t(g.node_first[k + 1] - g.node_first[k]); };

  std::vector<uint8_t> seen(g.nodes(), 0);
  std::vector<uint32_t> queue = {uint32_t(start)};
  seen[size_t(start)] = 1;
  size_t points = size_of(size_t(start));
  for (size_t head = 0; head < queue.size(); ++head) {
    if (o.max_points > 0 && points >= o.max_points) break;
    const uint32_t k = queue[head];
    for (uint32_t e = g.link_first[k]; e < g.link_first[k + 1]; ++e) {
      const uint32_t j = g.links[e];
      if (seen[j]) continue;
      if (use_normals &&
          std::abs(g.node_normal[k].cast<float>().dot(g.node_normal[j].cast<float>())) < cos_normal)
        continue;
      if (use_color) {
        const auto& c = g.node_rgb[j];
        if ((Eigen::Vector3f(c[0], c[1], c[2]) - seed_rgb).squaredNorm() > max_c2) continue;
      }
      seen[j] = 1;
      queue.push_back(j);
      points += size_of(j);
    }
  }
  // Sorted output without a sort: mark the region's points in a bit set and read it back.
  std::vector<uint64_t> bits((cloud.size() + 63) / 64, 0);
  for (uint32_t k : queue)
    for (uint32_t t = g.node_first[k]; t < g.node_first[k + 1]; ++t) {
      const uint32_t i = g.order[t];
      if (use_color) {
        const Eigen::Vector3f c(cloud.rgb[i][0], cloud.rgb[i][1], cloud.rgb[i][2]);
        if ((c - seed_rgb).squaredNorm() > max_c2) continue;
      }
      bits[i >> 6] |= uint64_t(1) << (i & 63);
    }
  out.reserve(points);
  for (size_t w = 0; w < bits.size(); ++w)
    for (uint64_t b = bits[w]; b != 0; b &= b - 1)
      out.push_back(uint32_t(w * 64 + size_t(__builtin_ctzll(b))));
  return out;
}

}  // namespace sl::objects
