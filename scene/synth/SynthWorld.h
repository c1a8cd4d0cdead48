// Internal model of a synthetic room: analytic solids (boxes, cylinders, spheres) grouped into
// objects, the room shell, and per-surface procedural materials. Shared by the layout,
// texture, renderer and ground-truth sampler. Everything derives from one seeded Rng.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl::synth {

// Portable random numbers: std::mt19937 is specified bit-exactly by the standard, its
// distributions are not, so uniform values are built from raw engine output here.
class Rng {
 public:
  explicit Rng(uint32_t seed) : engine_(seed) {}
  uint32_t next() { return static_cast<uint32_t>(engine_()); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() {
    const uint64_t hi = next() >> 5, lo = next() >> 6;
    return (static_cast<double>(hi) * 67108864.0 + static_cast<double>(lo)) / 9007199254740992.0;
  }
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  // Uniform integer in [lo, hi] (inclusive), by rejection (no modulo bias).
  int uniform_int(int lo, int hi) {
    const uint32_t range = static_cast<uint32_t>(hi - lo) + 1u;
    const uint32_t limit = 0xFFFFFFFFu - (0xFFFFFFFFu % range);
    uint32_t r;
    do r = next();
    while (r >= limit);
    return lo + static_cast<int>(r % range);
  }

 private:
  std::mt19937 engine_;
};

enum class Pattern { Noise, Checker, Stripes, Wood, Blobs };

struct Material {
  uint32_t seed = 0;
  Pattern pattern = Pattern::Noise;
  Eigen::Vector3f base{0.6f, 0.6f, 0.6f};  // RGB in [0, 1]
  Eigen::Vector3f accent{0.3f, 0.3f, 0.3f};
  float scale_m = 0.2f;  // characteristic pattern size
};

struct Solid {
  enum class Kind { Box, Cylinder, Sphere };
  Kind kind = Kind::Box;
  Eigen::Vector3d center = Eigen::Vector3d::Zero();  // world
  double yaw = 0;                                    // radians about +z
  // Box: half extents along local x, y, z. Cylinder (axis z): x = radius, z = half height.
  // Sphere: x = radius.
  Eigen::Vector3d half = Eigen::Vector3d::Zero();
  double cos_yaw = 1, sin_yaw = 0;  // of yaw, cached
  int object = -1;                  // index into World::objects
  int material = 0;
};

struct ObjectSpec {
  std::string name, label;
  OrientedBox box;          // exact bounds of the union of its solids
  std::vector<int> solids;  // indices into World::solids
  int support = -1;         // object it stands on, -1 = floor
};

// Surface ids of the room shell (negative object ids in the id buffer).
constexpr int kFloorId = -2, kCeilingId = -3, kWallId0 = -4;  // walls -4..-7
constexpr int kNoHit = -1;

struct World {
  Eigen::Vector3d room = Eigen::Vector3d(5, 4, 2.8);  // room spans [0, room] on each axis
  std::vector<Solid> solids;
  std::vector<ObjectSpec> objects;
  std::vector<Material> materials;
  std::array<int, 6> shell_material{};  // floor, ceiling, walls -x, +x, -y, +y
  Eigen::Vector3d light_dir = Eigen::Vector3d(0.3, 0.5, 0.81).normalized();  // towards light
  // Camera path: ellipse (centre, semi-axes) in the horizontal plane; furniture keeps clear.
  Eigen::Vector2d path_center = Eigen::Vector2d::Zero();
  Eigen::Vector2d path_axes = Eigen::Vector2d::Ones();
};

struct Hit {
  double t = 0;  // ray parameter
  Eigen::Vector3d normal = Eigen::Vector3d::UnitZ();
  Eigen::Vector3d local = Eigen::Vector3d::Zero();  // texture coordinates (solid frame / world)
  int id = kNoHit;                                  // object index, or a shell id
  int material = 0;
};

// Layout (SynthLayout.cpp): room, camera path, objects (clear of the path), materials.
World make_world(Rng& rng);
Material random_material(Rng& rng, bool room_surface);

// Textures (SynthTexture.cpp): shaded colour (RGB in [0, 1]) of a surface point.
Eigen::Vector3f surface_color(const World& world, const Hit& hit);

// Ray casting (SynthRaycast.cpp): nearest hit of origin + t * dir, t > 0 (dir need not be unit).
bool raycast(const World& world, const Eigen::Vector3d& origin, const Eigen::Vector3d& dir,
             Hit* hit);
// True when p lies strictly inside a solid (by more than eps) or outside the room.
bool inside_any_solid(const World& world, const Eigen::Vector3d& p, double eps);
// Renders colour (CV_8UC3 BGR, 2x2 supersampled), depth (CV_32F camera z) and ids (CV_32S).
void render_view(const World& world, const View& view, cv::Mat* bgr, cv::Mat* depth_m,
                 cv::Mat* ids);

// Ground truth (SynthCloud.cpp): area-proportional samples of the visible surfaces, with
// colour, normal, confidence 1; `point_object[i]` is the object of point i (-1: room shell).
void sample_surfaces(const World& world, Rng& rng, int count, PointCloud* cloud,
                     std::vector<int>* point_object);

}  // namespace sl::synth
