#include "inference/sfm/Tracks.h"

#include <numeric>

namespace sl::sfm {
namespace {

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  void unite(int a, int b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

Tracks build_tracks(const std::vector<MapperImage>& images,
                    const std::vector<VerifiedPair>& pairs) {
  std::vector<int> offset(images.size() + 1, 0);
  for (size_t i = 0; i < images.size(); ++i)
    offset[i + 1] = offset[i] + int(images[i].keypoints.size());
  UnionFind uf(size_t(offset.back()));
  std::vector<char> used(size_t(offset.back()), 0);
  for (const auto& p : pairs) {
    for (const auto& [a, b] : p.matches) {
      const int na = offset[p.i] + a, nb = offset[p.j] + b;
      uf.unite(na, nb);
      used[na] = used[nb] = 1;
    }
  }
  Tracks out;
  out.track_of.resize(images.size());
  for (size_t i = 0; i < images.size(); ++i) out.track_of[i].assign(images[i].keypoints.size(), -1);
  std::vector<int> root_track(size_t(offset.back()), -1);
  std::vector<std::vector<std::pair<int, int>>> tracks;
  for (size_t img = 0; img < images.size(); ++img) {
    for (int kp = 0; kp < int(images[img].keypoints.size()); ++kp) {
      const int node = offset[img] + kp;
      if (!used[node]) continue;
      const int root = uf.find(node);
      int& t = root_track[root];
      if (t < 0) {
        t = int(tracks.size());
        tracks.emplace_back();
      }
      auto& tr = tracks[t];
      if (!tr.empty() && tr.back().first == int(img)) continue;  // one keypoint per image
      tr.emplace_back(int(img), kp);
    }
  }
  for (auto& tr : tracks) {
    if (tr.size() < 2) continue;
    const int id = int(out.tracks.size());
    for (const auto& [img, kp] : tr) out.track_of[img][kp] = id;
    out.tracks.push_back(std::move(tr));
  }
  return out;
}

}  // namespace sl::sfm
