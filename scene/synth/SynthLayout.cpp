// Procedural room layout: room size, camera path, furniture built from analytic parts, placed
// without intersections (footprint separating-axis tests), some objects standing on others.
#include <algorithm>
#include <cmath>
#include <map>

#include "scene/synth/SynthWorld.h"

namespace sl::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct Part {
  Solid::Kind kind;
  Eigen::Vector3d c;     // object-local centre (z up from the object's base)
  Eigen::Vector3d half;  // as Solid::half
  int slot;              // 0 main material, 1 secondary
};

Part box(double cx, double cy, double z0, double lx, double ly, double lz, int slot = 0) {
  return {Solid::Kind::Box, {cx, cy, z0 + lz / 2}, {lx / 2, ly / 2, lz / 2}, slot};
}
Part cyl(double cx, double cy, double z0, double r, double h, int slot = 0) {
  return {Solid::Kind::Cylinder, {cx, cy, z0 + h / 2}, {r, r, h / 2}, slot};
}
Part sphere(double cx, double cy, double cz, double r, int slot = 0) {
  return {Solid::Kind::Sphere, {cx, cy, cz}, {r, r, r}, slot};
}

// Furniture parts in the object frame: length along x, width along y, base at z = 0.
std::vector<Part> build(const std::string& label, Rng& r) {
  std::vector<Part> p;
  if (label == "table") {
    const double l = r.uniform(1.0, 1.5), w = r.uniform(0.65, 0.9), h = r.uniform(0.72, 0.78);
    const double t = 0.04, leg = 0.06, ix = l / 2 - 0.08, iy = w / 2 - 0.08;
    p.push_back(box(0, 0, h - t, l, w, t));
    for (int sx : {-1, 1})
      for (int sy : {-1, 1}) p.push_back(box(sx * ix, sy * iy, 0, leg, leg, h - t, 1));
  } else if (label == "chair") {
    const double s = r.uniform(0.42, 0.5), h = r.uniform(0.43, 0.48), leg = 0.04;
    const double back = r.uniform(0.35, 0.45), i = s / 2 - 0.04;
    p.push_back(box(0, 0, h - 0.05, s, s, 0.05));
    for (int sx : {-1, 1})
      for (int sy : {-1, 1}) p.push_back(box(sx * i, sy * i, 0, leg, leg, h - 0.05, 1));
    p.push_back(box(0, -s / 2 + 0.025, h, s, 0.05, back));
  } else if (label == "sofa") {
    const double l = r.uniform(1.6, 2.1), w = r.uniform(0.8, 0.95), h = r.uniform(0.38, 0.45);
    const double arm = 0.15, bh = r.uniform(0.75, 0.9);
    p.push_back(box(0, 0.1, 0, l - 2 * arm, w - 0.2, h));
    p.push_back(box(0, -w / 2 + 0.1, 0, l - 2 * arm, 0.2, bh, 1));
    for (int sx : {-1, 1}) p.push_back(box(sx * (l / 2 - arm / 2), 0, 0, arm, w, h + 0.18, 1));
  } else if (label == "bed") {
    const double l = r.uniform(1.9, 2.1), w = r.uniform(1.2, 1.6), h = r.uniform(0.45, 0.55);
    p.push_back(box(0.03, 0, 0, l - 0.06, w, h));
    p.push_back(box(-l / 2 + 0.03, 0, 0, 0.06, w, h + 0.45, 1));
    p.push_back(box(-l / 2 + 0.3, 0, h, 0.4, w * 0.7, 0.12, 1));
  } else if (label == "cabinet") {
    p.push_back(box(0, 0, 0, r.uniform(0.8, 1.2), r.uniform(0.4, 0.5), r.uniform(0.65, 0.85)));
  } else if (label == "bookshelf") {
    const double l = r.uniform(0.8, 1.0), w = r.uniform(0.3, 0.35), h = r.uniform(1.6, 1.95);
    p.push_back(box(0, 0, 0, l, w, h));
  } else if (label == "lamp") {
    const double h = r.uniform(1.4, 1.6), rs = r.uniform(0.17, 0.22);
    p.push_back(cyl(0, 0, 0, 0.16, 0.04, 1));
    p.push_back(cyl(0, 0, 0.04, 0.02, h - 0.04, 1));
    p.push_back(cyl(0, 0, h, rs, 0.3));
  } else if (label == "plant") {
    const double rp = r.uniform(0.14, 0.2), hp = r.uniform(0.3, 0.4), rf = r.uniform(0.26, 0.34);
    p.push_back(cyl(0, 0, 0, rp, hp, 1));
    p.push_back(sphere(0, 0, hp + rf - 0.04, rf));
  } else if (label == "box") {
    p.push_back(box(0, 0, 0, r.uniform(0.25, 0.45), r.uniform(0.2, 0.3), r.uniform(0.15, 0.35)));
  } else if (label == "stool") {
    const double h = r.uniform(0.55, 0.7);
    p.push_back(cyl(0, 0, 0, 0.16, 0.03, 1));
    p.push_back(cyl(0, 0, 0.03, 0.03, h - 0.08, 1));
    p.push_back(cyl(0, 0, h - 0.05, r.uniform(0.16, 0.2), 0.05));
  } else if (label == "cup") {
    p.push_back(cyl(0, 0, 0, r.uniform(0.035, 0.045), r.uniform(0.09, 0.12)));
  } else if (label == "tv") {
    const double l = r.uniform(0.8, 1.1), h = l * 0.58;
    p.push_back(box(0, 0, 0, 0.3, 0.2, 0.03, 1));
    p.push_back(box(0, 0, 0.03, 0.06, 0.04, 0.08, 1));
    p.push_back(box(0, 0, 0.11, l, 0.06, h));
  }
  return p;
}

