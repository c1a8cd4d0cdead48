#include "inference/objects/Proposals.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <thread>

#include "inference/objects/Boxes.h"
#include "inference/objects/CloudIndex.h"

namespace sl::objects {

std::vector<int> views_seeing(const Scene& scene, const Eigen::Vector3d& p) {
  std::vector<int> out;
  for (size_t i = 0; i < scene.views.size(); ++i) {
    const View& v = scene.views[i];
    if (!v.registered || !v.intrinsics.valid()) continue;
    const Eigen::Vector3d pc = v.cam_from_world() * p;
    if (pc.z() <= 0) continue;
    const Eigen::Vector2d uv = v.intrinsics.project(pc);
    if (uv.x() >= 0 && uv.y() >= 0 && uv.x() < v.intrinsics.width && uv.y() < v.intrinsics.height)
      out.push_back(static_cast<int>(i));
  }
  return out;
}

namespace {
template <class F>
void parallel_for(size_t n, F f) {
  const size_t t = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> th;
  for (size_t k = 0; k < t; ++k)
    th.emplace_back([&, k] {
      for (size_t i = k * n / t; i < (k + 1) * n / t; ++i) f(i);
    });
  for (auto& x : th) x.join();
}
}  // namespace

ProposalResult propose_objects(const Scene& scene, const ProposalOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  ProposalResult r;
  const PointCloud& cloud = scene.cloud;
  const size_t n = cloud.size();
  if (n < 10) return r;
  r.planes = detect_planes(cloud, o.planes);
  r.floor = find_floor(scene, r.planes);
  const Eigen::Vector3d up = r.floor.found ? r.floor.up : camera_up(scene);
  const double tol = o.planes.distance > 0 ? o.planes.distance : auto_plane_distance(cloud);

  // Random subset (sorted indices, deterministic).
  std::vector<uint32_t> sample(n);
  std::iota(sample.begin(), sample.end(), 0u);
  if (n > o.max_sample) {
    std::mt19937 rng(11);
    std::shuffle(sample.begin(), sample.end(), rng);
    sample.resize(o.max_sample);
    std::sort(sample.begin(), sample.end());
  }
  // Boundary planes: (nearly) all points lie on one side.
  for (size_t k = 0; k < r.planes.size(); ++k) {
    size_t pos = 0, neg = 0;
    for (uint32_t i : sample) {
      const double d = r.planes[k].signed_distance(cloud.xyz[i].cast<double>());
      if (d > 1.5 * tol) ++pos;
      if (d < -1.5 * tol) ++neg;
    }
    const double off = static_cast<double>(std::max<size_t>(1, pos + neg));
    if (static_cast<double>(std::min(pos, neg)) / off < o.boundary_side_fraction)
      r.boundary_planes.push_back(static_cast<int>(k));
  }
  auto on_boundary = [&](const Eigen::Vector3f& p) {
    for (int k : r.boundary_planes)
      if (std::abs(r.planes[static_cast<size_t>(k)].signed_distance(p.cast<double>())) < 1.5 * tol)
        return true;
    return false;
  };
  std::vector<uint32_t> kept;  // indices into cloud
  for (uint32_t i : sample)
    if (!on_boundary(cloud.xyz[i])) kept.push_back(i);
  std::vector<Eigen::Vector3f> kxyz(kept.size());
  for (size_t j = 0; j < kept.size(); ++j) kxyz[j] = cloud.xyz[kept[j]];
  if (kxyz.size() < 10) return r;
  CloudIndex index(kxyz);
  const float radius = static_cast<float>(o.cluster_radius > 0 ? o.cluster_radius
                                                               : 3.0 * median_spacing(index, 2000));

  // Euclidean clustering (flood fill on the KD-tree).
  std::vector<int> label(kxyz.size(), -1);
  std::vector<std::vector<uint32_t>> clusters;  // indices into kxyz
  std::vector<uint32_t> nb;
  for (size_t s = 0; s < kxyz.size(); ++s) {
    if (label[s] >= 0) continue;
    const int id = static_cast<int>(clusters.size());
    std::vector<uint32_t> q{static_cast<uint32_t>(s)};
    label[s] = id;
    for (size_t h = 0; h < q.size(); ++h) {
      index.radius(kxyz[q[h]], radius, nb);
      for (uint32_t j : nb)
        if (label[j] < 0) {
          label[j] = id;
          q.push_back(j);
        }
    }
    clusters.push_back(std::move(q));
  }
  const size_t min_size = std::max<size_t>(
      20, static_cast<size_t>(o.min_cluster_fraction * static_cast<double>(sample.size())));
  std::vector<int> keep_id(clusters.size(), -1);
  std::vector<std::vector<uint32_t>> members;  // indices into cloud
  for (size_t c = 0; c < clusters.size(); ++c) {
    if (clusters[c].size() < min_size) continue;
    keep_id[c] = static_cast<int>(members.size());
    members.emplace_back();
  }
  // Every cloud point joins the cluster of its nearest kept subset point (when close).
  std::vector<int> full_label(n, -1);
  const float r2 = radius * radius;
  parallel_for(n, [&](size_t i) {
    if (on_boundary(cloud.xyz[i])) return;
    std::vector<uint32_t> idx;
    std::vector<float> d2;
    index.knn(cloud.xyz[i], 1, idx, d2);
    if (idx.empty() || d2[0] > r2) return;
    full_label[i] = keep_id[static_cast<size_t>(label[idx[0]])];
  });
  for (size_t i = 0; i < n; ++i)
    if (full_label[i] >= 0) members[static_cast<size_t>(full_label[i])].push_back(uint32_t(i));

  // Boxes; merge clusters whose boxes overlap a lot (an object split by a thin gap).
  std::vector<OrientedBox> boxes;
  // Objects standing on the floor lost their foot with the floor band: extend them down.
  auto fit = [&](const std::vector<uint32_t>& m) {
    OrientedBox b = fit_upright_box(cloud.xyz, m, up);
    if (!r.floor.found || m.empty()) return b;
    const double bottom = r.floor.plane.signed_distance(b.center) - 0.5 * b.size[2];
    if (bottom > 0 && bottom < 3.0 * tol) {
      b.size[2] += bottom;
      b.center -= 0.5 * bottom * up;
    }
    return b;
  };
  for (const auto& m : members) boxes.push_back(fit(m));
  bool merged = true;
  while (merged) {
    merged = false;
    for (size_t a = 0; a < members.size() && !merged; ++a)
      for (size_t b = a + 1; b < members.size() && !merged; ++b) {
        if (members[a].empty() || members[b].empty()) continue;
        if (upright_box_iou(boxes[a], boxes[b], up) < o.merge_iou) continue;
        members[a].insert(members[a].end(), members[b].begin(), members[b].end());
        std::sort(members[a].begin(), members[a].end());
        members[b].clear();
        boxes[a] = fit(members[a]);
        merged = true;
      }
  }
  std::vector<size_t> order;
  for (size_t c = 0; c < members.size(); ++c)
    if (!members[c].empty()) order.push_back(c);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return members[a].size() > members[b].size(); });
  for (size_t c : order) {
    SceneObject obj;
    obj.id = static_cast<int>(r.objects.size());
    obj.name = "object " + std::to_string(r.objects.size() + 1);
    obj.point_indices = std::move(members[c]);
    obj.box = boxes[c];
    obj.views = views_seeing(scene, obj.box.center);
    r.objects.push_back(std::move(obj));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace sl::objects
