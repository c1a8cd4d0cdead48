#include "spatial_qa_questions.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace bench {
namespace {

using Vec2 = Eigen::Vector2d;

// Footprint corners of an upright synthetic box (axes columns 0/1 horizontal, 2 = +z).
std::vector<Vec2> footprint(const sl::OrientedBox& b) {
  const Vec2 c0 = b.center.head<2>(), ax = b.axes.col(0).head<2>() * 0.5 * b.size.x(),
             ay = b.axes.col(1).head<2>() * 0.5 * b.size.y();
  return {c0 - ax - ay, c0 + ax - ay, c0 + ax + ay, c0 - ax + ay};
}

double seg_point(const Vec2& a, const Vec2& b, const Vec2& p) {
  const Vec2 ab = b - a;
  const double t = std::clamp((p - a).dot(ab) / ab.squaredNorm(), 0.0, 1.0);
  return (a + t * ab - p).norm();
}

bool inside(const std::vector<Vec2>& poly, const Vec2& p) {
  for (size_t i = 0; i < 4; ++i) {
    const Vec2 e = poly[(i + 1) % 4] - poly[i], d = p - poly[i];
    if (e.x() * d.y() - e.y() * d.x() < 0) return false;
  }
  return true;
}

// Gap between two upright boxes: horizontal rectangle distance combined with the vertical gap.
double gap(const sl::OrientedBox& a, const sl::OrientedBox& b) {
  const auto pa = footprint(a), pb = footprint(b);
  double h = 1e18;
  bool overlap = false;
  for (const auto& p : pa) overlap = overlap || inside(pb, p);
  for (const auto& p : pb) overlap = overlap || inside(pa, p);
  for (size_t i = 0; i < 4; ++i)
    for (size_t j = 0; j < 4; ++j) {
      h = std::min(h, seg_point(pa[i], pa[(i + 1) % 4], pb[j]));
      h = std::min(h, seg_point(pb[i], pb[(i + 1) % 4], pa[j]));
    }
  if (overlap) h = 0;  // (edge crossings without a corner inside are rare for these layouts)
  const double a0 = a.center.z() - a.size.z() / 2, a1 = a.center.z() + a.size.z() / 2;
  const double b0 = b.center.z() - b.size.z() / 2, b1 = b.center.z() + b.size.z() / 2;
  const double v = std::max({0.0, b0 - a1, a0 - b1});
  return std::hypot(h, v);
}

template <class T>
const T& pick(const std::vector<T>& v, size_t i) {
  return v[i % v.size()];
}

}  // namespace

