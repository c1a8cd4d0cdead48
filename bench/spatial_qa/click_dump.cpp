#include "click_dump.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "inference/objects/PhotoPrior.h"
#include "inference/objects/ViewVisibility.h"

namespace bench {
namespace fs = std::filesystem;

void dump_click(const sl::Scene& scene, const sl::synth::SynthResult& gt, int k, int view,
                const cv::Point& px, const sl::objects::PhotoSelectOptions& po,
                const sl::objects::PhotoSelection& sel, const std::vector<uint32_t>& points,
                double fit) {
  const char* dir = std::getenv("SL_PHOTOSEL_DUMP");
  if (!dir || !*dir) return;
  const cv::Mat& photo = gt.images[size_t(view)];
  const sl::View& v = scene.views[size_t(view)];
  const cv::Size sz = photo.size();
  const double mpu = scene.scale.metric ? scene.scale.meters_per_unit : 1.0;
  cv::Mat est, tru;
  if (!v.depth_m.empty()) cv::resize(v.depth_m * mpu, est, sz, 0, 0, cv::INTER_NEAREST);
  cv::resize(gt.scene.views[size_t(view)].depth_m, tru, sz, 0, 0, cv::INTER_NEAREST);
  double lo = 0, hi = 1;
  cv::minMaxLoc(tru, &lo, &hi, nullptr, nullptr, tru > 0);
  auto colour_depth = [&](const cv::Mat& d) {
    cv::Mat out(sz, CV_8UC3, cv::Scalar::all(0));
    if (d.empty()) return out;
    cv::Mat u8;
    d.convertTo(u8, CV_8U, 255.0 / std::max(1e-6, hi - lo), -lo * 255.0 / std::max(1e-6, hi - lo));
    cv::applyColorMap(u8, out, cv::COLORMAP_JET);
    out.setTo(cv::Scalar::all(0), d <= 0);
    return out;
  };
  std::vector<cv::Mat> panels;
  cv::Mat p0 = photo.clone();
  cv::drawMarker(p0, px, cv::Scalar(0, 0, 255), cv::MARKER_CROSS, 12, 2);
  panels.push_back(p0);
  auto error_panel = [&](const cv::Mat& d) {
    cv::Mat err(sz, CV_8UC3, cv::Scalar::all(0));
    if (d.empty()) return err;
    for (int r = 0; r < sz.height; ++r)
      for (int c = 0; c < sz.width; ++c) {
        const float e = d.at<float>(r, c), t = tru.at<float>(r, c);
        if (!(e > 0) || !(t > 0)) continue;
        const float rel = std::abs(e - t) / t;
        err.at<cv::Vec3b>(r, c) = rel < 0.03f  ? cv::Vec3b(0, 200, 0)
                                  : rel < 0.1f ? cv::Vec3b(0, 220, 220)
                                               : cv::Vec3b(0, 0, 230);
      }
    return err;
  };
  cv::Mat cons;
  {
    const cv::Mat c = sl::objects::consensus_depth(scene, view, 2 * po.visibility_rel);
    if (!c.empty()) cv::resize(c * mpu, cons, sz, 0, 0, cv::INTER_NEAREST);
  }
  panels.push_back(error_panel(est));
  panels.push_back(error_panel(cons));
  panels.push_back(colour_depth(cons));
  cv::Mat prior_img = photo.clone() * 0.5;
  cv::Mat planes_img(sz, CV_8UC3, cv::Scalar::all(0));
  try {
    sl::objects::PhotoStroke st;
    st.foreground = {px};
    sl::objects::PhotoSelectOptions opt = po;
    if (opt.up.squaredNorm() == 0) opt.up = scene.up;
    sl::View seen = v;
    seen.depth_m = sl::objects::consensus_depth(scene, view, 2 * opt.visibility_rel);
    const sl::objects::PhotoPrior pp = sl::objects::photo_prior(photo, seen, st, opt);
    cv::Mat region;
    cv::resize(pp.region, region, sz, 0, 0, cv::INTER_NEAREST);
    prior_img.setTo(pp.geometric ? cv::Scalar(0, 0, 255) : cv::Scalar(255, 0, 255), region);
    if (pp.support_top) cv::putText(prior_img, "cut", {4, 14}, 0, 0.45, cv::Scalar::all(255));
    const cv::Mat t = gt.object_ids[size_t(view)] == k;
    auto iou = [&](const cv::Mat& a) {
      const int u = cv::countNonZero(a | t);
      return u > 0 ? double(cv::countNonZero(a & t)) / u : 0.0;
    };
    std::fprintf(stderr, "    diag: prior IoU %.2f%s, mask IoU %.2f, object %.3f of the photo\n",
                 iou(region), pp.support_top ? " (cut)" : "",
                 sel.mask.empty() ? 0.0 : iou(sel.mask), double(cv::countNonZero(t)) / t.total());
  } catch (const std::exception&) {
  }
  if (!v.depth_m.empty()) {
    const sl::Intrinsics kd = v.intrinsics.scaled(v.depth_m.cols, v.depth_m.rows);
    cv::Mat on(v.depth_m.size(), CV_8U, cv::Scalar(0));
    for (int r = 0; r < v.depth_m.rows; ++r)
      for (int c = 0; c < v.depth_m.cols; ++c) {
        const float d = v.depth_m.at<float>(r, c);
        if (!(d > 0)) continue;
        const Eigen::Vector3d p = v.world_from_cam * (kd.unproject(Eigen::Vector2d(c, r)) * d);
        for (const auto& pl : po.stop_planes)
          if (std::abs(pl.head<3>().dot(p) + pl[3]) <= po.plane_distance) on.at<uchar>(r, c) = 255;
      }
    cv::resize(on, on, sz, 0, 0, cv::INTER_NEAREST);
    planes_img.setTo(cv::Scalar(255, 80, 0), on);
    photo.copyTo(planes_img, on == 0);
  }
  panels.push_back(prior_img);
  const cv::Mat truth = gt.object_ids[size_t(view)] == k;
  cv::Mat m = photo.clone() * 0.5;
  if (!sel.mask.empty()) m.setTo(cv::Scalar(0, 255, 0), sel.mask);
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(truth.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  cv::drawContours(m, contours, -1, cv::Scalar::all(255), 1);
  cv::putText(m, cv::format("mask %.3f fit %.2f", sel.mask_fraction, fit), {4, 14}, 0, 0.45,
              cv::Scalar(0, 255, 255));
  panels.push_back(m);
  cv::Mat pts(sz, CV_8UC3, cv::Scalar::all(0));
  {
    const sl::objects::ViewVisibility vis(scene, view, sz.width, sz.height, po.visibility_rel);
    cv::Point q;
    for (size_t i = 0; i < scene.cloud.size(); i += 3)
      if (vis.visible(scene.cloud.xyz[i], q)) pts.at<cv::Vec3b>(q) = cv::Vec3b(110, 110, 110);
    for (uint32_t i : points) {
      Eigen::Vector2d uv;
      Eigen::Vector3d pc;
      if (vis.project(scene.cloud.xyz[i], uv, pc))
        pts.at<cv::Vec3b>(std::clamp(int(std::lround(uv.y())), 0, sz.height - 1),
                          std::clamp(int(std::lround(uv.x())), 0, sz.width - 1)) =
            cv::Vec3b(0, 255, 0);
    }
    cv::drawContours(pts, contours, -1, cv::Scalar(255, 255, 255), 1);
  }
  panels.push_back(pts);
  panels.push_back(planes_img);
  cv::Mat top, bottom, all;
  cv::hconcat(std::vector<cv::Mat>(panels.begin(), panels.begin() + 4), top);
  cv::hconcat(std::vector<cv::Mat>(panels.begin() + 4, panels.end()), bottom);
  cv::vconcat(top, bottom, all);
  const std::string seed = gt.scene.source.substr(gt.scene.source.rfind(' ') + 1);
  std::string name = gt.scene.objects[size_t(k)].name;
  std::replace(name.begin(), name.end(), ' ', '_');
  fs::create_directories(dir);
  cv::imwrite((fs::path(dir) / cv::format("s%s_%s_v%02d_%s.png", seed.c_str(), name.c_str(), view,
                                          fit < 0.3 ? "bad" : "ok"))
                  .string(),
              all);
}

}  // namespace bench