bool wall_aligned(const std::string& label) {
  return label == "sofa" || label == "bed" || label == "bookshelf" || label == "cabinet";
}

struct Footprint {  // oriented rectangle in the floor plane
  Eigen::Vector2d c, ax, ay;
  double hx, hy;
  std::array<Eigen::Vector2d, 4> corners() const {
    return {c + hx * ax + hy * ay, c - hx * ax + hy * ay, c - hx * ax - hy * ay,
            c + hx * ax - hy * ay};
  }
};

// Separating-axis test: true when the rectangles overlap (gap below `margin`).
bool overlap(const Footprint& a, const Footprint& b, double margin) {
  for (const Eigen::Vector2d& n : {a.ax, a.ay, b.ax, b.ay}) {
    const double ra = a.hx * std::abs(n.dot(a.ax)) + a.hy * std::abs(n.dot(a.ay));
    const double rb = b.hx * std::abs(n.dot(b.ax)) + b.hy * std::abs(n.dot(b.ay));
    if (std::abs(n.dot(b.c - a.c)) >= ra + rb + margin) return false;
  }
  return true;
}

double distance_to(const Footprint& f, const Eigen::Vector2d& p) {
  const Eigen::Vector2d d = p - f.c;
  const double dx = std::max(0.0, std::abs(d.dot(f.ax)) - f.hx);
  const double dy = std::max(0.0, std::abs(d.dot(f.ay)) - f.hy);
  return std::sqrt(dx * dx + dy * dy);
}

struct Candidate {
  std::string label;
  std::vector<Part> parts;
  Eigen::Vector3d lo, hi;  // local bounds
};

Candidate make_candidate(const std::string& label, Rng& rng) {
  Candidate c{label, build(label, rng), Eigen::Vector3d::Constant(1e9),
              Eigen::Vector3d::Constant(-1e9)};
  for (const Part& p : c.parts) {
    c.lo = c.lo.cwiseMin(p.c - p.half);
    c.hi = c.hi.cwiseMax(p.c + p.half);
  }
  if (c.hi.y() - c.lo.y() > c.hi.x() - c.lo.x()) {  // keep length >= width: rotate by -90 deg
    for (Part& p : c.parts) {
      p.c = Eigen::Vector3d(p.c.y(), -p.c.x(), p.c.z());
      std::swap(p.half.x(), p.half.y());
    }
    c.lo = Eigen::Vector3d::Constant(1e9);
    c.hi = Eigen::Vector3d::Constant(-1e9);
    for (const Part& p : c.parts) {
      c.lo = c.lo.cwiseMin(p.c - p.half);
      c.hi = c.hi.cwiseMax(p.c + p.half);
    }
  }
  return c;
}

