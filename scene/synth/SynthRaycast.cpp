// CPU ray casting of the analytic room: shell (inside of a box), boxes, z-axis cylinders and
// spheres. Per pixel: depth (camera z), id and colour from the centre ray; colour 2x2
// supersampled at edges between surfaces.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <thread>

#include "scene/synth/SynthWorld.h"

namespace sl::synth {
namespace {

constexpr double kEps = 1e-9;

// Ray in solid-local coordinates.
void to_local(const Solid& s, const Eigen::Vector3d& o, const Eigen::Vector3d& d,
              Eigen::Vector3d* lo, Eigen::Vector3d* ld) {
  const Eigen::Vector3d q = o - s.center;
  *lo = Eigen::Vector3d(s.cos_yaw * q.x() + s.sin_yaw * q.y(),
                        -s.sin_yaw * q.x() + s.cos_yaw * q.y(), q.z());
  *ld = Eigen::Vector3d(s.cos_yaw * d.x() + s.sin_yaw * d.y(),
                        -s.sin_yaw * d.x() + s.cos_yaw * d.y(), d.z());
}

Eigen::Vector3d to_world_dir(const Solid& s, const Eigen::Vector3d& n) {
  return Eigen::Vector3d(s.cos_yaw * n.x() - s.sin_yaw * n.y(),
                         s.sin_yaw * n.x() + s.cos_yaw * n.y(), n.z());
}

// Slab test against an axis-aligned box [-h, h]; entering parameter and axis.
bool slab(const Eigen::Vector3d& o, const Eigen::Vector3d& d, const Eigen::Vector3d& h, double tmax,
          double* t_hit, int* axis) {
  double t0 = 0, t1 = tmax;
  int ax = -1;
  for (int i = 0; i < 3; ++i) {
    if (std::abs(d[i]) < kEps) {
      if (std::abs(o[i]) > h[i]) return false;
      continue;
    }
    double a = (-h[i] - o[i]) / d[i], b = (h[i] - o[i]) / d[i];
    if (a > b) std::swap(a, b);
    if (a > t0) {
      t0 = a;
      ax = i;
    }
    t1 = std::min(t1, b);
    if (t0 > t1) return false;
  }
  if (ax < 0) return false;  // origin inside the box: no front-face hit
  *t_hit = t0;
  *axis = ax;
  return true;
}

// Nearest hit of one solid with t in (0, tmax): local point and local normal.
bool intersect(const Solid& s, const Eigen::Vector3d& o, const Eigen::Vector3d& d, double tmax,
               double* t, Eigen::Vector3d* n_local) {
  switch (s.kind) {
    case Solid::Kind::Box: {
      int axis;
      if (!slab(o, d, s.half, tmax, t, &axis)) return false;
      *n_local = Eigen::Vector3d::Zero();
      (*n_local)[axis] = d[axis] > 0 ? -1 : 1;
      return true;
    }
    case Solid::Kind::Cylinder: {
      const double r = s.half.x(), hz = s.half.z();
      bool found = false;
      const double a = d.x() * d.x() + d.y() * d.y();
      if (a > kEps) {
        const double b = o.x() * d.x() + o.y() * d.y();
        const double c = o.x() * o.x() + o.y() * o.y() - r * r;
        const double disc = b * b - a * c;
        if (disc >= 0) {
          const double tt = (-b - std::sqrt(disc)) / a;
          const double z = o.z() + tt * d.z();
          if (tt > 0 && tt < tmax && std::abs(z) <= hz) {
            *t = tt;
            tmax = tt;
            *n_local = Eigen::Vector3d(o.x() + tt * d.x(), o.y() + tt * d.y(), 0) / r;
            found = true;
          }
        }
      }
      if (std::abs(d.z()) > kEps) {
        const double zc = d.z() > 0 ? -hz : hz;  // the cap facing the ray
        const double tt = (zc - o.z()) / d.z();
        if (tt > 0 && tt < tmax) {
          const double x = o.x() + tt * d.x(), y = o.y() + tt * d.y();
          if (x * x + y * y <= r * r) {
            *t = tt;
            *n_local = Eigen::Vector3d(0, 0, d.z() > 0 ? -1 : 1);
            found = true;
          }
        }
      }
      return found;
    }
    case Solid::Kind::Sphere: {
      const double r = s.half.x();
      const double a = d.squaredNorm(), b = o.dot(d), c = o.squaredNorm() - r * r;
      const double disc = b * b - a * c;
      if (disc < 0) return false;
      const double tt = (-b - std::sqrt(disc)) / a;
      if (tt <= 0 || tt >= tmax) return false;
      *t = tt;
      *n_local = (o + tt * d) / r;
      return true;
    }
  }
  return false;
}

}  // namespace

bool raycast(const World& w, const Eigen::Vector3d& o, const Eigen::Vector3d& d, Hit* hit) {
  // Room shell: where the ray leaves the room box.
  double tbest = std::numeric_limits<double>::infinity();
  int face = -1;
  for (int i = 0; i < 3; ++i) {
    if (std::abs(d[i]) < kEps) continue;
    const double t = ((d[i] > 0 ? w.room[i] : 0.0) - o[i]) / d[i];
    if (t < tbest) {
      tbest = t;
      face = i * 2 + (d[i] > 0 ? 1 : 0);
    }
  }
  if (face < 0 || tbest <= 0) return false;
  // face: 0 -x, 1 +x, 2 -y, 3 +y, 4 floor, 5 ceiling
  static const int kShellIndex[6] = {2, 3, 4, 5, 0, 1};  // into World::shell_material
  static const int kShellId[6] = {kWallId0,     kWallId0 - 1, kWallId0 - 2,
                                  kWallId0 - 3, kFloorId,     kCeilingId};
  hit->t = tbest;
  hit->normal = Eigen::Vector3d::Zero();
  hit->normal[face / 2] = (face % 2) ? -1 : 1;
  hit->local = o + tbest * d;
  hit->id = kShellId[face];
  hit->material = w.shell_material[static_cast<size_t>(kShellIndex[face])];

  for (const ObjectSpec& obj : w.objects) {
    // Cull by the object's box.
    const Eigen::Vector3d lo = obj.box.axes.transpose() * (o - obj.box.center);
    const Eigen::Vector3d ld = obj.box.axes.transpose() * d;
    double tb;
    int ax;
    const bool inside = (lo.cwiseAbs().array() <= (obj.box.size / 2).array()).all();
    if (!inside &&
        !slab(lo, ld, obj.box.size / 2 + Eigen::Vector3d::Constant(1e-6), hit->t, &tb, &ax))
      continue;
    for (int si : obj.solids) {
      const Solid& s = w.solids[static_cast<size_t>(si)];
      Eigen::Vector3d so, sd, n;
      to_local(s, o, d, &so, &sd);
      double t;
      if (!intersect(s, so, sd, hit->t, &t, &n)) continue;
      hit->t = t;
      hit->normal = to_world_dir(s, n);
      hit->local = so + t * sd;
      hit->id = s.object;
      hit->material = s.material;
    }
  }
  return true;
}

bool inside_any_solid(const World& w, const Eigen::Vector3d& p, double eps) {
  for (int i = 0; i < 3; ++i)
    if (p[i] < -eps || p[i] > w.room[i] + eps) return true;
  for (const Solid& s : w.solids) {
    Eigen::Vector3d q, unused;
    to_local(s, p, Eigen::Vector3d::Zero(), &q, &unused);
    switch (s.kind) {
      case Solid::Kind::Box:
        if ((q.cwiseAbs() - s.half).maxCoeff() < -eps) return true;
        break;
      case Solid::Kind::Cylinder:
        if (std::abs(q.z()) < s.half.z() - eps && std::hypot(q.x(), q.y()) < s.half.x() - eps)
          return true;
        break;
      case Solid::Kind::Sphere:
        if (q.norm() < s.half.x() - eps) return true;
        break;
    }
  }
  return false;
}

void render_view(const World& w, const View& view, cv::Mat* bgr, cv::Mat* depth_m, cv::Mat* ids) {
  const Intrinsics& K = view.intrinsics;
  *bgr = cv::Mat(K.height, K.width, CV_8UC3);
  *depth_m = cv::Mat(K.height, K.width, CV_32F);
  *ids = cv::Mat(K.height, K.width, CV_32S);
  const Eigen::Matrix3d R = view.world_from_cam.linear();
  const Eigen::Vector3d o = view.world_from_cam.translation();
  auto ray = [&](double u, double v) {
    return Eigen::Vector3d(R * Eigen::Vector3d((u - K.cx) / K.fx, (v - K.cy) / K.fy, 1.0));
  };
  auto to_bgr = [](Eigen::Vector3f c) {
    c *= 255.0f;
    return cv::Vec3b(static_cast<uint8_t>(std::lround(c.z())),
                     static_cast<uint8_t>(std::lround(c.y())),
                     static_cast<uint8_t>(std::lround(c.x())));
  };
  cv::Mat mats(K.height, K.width, CV_32S);
  // Pass 1: centre ray per pixel (depth = camera z since the camera-frame ray is (x, y, 1)).
  auto centre = [&](int r0, int step) {
    for (int y = r0; y < K.height; y += step) {
      auto* c = bgr->ptr<cv::Vec3b>(y);
      auto* z = depth_m->ptr<float>(y);
      auto* id = ids->ptr<int32_t>(y);
      auto* mat = mats.ptr<int32_t>(y);
      for (int x = 0; x < K.width; ++x) {
        Hit h;
        if (raycast(w, o, ray(x, y), &h)) {
          z[x] = static_cast<float>(h.t);
          id[x] = h.id;
          mat[x] = h.material;
          c[x] = to_bgr(surface_color(w, h));
        } else {
          z[x] = 0;
          id[x] = kNoHit;
          mat[x] = -1;
          c[x] = cv::Vec3b(0, 0, 0);
        }
      }
    }
  };
  // Pass 2: 2x2 supersampled colour where the surface changes (edges between surfaces/parts).
  auto edges = [&](int r0, int step) {
    for (int y = r0; y < K.height; y += step)
      for (int x = 0; x < K.width; ++x) {
        const int m0 = mats.at<int32_t>(y, x);
        const float z0 = depth_m->at<float>(y, x);
        bool edge = false;
        for (const auto& d :
             {cv::Point(1, 0), cv::Point(-1, 0), cv::Point(0, 1), cv::Point(0, -1)}) {
          const int xx = x + d.x, yy = y + d.y;
          if (xx < 0 || yy < 0 || xx >= K.width || yy >= K.height) continue;
          const float z1 = depth_m->at<float>(yy, xx);
          if (mats.at<int32_t>(yy, xx) != m0 || std::abs(z1 - z0) > 0.03f * z0) edge = true;
        }
        if (!edge) continue;
        Eigen::Vector3f sum = Eigen::Vector3f::Zero();
        for (int s = 0; s < 4; ++s) {
          Hit hs;
          if (raycast(w, o, ray(x + ((s & 1) ? 0.25 : -0.25), y + ((s & 2) ? 0.25 : -0.25)), &hs))
            sum += surface_color(w, hs);
        }
        bgr->at<cv::Vec3b>(y, x) = to_bgr(sum / 4.0f);
      }
  };
  const int n = std::max(1, std::min(16, static_cast<int>(std::thread::hardware_concurrency())));
  for (const auto& pass :
       {std::function<void(int, int)>(centre), std::function<void(int, int)>(edges)}) {
    std::vector<std::thread> pool;
    for (int i = 1; i < n; ++i) pool.emplace_back(pass, i, n);
    pass(0, n);
    for (std::thread& t : pool) t.join();
  }
}

}  // namespace sl::synth
