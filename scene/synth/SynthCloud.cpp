// Ground-truth cloud: area-proportional samples of every surface of the room shell and of the
// solids, keeping only points on free surfaces (not in contact with or inside another solid).
#include <algorithm>
#include <cmath>
#include <functional>

#include "scene/synth/SynthWorld.h"

namespace sl::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct Surface {
  double area = 0;
  // (u, v) in [0, 1)^2 -> hit with world point in `local`'s place returned via `p`.
  std::function<void(double, double, Eigen::Vector3d*, Hit*)> sample;
};

Eigen::Vector3d rot(const Solid& s, const Eigen::Vector3d& v) {
  return Eigen::Vector3d(s.cos_yaw * v.x() - s.sin_yaw * v.y(),
                         s.sin_yaw * v.x() + s.cos_yaw * v.y(), v.z());
}

void add_solid(const World& w, const Solid& s, std::vector<Surface>* out) {
  auto emit = [&s](const Eigen::Vector3d& local, const Eigen::Vector3d& n_local, Eigen::Vector3d* p,
                   Hit* h) {
    *p = s.center + rot(s, local);
    h->local = local;
    h->normal = rot(s, n_local);
    h->id = s.object;
    h->material = s.material;
  };
  const Eigen::Vector3d hh = s.half;
  if (s.kind == Solid::Kind::Box) {
    for (int axis = 0; axis < 3; ++axis)
      for (int sign : {-1, 1}) {
        const int a = (axis + 1) % 3, b = (axis + 2) % 3;
        Surface f;
        f.area = 4 * hh[a] * hh[b];
        f.sample = [=](double u, double v, Eigen::Vector3d* p, Hit* h) {
          Eigen::Vector3d l, n = Eigen::Vector3d::Zero();
          l[axis] = sign * hh[axis];
          l[a] = (2 * u - 1) * hh[a];
          l[b] = (2 * v - 1) * hh[b];
          n[axis] = sign;
          emit(l, n, p, h);
        };
        out->push_back(f);
      }
  } else if (s.kind == Solid::Kind::Cylinder) {
    const double r = hh.x(), hz = hh.z();
    Surface side;
    side.area = 2 * kPi * r * 2 * hz;
    side.sample = [=](double u, double v, Eigen::Vector3d* p, Hit* h) {
      const double phi = 2 * kPi * u;
      const Eigen::Vector3d n(std::cos(phi), std::sin(phi), 0);
      emit(Eigen::Vector3d(r * n.x(), r * n.y(), (2 * v - 1) * hz), n, p, h);
    };
    out->push_back(side);
    for (int sign : {-1, 1}) {
      Surface cap;
      cap.area = kPi * r * r;
      cap.sample = [=](double u, double v, Eigen::Vector3d* p, Hit* h) {
        const double rr = r * std::sqrt(u), phi = 2 * kPi * v;
        emit(Eigen::Vector3d(rr * std::cos(phi), rr * std::sin(phi), sign * hz),
             Eigen::Vector3d(0, 0, sign), p, h);
      };
      out->push_back(cap);
    }
  } else {
    const double r = hh.x();
    Surface sph;
    sph.area = 4 * kPi * r * r;
    sph.sample = [=](double u, double v, Eigen::Vector3d* p, Hit* h) {
      const double z = 1 - 2 * u, rho = std::sqrt(std::max(0.0, 1 - z * z)), phi = 2 * kPi * v;
      const Eigen::Vector3d n(rho * std::cos(phi), rho * std::sin(phi), z);
      emit(r * n, n, p, h);
    };
    out->push_back(sph);
  }
  (void)w;
}

void add_shell(const World& w, std::vector<Surface>* out) {
  const Eigen::Vector3d R = w.room;
  // axis, at max side?, id, shell material index
  const struct {
    int axis;
    bool far;
    int id, mat;
  } faces[6] = {{2, false, kFloorId, 0},     {2, true, kCeilingId, 1},
                {0, false, kWallId0, 2},     {0, true, kWallId0 - 1, 3},
                {1, false, kWallId0 - 2, 4}, {1, true, kWallId0 - 3, 5}};
  for (const auto& f : faces) {
    const int a = (f.axis + 1) % 3, b = (f.axis + 2) % 3;
    Surface s;
    s.area = R[a] * R[b];
    const int axis = f.axis, id = f.id, mat = w.shell_material[static_cast<size_t>(f.mat)];
    const bool far = f.far;
    s.sample = [=](double u, double v, Eigen::Vector3d* p, Hit* h) {
      Eigen::Vector3d q, n = Eigen::Vector3d::Zero();
      q[axis] = far ? R[axis] : 0.0;
      q[a] = u * R[a];
      q[b] = v * R[b];
      n[axis] = far ? -1 : 1;
      *p = q;
      h->local = q;
      h->normal = n;
      h->id = id;
      h->material = mat;
    };
    out->push_back(s);
  }
}

}  // namespace

void sample_surfaces(const World& w, Rng& rng, int count, PointCloud* cloud,
                     std::vector<int>* point_object) {
  std::vector<Surface> surfaces;
  add_shell(w, &surfaces);
  for (const Solid& s : w.solids) add_solid(w, s, &surfaces);
  std::vector<double> cdf;
  double total = 0;
  for (const Surface& s : surfaces) cdf.push_back(total += s.area);

  cloud->clear();
  cloud->reserve(static_cast<size_t>(count));
  cloud->normals.reserve(static_cast<size_t>(count));
  point_object->clear();
  const long max_tries = 50L * count + 1000;
  for (long tries = 0; static_cast<int>(cloud->size()) < count && tries < max_tries; ++tries) {
    const double pick = rng.uniform() * total;
    const size_t i =
        std::min(surfaces.size() - 1,
                 static_cast<size_t>(std::upper_bound(cdf.begin(), cdf.end(), pick) - cdf.begin()));
    const double u = rng.uniform(), v = rng.uniform();
    Eigen::Vector3d p;
    Hit h;
    surfaces[i].sample(u, v, &p, &h);
    // Hidden: touching or inside another solid, or under the floor.
    if (inside_any_solid(w, p + 0.002 * h.normal, 0.0)) continue;
    const Eigen::Vector3f c = surface_color(w, h) * 255.0f;
    cloud->xyz.push_back(p.cast<float>());
    cloud->rgb.push_back({static_cast<uint8_t>(std::lround(c.x())),
                          static_cast<uint8_t>(std::lround(c.y())),
                          static_cast<uint8_t>(std::lround(c.z()))});
    cloud->confidence.push_back(1.0f);
    cloud->normals.push_back(h.normal.cast<float>());
    point_object->push_back(h.id >= 0 ? h.id : -1);
  }
}

}  // namespace sl::synth