Footprint footprint(const Candidate& c, const Eigen::Vector2d& pos, double yaw) {
  Footprint f;
  f.ax = Eigen::Vector2d(std::cos(yaw), std::sin(yaw));
  f.ay = Eigen::Vector2d(-f.ax.y(), f.ax.x());
  const Eigen::Vector2d mid = 0.5 * (c.lo + c.hi).head<2>();
  f.c = pos + mid.x() * f.ax + mid.y() * f.ay;
  f.hx = 0.5 * (c.hi.x() - c.lo.x());
  f.hy = 0.5 * (c.hi.y() - c.lo.y());
  return f;
}

class Placer {
 public:
  Placer(World& w, Rng& rng) : w_(w), rng_(rng) {}

  // Places `label` on the floor (support < 0) or on object `support`; returns object index or -1.
  int place(const std::string& label, int support, int attempts) {
    for (int a = 0; a < attempts; ++a) {
      Candidate c = make_candidate(label, rng_);
      Eigen::Vector2d pos;
      double yaw, base_z = 0;
      if (support < 0 && !try_floor(c, &pos, &yaw)) continue;
      if (support >= 0 && !try_support(c, support, &pos, &yaw, &base_z)) continue;
      const Footprint f = footprint(c, pos, yaw);
      if (support < 0) floor_.push_back(f);
      on_[support].push_back(f);
      return add(c, pos, yaw, base_z, support);
    }
    return -1;
  }

 private:
  bool try_floor(const Candidate& c, Eigen::Vector2d* pos, double* yaw) {
    const Eigen::Vector3d& R = w_.room;
    if (wall_aligned(c.label)) {
      const int wall = rng_.uniform_int(0, 3);  // -y, +y, -x, +x
      const double yaws[4] = {0, kPi, -kPi / 2, kPi / 2};
      *yaw = yaws[wall];
      const double gap = 0.02 - c.lo.y();  // back (local -y) against the wall
      const double along = wall < 2 ? R.x() : R.y();
      const double t = rng_.uniform(0.1 - c.lo.x(), along - 0.1 - c.hi.x());
      if (wall == 0) *pos = {t, gap};
      if (wall == 1) *pos = {along - t, R.y() - gap};
      if (wall == 2) *pos = {gap, along - t};
      if (wall == 3) *pos = {R.x() - gap, t};
    } else {
      *yaw = rng_.uniform(-kPi, kPi);
      *pos = {rng_.uniform(0.2, R.x() - 0.2), rng_.uniform(0.2, R.y() - 0.2)};
    }
    const Footprint f = footprint(c, *pos, *yaw);
    for (const Eigen::Vector2d& q : f.corners())
      if (q.x() < 0.01 || q.y() < 0.01 || q.x() > R.x() - 0.01 || q.y() > R.y() - 0.01)
        return false;
    for (const Footprint& o : floor_)
      if (overlap(f, o, 0.12)) return false;
    for (int i = 0; i < 72; ++i) {  // keep clear of the camera path
      const double th = 2 * kPi * i / 72;
      const Eigen::Vector2d p = w_.path_center + Eigen::Vector2d(w_.path_axes.x() * std::cos(th),
                                                                 w_.path_axes.y() * std::sin(th));
      if (distance_to(f, p) < 0.5) return false;
    }
    // Cameras look outwards from the path: nothing stands inside it.
    const Eigen::Vector2d e = (f.c - w_.path_center).cwiseQuotient(w_.path_axes);
    if (e.squaredNorm() < 1) return false;
    return true;
  }

  bool try_support(const Candidate& c, int support, Eigen::Vector2d* pos, double* yaw,
                   double* base_z) {
    const ObjectSpec& s = w_.objects[support];
    const Eigen::Vector2d sx = s.box.axes.col(0).head<2>(), sy = s.box.axes.col(1).head<2>();
    const double hx = s.box.size.x() / 2, hy = s.box.size.y() / 2;
    *yaw = rng_.uniform(-kPi, kPi);
    if (c.label == "tv") *yaw = std::atan2(sx.y(), sx.x());  // along the cabinet
    *pos = s.box.center.head<2>() + rng_.uniform(-hx, hx) * sx + rng_.uniform(-hy, hy) * sy;
    *base_z = s.box.center.z() + s.box.size.z() / 2;
    const Footprint f = footprint(c, *pos, *yaw);
    for (const Eigen::Vector2d& q : f.corners()) {
      const Eigen::Vector2d d = q - s.box.center.head<2>();
      if (std::abs(d.dot(sx)) > hx - 0.02 || std::abs(d.dot(sy)) > hy - 0.02) return false;
    }
    for (const Footprint& o : on_[support])
      if (overlap(f, o, 0.05)) return false;
    return true;
  }