std::vector<QA> make_questions(const sl::synth::SynthResult& r, int seed) {
  const auto& objs = r.scene.objects;
  const size_t n = objs.size();
  std::mt19937 rng(static_cast<unsigned>(seed) * 7919u);
  std::vector<QA> out;
  auto add = [&](const std::string& cat, const std::string& q, bool numeric, double v,
                 const std::string& c) {
    out.push_back({cat, q, numeric, v, c});
  };
  auto nm = [&](size_t k) { return objs[k].name; };
  size_t phr = static_cast<size_t>(seed);

  // Object count: per label present (plural), plus one absent-free label sanity.
  std::map<std::string, int> labels;
  for (const auto& o : objs) ++labels[o.label];
  const std::vector<std::string> count_t = {"How many {L}s are in the room?",
                                            "how many {L}s are there", "Count the {L}s.",
                                            "What is the number of {L}s in this scene?"};
  for (const auto& [l, c] : labels) {
    std::string q = pick(count_t, phr++);
    const std::string plural = l.back() == 'x'   ? l + "es"
                               : l.back() == 'f' ? l.substr(0, l.size() - 1) + "ves"
                                                 : l + "s";
    q.replace(q.find("{L}s"), 4, plural);
    add("object_count", q, true, c, "");
  }

  // Absolute distance (centre to centre) and object size (longest dimension).
  const std::vector<std::string> dist_t = {
      "How far is the {A} from the {B}?", "What is the distance between the {A} and the {B}?",
      "how far apart are the {A} and the {B}", "Distance from the {A} to the {B}, in metres?"};
  const std::vector<std::string> size_t_ = {
      "How big is the {A}?", "What is the size of the {A}?",
      "What is the length of the longest dimension of the {A}?", "how large is the {A}"};
  const std::vector<std::string> height_t = {
      "How tall is the {A}?", "What is the height of the {A}?", "how high is the {A}"};
  auto fill = [](std::string q, const std::string& a, const std::string& b = "",
                 const std::string& c = "") {
    for (auto [key, val] : {std::pair{"{A}", a}, std::pair{"{B}", b}, std::pair{"{C}", c}})
      for (size_t p; (p = q.find(key)) != std::string::npos;) q.replace(p, 3, val);
    return q;
  };
  for (int t = 0; t < 6 && n >= 2; ++t) {
    size_t i = rng() % n, j = rng() % n;
    if (i == j) continue;
    add("abs_distance", fill(pick(dist_t, phr++), nm(i), nm(j)), true,
        (objs[i].box.center - objs[j].box.center).norm(), "");
  }
  for (int t = 0; t < 5; ++t) {
    size_t i = rng() % n;
    const auto& s = objs[i].box.size;
    if (t % 2 == 0)
      add("object_size", fill(pick(size_t_, phr++), nm(i)), true, s.maxCoeff(), "");
    else
      add("object_size", fill(pick(height_t, phr++), nm(i)), true, s.z(), "");
  }

  // Room size (floor area, VSI-Bench) and height.
  const std::vector<std::string> room_t = {
      "How big is this room (in square meters)?", "What is the size of the room?",
      "What is the floor area of the room?", "how large is the room"};
  add("room_size", pick(room_t, phr++), true, r.room_size_m.x() * r.room_size_m.y(), "");
  add("room_size", pick(room_t, phr++), true, r.room_size_m.x() * r.room_size_m.y(), "");
  add("room_size",
      phr % 2 ? "How high is the ceiling of the room?" : "what is the height of the room", true,
      r.room_size_m.z(), "");
  ++phr;

  // Relative distance: which of three candidates is closest / farthest to a reference.
  const std::vector<std::string> rel_t = {
      "Which of these objects ({A}, {B}, {C}) is the closest to the {R}?",
      "Which is nearest to the {R}: the {A}, the {B} or the {C}?",
      "Which of the {A}, {B} and {C} is farthest from the {R}?",
      "Among the {A}, the {B} and the {C}, which one is furthest from the {R}?"};
  for (int t = 0; t < 4 && n >= 4; ++t) {
    std::vector<size_t> idx(n);
    for (size_t k = 0; k < n; ++k) idx[k] = k;
    std::shuffle(idx.begin(), idx.end(), rng);
    const size_t R = idx[0];
    std::vector<std::pair<double, size_t>> d;
    for (int k = 1; k <= 3; ++k)
      d.push_back({(objs[idx[k]].box.center - objs[R].box.center).norm(), idx[k]});
    std::string q = pick(rel_t, phr++);
    const bool far =
        q.find("farthest") != std::string::npos || q.find("furthest") != std::string::npos;
    auto best = far ? std::max_element(d.begin(), d.end()) : std::min_element(d.begin(), d.end());
    bool clear = true;
    for (const auto& e : d)
      if (e.second != best->second && std::abs(e.first - best->first) < 0.15) clear = false;
    if (!clear) continue;
    q = fill(q, nm(idx[1]), nm(idx[2]), nm(idx[3]));
    q.replace(q.find("{R}"), 3, nm(R));
    add("rel_distance", q, false, 0, nm(best->second));
  }

  // Relative direction: standing at A facing B, where is C; and left/right from a camera.
  const std::vector<std::string> dir_t = {
      "If I am standing by the {A} and facing the {B}, is the {C} to my left, right, or back?",
      "Standing at the {A} facing the {B}, is the {C} to my left, my right or behind me?",
      "If I stand next to the {A} and face the {B}, is the {C} on my left, right or back?"};
  for (int t = 0; t < 8 && n >= 3 && out.size() < 1000; ++t) {
    size_t a = rng() % n, b = rng() % n, c = rng() % n;
    if (a == b || b == c || a == c) continue;
    Vec2 f = (objs[b].box.center - objs[a].box.center).head<2>();
    if (f.norm() < 0.3) continue;
    f.normalize();
    const Vec2 right(f.y(), -f.x());
    const Vec2 d = (objs[c].box.center - objs[a].box.center).head<2>();
    if (d.norm() < 0.3 || std::abs(d.dot(f)) < 0.2 * d.norm() ||
        std::abs(d.dot(right)) < 0.2 * d.norm())
      continue;
    const std::string truth = d.dot(f) < 0 ? "back" : d.dot(right) > 0 ? "right" : "left";
    add("rel_direction", fill(pick(dir_t, phr++), nm(a), nm(b), nm(c)), false, 0, truth);
  }
  const std::vector<std::string> cam_t = {
      "From camera {K}, is the {A} to the left or right of the {B}?",
      "Seen from photo {K}, is the {A} left or right of the {B}?"};
  for (int t = 0; t < 4 && n >= 2; ++t) {
    size_t a = rng() % n, b = rng() % n;
    const size_t k = rng() % r.scene.views.size();
    if (a == b) continue;
    const Eigen::Vector3d x_cam = r.scene.views[k].world_from_cam.linear().col(0);
    const double x = (objs[a].box.center - objs[b].box.center).dot(x_cam);
    if (std::abs(x) < 0.2) continue;
    std::string q = fill(pick(cam_t, phr++), nm(a), nm(b));
    q.replace(q.find("{K}"), 3, std::to_string(k + 1));
    add("rel_direction", q, false, 0, x < 0 ? "left" : "right");
  }

  // Appearance order: first view whose object-id image shows the object (>= the generator's
  // visibility threshold of pixels).
  std::vector<int> first(n, -1);
  for (size_t v = 0; v < r.object_ids.size(); ++v) {
    const cv::Mat& ids = r.object_ids[v];
    const int min_px = std::max(10, ids.cols * ids.rows / 2000);
    std::vector<int> cnt(n, 0);
    for (int y = 0; y < ids.rows; ++y)
      for (int x = 0; x < ids.cols; ++x) {
        const int id = ids.at<int>(y, x);
        if (id >= 0 && id < static_cast<int>(n)) ++cnt[id];
      }
    for (size_t k = 0; k < n; ++k)
      if (first[k] < 0 && cnt[k] >= min_px) first[k] = static_cast<int>(v);
  }
  const std::vector<std::string> ord_t = {"Which appears first in the video, the {A} or the {B}?",
                                          "Which of these is seen first: the {A} or the {B}?",
                                          "What shows up first in the photos, {A} or {B}?"};
  for (int t = 0; t < 6 && n >= 2; ++t) {
    size_t a = rng() % n, b = rng() % n;
    if (a == b || first[a] < 0 || first[b] < 0 || first[a] == first[b]) continue;
    add("appearance_order", fill(pick(ord_t, phr++), nm(a), nm(b)), false, 0,
        first[a] < first[b] ? nm(a) : nm(b));
  }

  // On / under / next to (yes / no).
  for (size_t k = 0; k < n; ++k) {
    const int s = r.supported_by[k];
    if (s < 0) continue;
    add("on_under_next",
        phr++ % 2 ? "Is the " + nm(k) + " on the " + nm(s) + "?"
                  : "Is the " + nm(k) + " on top of the " + nm(s) + "?",
        false, 0, "yes");
    add("on_under_next",
        "Is the " + nm(s) + (phr++ % 2 ? " under the " : " beneath the ") + nm(k) + "?", false, 0,
        "yes");
    const size_t o = (k + 1 + rng() % (n - 1)) % n;
    if (o != k && static_cast<int>(o) != s)
      add("on_under_next", "Is the " + nm(k) + " on the " + nm(o) + "?", false, 0,
          r.supported_by[k] == static_cast<int>(o) ? "yes" : "no");
  }
  for (int t = 0; t < 6 && n >= 2; ++t) {
    size_t a = rng() % n, b = rng() % n;
    if (a == b || r.supported_by[a] == static_cast<int>(b) ||
        r.supported_by[b] == static_cast<int>(a))
      continue;
    const double g = gap(objs[a].box, objs[b].box);
    if (std::abs(g - 0.5) < 0.05) continue;
    add("on_under_next",
        "Is the " + nm(a) + (phr++ % 2 ? " next to the " : " beside the ") + nm(b) + "?", false, 0,
        g < 0.5 ? "yes" : "no");
  }
  return out;
}

}  // namespace bench
