// Procedural surface textures in solid-local (objects) or world (room) coordinates, so a point
// has the same colour in every view: multi-octave value noise, checker, stripes, wood grain,
// blobs, plus fine detail for feature matching; half-lambert shading from a fixed light.
#include <algorithm>
#include <cmath>

#include "scene/synth/SynthWorld.h"

namespace sl::synth {
namespace {

uint32_t hash(int32_t x, int32_t y, int32_t z, uint32_t seed) {
  uint32_t h = seed ^ 0x9E3779B9u;
  h ^= static_cast<uint32_t>(x) * 0x85EBCA6Bu;
  h = (h << 13) | (h >> 19);
  h ^= static_cast<uint32_t>(y) * 0xC2B2AE35u;
  h = (h << 17) | (h >> 15);
  h ^= static_cast<uint32_t>(z) * 0x27D4EB2Fu;
  h ^= h >> 16;
  h *= 0x7FEB352Du;
  h ^= h >> 15;
  h *= 0x846CA68Bu;
  h ^= h >> 16;
  return h;
}

float unit(uint32_t h) {
  return static_cast<float>(h >> 8) * (1.0f / 16777216.0f);
}

float smooth(float t) {
  return t * t * (3 - 2 * t);
}

// Trilinear value noise in [0, 1].
float value_noise(const Eigen::Vector3d& p, uint32_t seed) {
  const double fx = std::floor(p.x()), fy = std::floor(p.y()), fz = std::floor(p.z());
  const int32_t ix = static_cast<int32_t>(fx), iy = static_cast<int32_t>(fy),
                iz = static_cast<int32_t>(fz);
  const float tx = smooth(static_cast<float>(p.x() - fx)),
              ty = smooth(static_cast<float>(p.y() - fy)),
              tz = smooth(static_cast<float>(p.z() - fz));
  float c[2][2][2];
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int d = 0; d < 2; ++d) c[a][b][d] = unit(hash(ix + a, iy + b, iz + d, seed));
  auto lerp = [](float u, float v, float t) { return u + (v - u) * t; };
  const float x00 = lerp(c[0][0][0], c[1][0][0], tx), x10 = lerp(c[0][1][0], c[1][1][0], tx);
  const float x01 = lerp(c[0][0][1], c[1][0][1], tx), x11 = lerp(c[0][1][1], c[1][1][1], tx);
  return lerp(lerp(x00, x10, ty), lerp(x01, x11, ty), tz);
}

float fbm(const Eigen::Vector3d& p, uint32_t seed, int octaves) {
  float sum = 0, amp = 0.5f, norm = 0;
  Eigen::Vector3d q = p;
  for (int o = 0; o < octaves; ++o) {
    sum += amp * value_noise(q, seed + 7919u * static_cast<uint32_t>(o));
    norm += amp;
    amp *= 0.5f;
    q = q * 2.03 + Eigen::Vector3d(17.1, 5.3, 11.7);
  }
  return sum / norm;
}

// 1 inside a random disc-like blob of the cell grid, falling to 0 at its rim.
float blobs(const Eigen::Vector3d& p, uint32_t seed) {
  const int32_t ix = static_cast<int32_t>(std::floor(p.x())),
                iy = static_cast<int32_t>(std::floor(p.y())),
                iz = static_cast<int32_t>(std::floor(p.z()));
  float best = 0;
  for (int a = -1; a <= 1; ++a)
    for (int b = -1; b <= 1; ++b)
      for (int d = -1; d <= 1; ++d) {
        const uint32_t h = hash(ix + a, iy + b, iz + d, seed);
        const Eigen::Vector3d c(ix + a + unit(hash(h, 1, 0, seed)),
                                iy + b + unit(hash(h, 2, 0, seed)),
                                iz + d + unit(hash(h, 3, 0, seed)));
        const double r = 0.25 + 0.35 * unit(hash(h, 4, 0, seed));
        const double dist = (p - c).norm() / r;
        if (dist < 1) best = std::max(best, static_cast<float>(std::min(1.0, (1 - dist) * 4)));
      }
  return best;
}

float frac(double x) {
  return static_cast<float>(x - std::floor(x));
}

}  // namespace

Eigen::Vector3f surface_color(const World& world, const Hit& hit) {
  const Material& m = world.materials[static_cast<size_t>(hit.material)];
  const Eigen::Vector3d off(unit(hash(1, 2, 3, m.seed)) * 37.0, unit(hash(4, 5, 6, m.seed)) * 37.0,
                            unit(hash(7, 8, 9, m.seed)) * 37.0);
  const Eigen::Vector3d p = hit.local / m.scale_m + off;
  float t = 0;
  switch (m.pattern) {
    case Pattern::Noise:
      t = std::clamp((fbm(p, m.seed, 4) - 0.5f) * 2.5f + 0.5f, 0.0f, 1.0f);
      break;
    case Pattern::Checker: {
      const int64_t s = static_cast<int64_t>(std::floor(p.x())) +
                        static_cast<int64_t>(std::floor(p.y())) +
                        static_cast<int64_t>(std::floor(p.z()));
      t = (s & 1) ? 0.85f : 0.15f;
      t += 0.3f * (fbm(p * 2.0, m.seed, 3) - 0.5f);
      break;
    }
    case Pattern::Stripes: {
      const int axis = static_cast<int>(m.seed % 3u);
      const double v = p[axis] + p[(axis + 1) % 3] * 0.35 + 0.8 * fbm(p * 0.5, m.seed, 3);
      t = frac(v) < 0.45f ? 0.9f : 0.1f;
      t += 0.25f * (fbm(p * 3.0, m.seed + 1, 2) - 0.5f);
      break;
    }
    case Pattern::Wood: {
      const double r =
          std::sqrt(p.y() * p.y() + p.z() * p.z()) * 1.7 + 1.5 * fbm(p * 0.4, m.seed, 3);
      t = 0.5f + 0.5f * (frac(r) < 0.35f ? 1.0f : -0.6f) * (0.6f + 0.4f * fbm(p * 4.0, m.seed, 2));
      break;
    }
    case Pattern::Blobs:
      t = 0.15f + 0.7f * blobs(p * 0.8, m.seed) + 0.3f * (fbm(p * 1.5, m.seed + 3, 3) - 0.5f);
      break;
  }
  t = std::clamp(t, 0.0f, 1.0f);
  Eigen::Vector3f c = m.base + (m.accent - m.base) * t;
  // Fine detail (about 3 cm) so that every surface has corners for feature matching.
  const float detail = fbm(hit.local / 0.03 + off * 3.0, m.seed ^ 0xABCDu, 2);
  c *= 0.75f + 0.5f * detail;
  const double lambert = hit.normal.dot(world.light_dir);
  const float shade = static_cast<float>(0.5 + 0.5 * (0.5 + 0.5 * lambert));
  return (c * shade).cwiseMax(Eigen::Vector3f::Zero()).cwiseMin(Eigen::Vector3f::Ones());
}

}  // namespace sl::synth