  int add(const Candidate& c, const Eigen::Vector2d& pos, double yaw, double base_z, int support) {
    const int id = static_cast<int>(w_.objects.size());
    ObjectSpec o;
    o.label = c.label;
    o.support = support;
    const double cy = std::cos(yaw), sy = std::sin(yaw);
    o.box.axes << cy, -sy, 0, sy, cy, 0, 0, 0, 1;
    const Eigen::Vector3d origin(pos.x(), pos.y(), base_z);
    o.box.center = origin + o.box.axes * (0.5 * (c.lo + c.hi));
    o.box.size = c.hi - c.lo;
    const int mat0 = static_cast<int>(w_.materials.size());
    w_.materials.push_back(random_material(rng_, false));
    w_.materials.push_back(random_material(rng_, false));
    for (const Part& p : c.parts) {
      Solid s;
      s.kind = p.kind;
      s.center = origin + o.box.axes * p.c;
      s.yaw = yaw;
      s.cos_yaw = cy;
      s.sin_yaw = sy;
      s.half = p.half;
      s.object = id;
      s.material = mat0 + p.slot;
      o.solids.push_back(static_cast<int>(w_.solids.size()));
      w_.solids.push_back(s);
    }
    w_.objects.push_back(o);
    return id;
  }

  World& w_;
  Rng& rng_;
  std::vector<Footprint> floor_;
  std::map<int, std::vector<Footprint>> on_;
};

}  // namespace

Material random_material(Rng& rng, bool room_surface) {
  Material m;
  m.seed = rng.next();
  const Pattern room[] = {Pattern::Noise, Pattern::Blobs, Pattern::Stripes, Pattern::Checker,
                          Pattern::Wood};
  const Pattern obj[] = {Pattern::Noise, Pattern::Checker, Pattern::Stripes, Pattern::Wood,
                         Pattern::Blobs};
  m.pattern = room_surface ? room[rng.uniform_int(0, 4)] : obj[rng.uniform_int(0, 4)];
  for (int i = 0; i < 3; ++i) m.base[i] = static_cast<float>(rng.uniform(0.3, 0.9));
  for (int i = 0; i < 3; ++i) m.accent[i] = static_cast<float>(rng.uniform(0.05, 0.9));
  if ((m.base - m.accent).norm() < 0.45f) m.accent = m.base * 0.35f;  // keep contrast
  m.scale_m = static_cast<float>(room_surface ? rng.uniform(0.15, 0.4) : rng.uniform(0.05, 0.15));
  return m;
}

World make_world(Rng& rng) {
  World w;
  w.room = Eigen::Vector3d(rng.uniform(4.0, 7.0), rng.uniform(3.5, 6.0), rng.uniform(2.6, 3.0));
  w.path_center = 0.5 * w.room.head<2>();
  w.path_axes = 0.18 * w.room.head<2>();
  for (int i = 0; i < 6; ++i) {
    w.shell_material[i] = static_cast<int>(w.materials.size());
    Material m = random_material(rng, true);
    if (i == 0) m.pattern = rng.uniform() < 0.5 ? Pattern::Wood : Pattern::Checker;
    w.materials.push_back(m);
  }
  Placer placer(w, rng);
  const int target = rng.uniform_int(6, 10);
  const int table = placer.place("table", -1, 300);
  const int cabinet = rng.uniform() < 0.8 ? placer.place("cabinet", -1, 200) : -1;
  if (table >= 0) placer.place("cup", table, 100);
  if (cabinet >= 0) placer.place("tv", cabinet, 100);
  if (table >= 0 && rng.uniform() < 0.6) placer.place("box", table, 100);
  const char* vocab[] = {"chair", "chair", "sofa",  "bed",       "lamp", "plant",
                         "box",   "stool", "chair", "bookshelf", "plant"};
  for (int tries = 0; tries < 60 && static_cast<int>(w.objects.size()) < target; ++tries)
    placer.place(vocab[rng.uniform_int(0, 10)], -1, 40);

  std::map<std::string, int> count, seen;
  for (const ObjectSpec& o : w.objects) ++count[o.label];
  for (ObjectSpec& o : w.objects)
    o.name = count[o.label] > 1 ? o.label + " " + std::to_string(++seen[o.label]) : o.label;
  return w;
}

}  // namespace sl::synth
