// make_synthetic_scene: world layout, camera path, rendering, ground-truth cloud and objects.
#include "scene/synth/SynthScene.h"

#include "scene/LookAt.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scene/synth/SynthWorld.h"

namespace sl::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<View> make_cameras(const World& w, const SynthOptions& opt, Rng& rng) {
  Intrinsics K;
  K.width = opt.width;
  K.height = opt.height;
  K.fx = K.fy = rng.uniform(0.8, 1.0) * opt.width;
  K.cx = (opt.width - 1) / 2.0;
  K.cy = (opt.height - 1) / 2.0;
  const double theta0 = rng.uniform(0, 2 * kPi), phase = rng.uniform(0, 2 * kPi);
  std::vector<View> views;
  for (int k = 0; k < opt.views; ++k) {
    const double th = theta0 + 2 * kPi * k / opt.views + rng.uniform(-0.04, 0.04);
    const double rad = 1 + rng.uniform(-0.04, 0.04);
    const Eigen::Vector2d xy =
        w.path_center +
        rad * Eigen::Vector2d(w.path_axes.x() * std::cos(th), w.path_axes.y() * std::sin(th));
    const double z =
        std::clamp(1.45 + 0.2 * std::sin(2 * th + phase) + rng.uniform(-0.03, 0.03), 1.2, 1.7);
    // Look across the (empty) middle of the room at the furniture on the far side, slightly down.
    const Eigen::Vector2d to_center = w.path_center - xy;
    const double look = std::atan2(to_center.y(), to_center.x()) + rng.uniform(-0.15, 0.15);
    const double reach = to_center.norm() + 0.3 * 0.5 * (w.room.x() + w.room.y());
    const Eigen::Vector3d target(xy.x() + reach * std::cos(look), xy.y() + reach * std::sin(look),
                                 rng.uniform(0.3, 0.6));
    View v;
    char name[32];
    std::snprintf(name, sizeof name, "view_%03d.png", k);
    v.name = name;
    v.image_path = std::string("images/") + name;
    v.intrinsics = K;
    v.world_from_cam = world_from_cam_looking_at(Eigen::Vector3d(xy.x(), xy.y(), z), target);
    views.push_back(v);
  }
  return views;
}

const std::array<std::array<uint8_t, 3>, 10> kPalette = {{{230, 25, 75},
                                                          {60, 180, 75},
                                                          {255, 225, 25},
                                                          {0, 130, 200},
                                                          {245, 130, 48},
                                                          {145, 30, 180},
                                                          {70, 240, 240},
                                                          {240, 50, 230},
                                                          {210, 245, 60},
                                                          {250, 190, 212}}};

}  // namespace

SynthResult make_synthetic_scene(const SynthOptions& opt) {
  if (opt.views < 1 || opt.width < 8 || opt.height < 8 || opt.cloud_points < 0)
    throw std::invalid_argument("synthetic scene: need views >= 1, width/height >= 8, points >= 0");
  Rng rng(static_cast<uint32_t>(opt.seed));
  const World world = make_world(rng);
  SynthResult out;
  out.room_size_m = world.room;
  Scene& scene = out.scene;
  scene.scale.metric = true;
  scene.scale.meters_per_unit = 1.0;
  scene.up = Eigen::Vector3d::UnitZ();
  scene.source = "synthetic seed " + std::to_string(opt.seed);
  scene.views = make_cameras(world, opt, rng);

  for (View& v : scene.views) {
    cv::Mat bgr, depth, ids;
    render_view(world, v, &bgr, &depth, &ids);
    v.depth_m = depth;
    v.confidence = cv::Mat(depth.size(), CV_32F, cv::Scalar(1.0f));
    const int tw = std::min(160, bgr.cols);
    const int th = std::max(1, static_cast<int>(std::lround(bgr.rows * double(tw) / bgr.cols)));
    cv::resize(bgr, v.thumbnail, cv::Size(tw, th), 0, 0, cv::INTER_AREA);
    out.images.push_back(bgr);
    out.object_ids.push_back(ids);
  }

  std::vector<int> point_object;
  sample_surfaces(world, rng, opt.cloud_points, &scene.cloud, &point_object);
  // Track of each point: the first view that sees it (depth matches at its pixel).
  PointCloud& cloud = scene.cloud;
  cloud.source_view.assign(cloud.size(), -1);
  cloud.source_pixel.assign(cloud.size(), Eigen::Vector2f(-1, -1));
  for (size_t i = 0; i < cloud.size(); ++i) {
    for (size_t k = 0; k < scene.views.size(); ++k) {
      const View& v = scene.views[k];
      const Eigen::Vector3d pc = v.cam_from_world() * cloud.xyz[i].cast<double>();
      if (pc.z() <= 0.05) continue;
      const Eigen::Vector2d uv = v.intrinsics.project(pc);
      const int x = static_cast<int>(std::lround(uv.x())),
                y = static_cast<int>(std::lround(uv.y()));
      if (x < 0 || y < 0 || x >= v.intrinsics.width || y >= v.intrinsics.height) continue;
      if (std::abs(v.depth_m.at<float>(y, x) - pc.z()) > 0.01 * pc.z()) continue;
      cloud.source_view[i] = static_cast<int32_t>(k);
      cloud.source_pixel[i] = uv.cast<float>();
      break;
    }
  }

  const int min_pixels = std::max(10, opt.width * opt.height / 2000);
  for (size_t oi = 0; oi < world.objects.size(); ++oi) {
    const ObjectSpec& spec = world.objects[oi];
    SceneObject o;
    o.id = static_cast<int>(oi);
    o.name = spec.name;
    o.label = spec.label;
    o.box = spec.box;
    o.color = kPalette[oi % kPalette.size()];
    for (size_t i = 0; i < point_object.size(); ++i)
      if (point_object[i] == static_cast<int>(oi))
        o.point_indices.push_back(static_cast<uint32_t>(i));
    for (size_t k = 0; k < out.object_ids.size(); ++k)
      if (cv::countNonZero(out.object_ids[k] == static_cast<int>(oi)) >= min_pixels)
        o.views.push_back(static_cast<int>(k));
    scene.objects.push_back(o);
    out.supported_by.push_back(spec.support);
  }
  return out;
}

}  // namespace sl::synth
