// Point sets for the support-split tests (Support.h): boxes' faces with normals, colours and a
// part number per point, and what the split made of them.
#pragma once
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <vector>

#include "inference/objects/Support.h"

namespace sl::objects::test {

struct Points {
  std::vector<Eigen::Vector3f> xyz, normals;
  std::vector<int> part;                      // 0 table, 1 box
  std::vector<std::array<uint8_t, 3>> rgb;    // each point in `pen`'s colour when added
  std::array<uint8_t, 3> pen = {90, 60, 40};  // brown
  void add(const Eigen::Vector3f& p, const Eigen::Vector3f& n, int k) {
    xyz.push_back(p);
    normals.push_back(n);
    part.push_back(k);
    rgb.push_back(pen);
  }
  // Points every `step` on the faces of an axis-aligned box [lo, hi] (z up) whose normals are
  // within the `faces` mask: bit 0 -x, 1 +x, 2 -y, 3 +y, 4 -z, 5 +z.
  void box(const Eigen::Vector3f& lo, const Eigen::Vector3f& hi, float step, int faces, int k) {
    for (int axis = 0; axis < 3; ++axis)
      for (int side = 0; side < 2; ++side) {
        if (!(faces & (1 << (2 * axis + side)))) continue;
        const int a = (axis + 1) % 3, b = (axis + 2) % 3;
        Eigen::Vector3f n = Eigen::Vector3f::Zero();
        n[axis] = side ? 1.0f : -1.0f;
        for (float u = lo[a]; u <= hi[a] + 1e-6f; u += step)
          for (float v = lo[b]; v <= hi[b] + 1e-6f; v += step) {
            Eigen::Vector3f p;
            p[axis] = side ? hi[axis] : lo[axis];
            p[a] = u;
            p[b] = v;
            add(p, n, k);
          }
      }
  }
};

// The legs and the skirt (the top's 6 cm edge) of a 1.2 x 0.8 m table with its top at h, seen
// from the side, every `step`.
inline void table_legs_and_skirt(Points& t, float h, float step) {
  for (float x : {-0.6f, 0.54f})
    for (float y : {-0.4f, 0.34f})
      t.box({x, y, 0.0f}, {x + 0.06f, y + 0.06f, h - 0.06f}, step, 0b1111, 0);
  t.box({-0.6f, -0.4f, h - 0.06f}, {0.6f, 0.4f, h}, step, 0b1111, 0);  // skirt
}

// Share of the box's points in the piece holding most of them, and whether that piece holds
// table points too.
inline void box_piece(const Points& t, const std::vector<SupportCluster>& pieces, double& share,
                      bool& with_table) {
  size_t total = 0;
  for (int k : t.part) total += k == 1;
  share = 0;
  with_table = false;
  for (const auto& p : pieces) {
    size_t box = 0, table = 0;
    for (uint32_t i : p.members) ++(t.part[i] == 1 ? box : table);
    if (double(box) / double(total) > share) {
      share = double(box) / double(total);
      with_table = table > 0;
    }
  }
}

// Splits all of t with options o: the share of part 1 in the piece holding most of it and whether
// that piece holds table points too.
struct Split {
  double share = 0;
  bool mixed = false;
};
inline Split split_all(const Points& t, const SupportSplitOptions& o) {
  std::vector<uint32_t> all(t.xyz.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = uint32_t(i);
  Split r;
  box_piece(t, split_on_supports(t.xyz, t.normals, all, Eigen::Vector3d::UnitZ(), o, t.rgb),
            r.share, r.mixed);
  return r;
}

}  // namespace sl::objects::test
