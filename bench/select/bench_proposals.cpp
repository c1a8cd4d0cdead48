// Proposal recall on scene/synth rooms: per seed, the share of ground-truth objects matched by a
// proposal with upright-box IoU >= 0.5, from the ground-truth cloud, or (--recon DIR) from the
// cloud the classical backend reconstructed from the room's 12 photos (--views N: N photos;
// 320x240 by default; the scenelens files bench_spatial_qa [--views N] --cache DIR keeps:
// seedN_12xWxH.scenelens, seedN_NxWxH.scenelens). Proposals
// run on the reconstruction in its own frame (they find its floor); only to score them, their
// boxes are mapped into the true frame by the similarity that best aligns the camera centres.
// --icp also scores them with that similarity refined by scaled ICP of the reconstructed cloud
// onto the true surfaces (column recall_icp; the Tanks and Temples protocol), to tell the camera
// centres' error from the proposals' (seeds 1-16 at 640x480: the refinement moved the clouds by
// 2 mm - 3.6 cm, median per seed, with scale changes up to 1.3 %; the clouds' median distance to
// the true surfaces went from 6.3-17.7 mm to 5.7-8.4 mm; recall 75 -> 73 of 132: the camera
// alignment does not cost matches).
// --align icp makes the refined one the one the diagnosis and the oracle use.
// --seen WxH scores them on the cloud a perfect reconstruction of the room's photos (12, --views
// N, of WxH) would give: each view's true depth back-projected (every 2nd pixel), coloured from
// the photo, normals estimated. It tells what the photos' coverage costs from what the
// reconstruction's errors cost. Seeds 1-16 at 640x480: 109 of 132 found (oracle 117), against 75
// (oracle 95) on their reconstructions; the true clouds of seeds 1-24: 198 of 198. (Numbers from
// before the footprints' intersection was computed in double precision, Boxes.cpp, were scored
// with an IoU that gave 0 for some nearly coinciding boxes: the true clouds' 194 of 198 then.)
// Usage: bench_proposals [first_seed] [last_seed] [cloud_points] [--recon DIR [--views N] |
//        --seen WxH [--views N]] [--icp] [--align cameras|icp]   (default 1 12 250000, cameras)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "inference/objects/Boxes.h"
#include "inference/objects/CloudIndex.h"
#include "inference/objects/Proposals.h"
#include "scene/SceneFile.h"
#include "scene/synth/SynthScene.h"

#include <open3d/geometry/PointCloud.h>
#include <open3d/pipelines/registration/Registration.h>
#include <open3d/pipelines/registration/TransformationEstimation.h>

#include <Eigen/Geometry>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace sl;

namespace {

// Similarity (scale, rotation, translation) taking the registered reconstructed camera centres
// onto the true ones of the same views; false with fewer than 3.
bool align_cameras(const Scene& rec, const Scene& gt, Eigen::Matrix4d* gt_from_rec) {
  std::vector<Eigen::Vector3d> a, b;
  for (size_t i = 0; i < rec.views.size() && i < gt.views.size(); ++i)
    if (rec.views[i].registered)
      a.push_back(rec.views[i].center()), b.push_back(gt.views[i].center());
  if (a.size() < 3) return false;
  Eigen::Matrix3Xd A(3, a.size()), B(3, b.size());
  for (size_t i = 0; i < a.size(); ++i) A.col(long(i)) = a[i], B.col(long(i)) = b[i];
  *gt_from_rec = Eigen::umeyama(A, B, true);
  return true;
}

// The camera alignment refined by scaled point-to-point ICP of (a subset of) the reconstructed
// cloud onto a dense sample of the true surfaces, with shrinking correspondence distances (10, 5,
// 2.5 cm). Prints how far the refinement moved the cloud and the median point-to-surface
// distance before and after.
Eigen::Matrix4d refine_by_icp(const Scene& rec, const PointCloud& gt_dense,
                              const Eigen::Matrix4d& gt_from_rec, int seed) {
  namespace reg = open3d::pipelines::registration;
  open3d::geometry::PointCloud src, dst;
  const size_t step = std::max<size_t>(1, rec.cloud.size() / 200000);
  for (size_t i = 0; i < rec.cloud.size(); i += step)
    src.points_.push_back(rec.cloud.xyz[i].cast<double>());
  dst.points_.reserve(gt_dense.size());
  for (const auto& p : gt_dense.xyz) dst.points_.push_back(p.cast<double>());
  auto median_dist = [&](const Eigen::Matrix4d& T) {
    open3d::geometry::PointCloud moved = src;
    moved.Transform(T);
    std::vector<double> d = moved.ComputePointCloudDistance(dst);
    if (d.empty()) return 0.0;
    std::nth_element(d.begin(), d.begin() + long(d.size() / 2), d.end());
    return d[d.size() / 2];
  };
  Eigen::Matrix4d T = gt_from_rec;
  for (double dist : {0.10, 0.05, 0.025})
    T = reg::RegistrationICP(src, dst, dist, T, reg::TransformationEstimationPointToPoint(true),
                             reg::ICPConvergenceCriteria(1e-7, 1e-7, 60))
            .transformation_;
  const Eigen::Matrix4d delta = T * gt_from_rec.inverse();
  const double s = std::cbrt(delta.topLeftCorner<3, 3>().determinant());
  const double deg =
      Eigen::AngleAxisd(Eigen::Matrix3d(delta.topLeftCorner<3, 3>() / s)).angle() * 180 / M_PI;
  std::vector<double> moved;
  for (size_t i = 0; i < src.points_.size(); i += 50)
    moved.push_back(((T - gt_from_rec) * src.points_[i].homogeneous()).norm());
  std::sort(moved.begin(), moved.end());
  std::printf(
      "  seed %d icp: rotation %.3f deg, scale x%.4f, points moved median %.4f max %.4f m, "
      "cloud median to surfaces %.4f -> %.4f m\n",
      seed, deg, s, moved.empty() ? 0.0 : moved[moved.size() / 2],
      moved.empty() ? 0.0 : moved.back(), median_dist(gt_from_rec), median_dist(T));
  return T;
}

// --seen: the room's true surfaces where its photos see them, each view's true depth back-projected
// (every `stride`-th pixel, in the photo's colours), with normals estimated (Open3D, k = 16) and
// turned towards the view each point came from: a perfect reconstruction of these photos. The
// views keep their true depth maps (the proposals' photo evidence).
Scene seen_scene(const synth::SynthResult& r, int stride) {
  Scene out = r.scene;
  PointCloud& c = out.cloud;
  c.clear();
  std::vector<Eigen::Vector3d> eye;
  for (size_t v = 0; v < out.views.size(); ++v) {
    const View& view = out.views[v];
    const cv::Mat& d = view.depth_m;
    const Intrinsics k = view.intrinsics.scaled(d.cols, d.rows);
    for (int y = 0; y < d.rows; y += stride)
      for (int x = 0; x < d.cols; x += stride) {
        const float z = d.at<float>(y, x);
        if (!(z > 0) || !std::isfinite(z)) continue;
        const cv::Vec3b bgr =
            r.images[v].at<cv::Vec3b>(y * r.images[v].rows / d.rows, x * r.images[v].cols / d.cols);
        c.xyz.push_back(
            (view.world_from_cam * (k.unproject(Eigen::Vector2d(x, y)) * double(z))).cast<float>());
        c.rgb.push_back({bgr[2], bgr[1], bgr[0]});
        eye.push_back(view.center());
      }
  }
  open3d::geometry::PointCloud pc;
  pc.points_.reserve(c.size());
  for (const auto& p : c.xyz) pc.points_.push_back(p.cast<double>());
  pc.EstimateNormals(open3d::geometry::KDTreeSearchParamKNN(16));
  c.normals.resize(c.size());
  for (size_t i = 0; i < c.size(); ++i) {
    Eigen::Vector3d n = pc.normals_[i];
    if (n.dot(eye[i] - pc.points_[i]) < 0) n = -n;
    c.normals[i] = n.cast<float>();
  }
  out.objects.clear();
  return out;
}

OrientedBox mapped(const OrientedBox& b, const Eigen::Matrix4d& T) {
  const Eigen::Matrix3d sR = T.topLeftCorner<3, 3>();
  const double scale = std::cbrt(sR.determinant());
  OrientedBox o;
  o.center = sR * b.center + T.topRightCorner<3, 1>();
  o.axes = sR / scale * b.axes;
  o.size = b.size * scale;
  return o;
}

// SL_BENCH_PNG=DIR, per true object: its neighbourhood (the box + 0.3 m) in the box's own axes, top
// / front / side, points coloured by proposal (grey: none), the true box white, proposals' boxes
// thin.
void render_objects(const std::string& dir, int seed, const Scene& s,
                    const std::vector<Eigen::Vector3f>& xyz, const std::vector<int>& owner,
                    const objects::ProposalResult& res) {
  const double ppm = 200, margin = 0.3;
  auto colour = [](int k) {
    if (k < 0) return cv::Vec3b(110, 110, 110);
    const unsigned h = static_cast<unsigned>(k + 1) * 2654435761u;
    return cv::Vec3b(static_cast<uint8_t>(70 + (h & 0xaf)),
                     static_cast<uint8_t>(70 + ((h >> 8) & 0xaf)),
                     static_cast<uint8_t>(70 + ((h >> 16) & 0xaf)));
  };
  for (const auto& g : s.objects) {
    const Eigen::Vector3d half = 0.5 * g.box.size + Eigen::Vector3d::Constant(margin);
    std::vector<cv::Mat> panes;
    const int pa[3][3] = {{0, 1, 2}, {0, 2, 1}, {1, 2, 0}};  // (right, up, depth) axes
    for (const auto& ax : pa) {
      const int w = static_cast<int>(2 * half[ax[0]] * ppm),
                h = static_cast<int>(2 * half[ax[1]] * ppm);
      cv::Mat img(h, w, CV_8UC3, cv::Scalar(0, 0, 0));
      cv::Mat zbuf(h, w, CV_32F, cv::Scalar(1e9));
      auto px = [&](const Eigen::Vector3d& l) {
        return cv::Point(static_cast<int>((l[ax[0]] + half[ax[0]]) * ppm),
                         h - 1 - static_cast<int>((l[ax[1]] + half[ax[1]]) * ppm));
      };
      for (size_t i = 0; i < xyz.size(); ++i) {
        const Eigen::Vector3d l = g.box.axes.transpose() * (xyz[i].cast<double>() - g.box.center);
        if ((l.cwiseAbs() - half).maxCoeff() > 0) continue;
        const cv::Point q = px(l);
        if (q.x < 0 || q.y < 0 || q.x >= w || q.y >= h) continue;
        const float depth = static_cast<float>(ax[2] == 2 ? -l[2] : l[ax[2]]);  // top: highest wins
        if (depth > zbuf.at<float>(q)) continue;
        zbuf.at<float>(q) = depth;
        img.at<cv::Vec3b>(q) = colour(owner[i]);
      }
      auto draw = [&](const OrientedBox& box, const cv::Vec3b& col) {
        const auto cs = box.corners();
        for (int i = 0; i < 8; ++i)
          for (int bit = 1; bit < 8; bit <<= 1)
            if (!(i & bit))
              cv::line(img, px(g.box.axes.transpose() * (cs[i] - g.box.center)),
                       px(g.box.axes.transpose() * (cs[i | bit] - g.box.center)),
                       cv::Scalar(col[0], col[1], col[2]), 1);
      };
      for (size_t k = 0; k < res.objects.size(); ++k)
        if (objects::upright_box_iou(g.box, res.objects[k].box, Eigen::Vector3d::UnitZ()) > 0.01 ||
            g.box.contains(res.objects[k].box.center, margin))
          draw(res.objects[k].box, colour(static_cast<int>(k)));
      draw(g.box, cv::Vec3b(255, 255, 255));
      cv::copyMakeBorder(img, img, 4, 4, 4, 4, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 160));
      panes.push_back(img);
    }
    int H = 0;
    for (auto& p : panes) H = std::max(H, p.rows);
    for (auto& p : panes)
      cv::copyMakeBorder(p, p, 0, H - p.rows, 0, 0, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
    cv::Mat all;
    cv::hconcat(panes, all);
    std::string name = g.name;
    std::replace(name.begin(), name.end(), ' ', '_');
    cv::imwrite(dir + "/seed" + std::to_string(seed) + "_" + name + ".png", all);
  }
}

// SL_BENCH_DIAG=1: per ground-truth object, what the cloud holds inside its true box (the box
// fitted to those points alone: the best a proposal from visible points can do) and which
// proposals hold those points.
void diagnose(int seed, const Scene& s, const Scene& cloud_scene, const Eigen::Matrix4d& T,
              const objects::ProposalResult& res) {
  const Eigen::Matrix3f sR = T.topLeftCorner<3, 3>().cast<float>();
  const Eigen::Vector3f t = T.topRightCorner<3, 1>().cast<float>();
  std::vector<Eigen::Vector3f> xyz(cloud_scene.cloud.size());
  for (size_t i = 0; i < xyz.size(); ++i) xyz[i] = sR * cloud_scene.cloud.xyz[i] + t;
  std::vector<int> owner(xyz.size(), -1);
  for (size_t k = 0; k < res.objects.size(); ++k)
    for (uint32_t i : res.objects[k].point_indices) owner[i] = static_cast<int>(k);
  if (const char* dir = std::getenv("SL_BENCH_PNG")) render_objects(dir, seed, s, xyz, owner, res);
  objects::CloudIndex gt_index(s.cloud.xyz);
  std::vector<float> d;
  std::vector<uint32_t> idx;
  std::vector<float> d2;
  for (size_t i = 0; i < xyz.size(); i += 7) {
    gt_index.knn(xyz[i], 1, idx, d2);
    d.push_back(std::sqrt(d2[0]));
  }
  std::sort(d.begin(), d.end());
  auto q = [&](double f) { return d[static_cast<size_t>(f * double(d.size() - 1))]; };
  // (The nearest of the true cloud's sample points, a few cm apart in --recon runs: these
  // distances are bounded below by that spacing. --icp prints the distance to a dense sample of
  // the true surfaces, the reconstruction's own error: 6.6 mm median on seeds 1-2 at 640x480,
  // where this line says 2.1 cm.)
  std::printf(
      "  cloud %zu points (normals %d, conf %d, source %d); to the GT sample points: p50 %.3f "
      "p75 %.3f p90 %.3f p95 %.3f\n",
      xyz.size(), cloud_scene.cloud.has_normals(), cloud_scene.cloud.has_confidence(),
      cloud_scene.cloud.has_source(), q(0.5), q(0.75), q(0.9), q(0.95));
  for (size_t k = 0; k < res.planes.size(); ++k) {
    const auto& pl = res.planes[k];
    const bool b = std::find(res.boundary_planes.begin(), res.boundary_planes.end(), int(k)) !=
                   res.boundary_planes.end();
    const Eigen::Vector3d c = sR.cast<double>() * pl.centroid + t.cast<double>();
    const Eigen::Vector3d nn = (sR.cast<double>() * pl.normal()).normalized();
    std::printf("  plane %zu%s: normal %.2f %.2f %.2f, centroid %.2f %.2f %.2f, %.3f of cloud\n", k,
                b ? " (boundary)" : "", nn.x(), nn.y(), nn.z(), c.x(), c.y(), c.z(),
                pl.inlier_fraction);
  }
  for (const auto& g : s.objects) {
    std::vector<uint32_t> in;
    for (size_t i = 0; i < xyz.size(); ++i)
      if (g.box.contains(xyz[i].cast<double>(), 0.02)) in.push_back(static_cast<uint32_t>(i));
    const OrientedBox ob = objects::fit_upright_box(xyz, in, Eigen::Vector3d::UnitZ());
    double best = 0;
    for (const auto& p : res.objects)
      best = std::max(best, objects::upright_box_iou(g.box, p.box, Eigen::Vector3d::UnitZ()));
    std::printf(
        "  %-10s at %.2f %.2f size %.2f %.2f %.2f: %6zu pts, oracle box %.2f %.2f %.2f iou %.2f, "
        "best "
        "%.2f;",
        g.name.c_str(), g.box.center.x(), g.box.center.y(), g.box.size.x(), g.box.size.y(),
        g.box.size.z(), in.size(), ob.size.x(), ob.size.y(), ob.size.z(),
        in.empty() ? 0.0 : objects::upright_box_iou(g.box, ob, Eigen::Vector3d::UnitZ()), best);
    std::vector<size_t> cnt(res.objects.size() + 1, 0);
    for (uint32_t i : in) ++cnt[static_cast<size_t>(owner[i] + 1)];
    // (cnt counts the object's points per proposal.)
    // Merge bound: the union of the proposals with most of their points in this box.
    std::vector<uint32_t> uni;
    for (size_t k = 0; k < res.objects.size(); ++k)
      if (2 * cnt[k + 1] > res.objects[k].point_indices.size())
        uni.insert(uni.end(), res.objects[k].point_indices.begin(),
                   res.objects[k].point_indices.end());
    const OrientedBox ub = objects::fit_upright_box(xyz, uni, Eigen::Vector3d::UnitZ());
    std::printf(" merged %.2f;",
                uni.empty() ? 0.0 : objects::upright_box_iou(g.box, ub, Eigen::Vector3d::UnitZ()));
    std::printf(" none %zu", cnt[0]);
    if (!res.fate.empty()) {
      size_t f[6] = {0, 0, 0, 0, 0, 0};
      for (uint32_t i : in) ++f[std::min<size_t>(5, res.fate[i])];
      std::printf(" (bound %zu far %zu viewplane %zu small %zu dropped %zu)", f[1], f[2], f[3],
                  f[4], f[5]);
    }
    // SL_BENCH_DIAG2=1: where in the box (tenths of its height, bottom first) the points lost to
    // a boundary plane, to the views' planes and to small clusters lie.
    if (std::getenv("SL_BENCH_DIAG2") && !res.fate.empty()) {
      for (int f : {1, 3, 4}) {
        int h[10] = {0};
        for (uint32_t i : in)
          if (res.fate[i] == f) {
            const double z =
                (xyz[i].z() - (g.box.center.z() - 0.5 * g.box.size.z())) / g.box.size.z();
            ++h[std::clamp(int(z * 10), 0, 9)];
          }
        std::printf("\n     fate %d heights:", f);
        for (int b = 0; b < 10; ++b) std::printf(" %d", h[b]);
      }
      std::printf("\n    ");
    }
    for (size_t k = 0; k < res.objects.size(); ++k) {
      // The proposals holding at least 2 % of its points (a table's leg left apart shows).
      if (cnt[k + 1] * 50 < in.size() || cnt[k + 1] == 0) continue;
      const auto& p = res.objects[k];
      std::printf(" | #%zu %zu/%zu in, iou %.2f size %.2f %.2f %.2f at %.2f %.2f z %.2f-%.2f", k,
                  cnt[k + 1], p.point_indices.size(),
                  objects::upright_box_iou(g.box, p.box, Eigen::Vector3d::UnitZ()), p.box.size.x(),
                  p.box.size.y(), p.box.size.z(), p.box.center.x(), p.box.center.y(),
                  p.box.center.z() - 0.5 * p.box.size.z(), p.box.center.z() + 0.5 * p.box.size.z());
    }
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string recon_dir;
  std::vector<const char*> pos;
  int recon_views = 12;
  int seen_w = 0, seen_h = 0;
  bool align_icp = false, use_icp = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--recon" && i + 1 < argc)
      recon_dir = argv[++i];
    else if (std::string(argv[i]) == "--views" && i + 1 < argc)
      recon_views = std::atoi(argv[++i]);
    else if (std::string(argv[i]) == "--align" && i + 1 < argc)
      use_icp = align_icp = std::string(argv[++i]) == "icp";
    else if (std::string(argv[i]) == "--seen" && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%dx%d", &seen_w, &seen_h) != 2 || seen_w < 32 || seen_h < 32) {
        std::fprintf(stderr, "bench_proposals: --seen needs a photo size WxH, e.g. 640x480\n");
        return 2;
      }
    } else if (std::string(argv[i]) == "--icp")
      use_icp = true;
    else
      pos.push_back(argv[i]);
  }
  const int first = pos.size() > 0 ? std::atoi(pos[0]) : 1;
  const int last = pos.size() > 1 ? std::atoi(pos[1]) : 12;
  const int points = pos.size() > 2 ? std::atoi(pos[2]) : 250000;
  if (recon_views < 3) {
    std::fprintf(stderr, "bench_proposals: --views must be 3 or more photos\n");
    return 2;
  }
  const bool seen = seen_w > 0;
  if (seen && !recon_dir.empty()) {
    std::fprintf(stderr,
                 "bench_proposals: --seen and --recon are two different clouds: give one\n");
    return 2;
  }
  const bool use_rec = seen || !recon_dir.empty();
  objects::use_all_cores();
  int hits = 0, total = 0, oracle_hits = 0, other_hits = 0;
  std::printf("%6s %6s %10s %10s %10s %10s %10s\n", "seed", "gt", "proposals",
              align_icp ? "recall_icp" : "recall",
              use_icp ? (align_icp ? "recall_cam" : "recall_icp") : "-", "floor_deg", "propose_s");
  for (int seed = first; seed <= last; ++seed) {
    synth::SynthOptions o;
    o.seed = seed;
    o.views = recon_dir.empty() && !seen ? 4 : recon_views;
    o.width = seen ? seen_w : recon_dir.empty() ? 160 : 320;
    o.height = seen ? seen_h : recon_dir.empty() ? 120 : 240;
    o.cloud_points = recon_dir.empty() && !seen ? points : 60000;
    const auto r = synth::make_synthetic_scene(o);
    const Scene& s = r.scene;
    Eigen::Matrix4d gt_from_rec = Eigen::Matrix4d::Identity();
    Eigen::Matrix4d gt_from_other = Eigen::Matrix4d::Identity();  // the other alignment (--icp)
    Scene rec;
    if (!recon_dir.empty()) {
      // seedN_VxWxH.scenelens, whatever photo size bench_spatial_qa used.
      const std::string prefix =
          "seed" + std::to_string(seed) + "_" + std::to_string(recon_views) + "x";
      std::string file = recon_dir + "/" + prefix + "320x240.scenelens";
      if (!std::filesystem::exists(file) && std::filesystem::is_directory(recon_dir))
        for (const auto& e : std::filesystem::directory_iterator(recon_dir))
          if (e.path().filename().string().rfind(prefix, 0) == 0 &&
              e.path().extension() == ".scenelens")
            file = e.path().string();
      if (!std::filesystem::exists(file)) {
        std::printf(
            "%6d SKIP: %s not found (run bench_spatial_qa --views %d --recon-first %d --cache "
            "%s)\n",
            seed, file.c_str(), recon_views, seed, recon_dir.c_str());
        continue;
      }
      rec = load_scene(file);
      rec.objects.clear();
      if (!align_cameras(rec, s, &gt_from_rec)) {
        std::printf("%6d SKIP: fewer than 3 registered views\n", seed);
        continue;
      }
    }
    if (seen) rec = seen_scene(r, 2);
    if (std::getenv("SL_BENCH_XFORM")) {  // the true frame from the reconstruction's, row by row
      for (int i = 0; i < 4; ++i)
        std::printf("  gt_from_rec %.9g %.9g %.9g %.9g\n", gt_from_rec(i, 0), gt_from_rec(i, 1),
                    gt_from_rec(i, 2), gt_from_rec(i, 3));
    }
    if (use_icp && !recon_dir.empty()) {
      // The same room's surfaces sampled densely (about 8 mm apart) for the ICP refinement.
      synth::SynthOptions dense_gt = o;
      dense_gt.width = 64;
      dense_gt.height = 48;
      dense_gt.cloud_points = 1500000;
      gt_from_other =
          refine_by_icp(rec, synth::make_synthetic_scene(dense_gt).scene.cloud, gt_from_rec, seed);
      if (align_icp) std::swap(gt_from_rec, gt_from_other);
    }
    objects::ProposalOptions po;
    if (const char* v = std::getenv("SL_BENCH_RADIUS")) po.cluster_radius = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_CLUSTER_SCALE")) po.cluster_scale = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_STACK")) po.stack_overlap = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_POLE")) po.leg_pole_width_tols = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_DENOISE")) po.denoise_std = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_DENOISE_K")) po.denoise_neighbours = std::atoi(v);
    if (const char* v = std::getenv("SL_BENCH_GAPFRAC")) po.support_gap_fraction = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_OWNAXES")) po.hidden_side_own_axes_deg = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_SNAP")) po.wall_snap_deg = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_THIN")) po.floor_thin_height_ratio = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_LEGS")) po.leg_coverage = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_CORE")) po.support_core_levels = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_WIDE")) po.support_wide_core_levels = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_HIDDEN")) po.hidden_top_reach_radii = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_SAME_COLOUR")) po.same_colour_stays = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_ROUND")) po.round_footprints = std::atoi(v) != 0;
    if (const char* v = std::getenv("SL_BENCH_MINFRAC")) po.min_cluster_fraction = std::atof(v);
    po.keep_fates = std::getenv("SL_BENCH_DIAG") != nullptr;
    // SL_BENCH_BASELINE=1: the options before the changes of 2026-12-03 (radius 3 x the median
    // spacing, no hidden-side completion, no legs, stacked pieces always merged; the support
    // split's rim and edge rules stay on).
    if (std::getenv("SL_BENCH_BASELINE")) {
      po.cluster_neighbours = 1;
      po.cluster_quantile = 0.5;
      po.cluster_scale = 3;
      po.complete_hidden_side = false;
      po.leg_coverage = 0;
      po.stack_keeps_standing = false;
    }
    if (std::getenv("SL_BENCH_NOSPLIT")) po.split_supports = false;
    if (std::getenv("SL_BENCH_NOKEEPS")) po.stack_keeps_standing = false;
    if (const char* v = std::getenv("SL_BENCH_SAMPLE")) po.max_sample = size_t(std::atol(v));
    if (const char* v = std::getenv("SL_BENCH_CLEAR_H"))
      po.footprint_clear_max_height_tols = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_CLEAR_PCT"))
      po.footprint_clear_percentile = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_TABLE_LEGS")) po.table_leg_reach = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_TABLE_LEG_W")) po.table_leg_width_tols = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_APART")) po.view_apart_weight = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_MERGE_GAP")) po.view_merge_gap_radii = std::atof(v);
    if (const char* v = std::getenv("SL_BENCH_TOGETHER")) po.view_merge_together = std::atoi(v);
    if (const char* v = std::getenv("SL_BENCH_STEP")) po.view_depth_step_rel = std::atof(v);
    if (std::getenv("SL_BENCH_DIAG")) {
      const Scene& cs = use_rec ? rec : s;
      const double sc = std::cbrt(gt_from_rec.topLeftCorner<3, 3>().determinant());
      const auto b = cs.cloud.bounds();
      std::printf("  tol %.4f m (diag %.2f m, scale %.3f); gt tol %.4f\n",
                  objects::auto_plane_distance(cs.cloud) * sc, b.diagonal().norm() * sc, sc,
                  objects::auto_plane_distance(s.cloud));
    }
    // SL_BENCH_TOL_GT=F: the plane tolerance set to F x the one of the true cloud (in its units).
    if (const char* v = std::getenv("SL_BENCH_TOL_GT"))
      po.planes.distance = std::atof(v) * objects::auto_plane_distance(s.cloud) /
                           std::cbrt(gt_from_rec.topLeftCorner<3, 3>().determinant());
    auto res = objects::propose_objects(use_rec ? rec : s, po);
    // --icp: scored under the other alignment too (recall_cam / recall_icp side by side).
    int other_hit = 0;
    if (use_icp)
      for (const auto& g : s.objects) {
        double best = 0;
        for (const auto& p : res.objects)
          best = std::max(best, objects::upright_box_iou(g.box, mapped(p.box, gt_from_other),
                                                         Eigen::Vector3d::UnitZ()));
        other_hit += best >= 0.5;
      }
    other_hits += other_hit;
    for (auto& p : res.objects) p.box = mapped(p.box, gt_from_rec);
    if (std::getenv("SL_BENCH_DIAG")) diagnose(seed, s, use_rec ? rec : s, gt_from_rec, res);
    // SL_BENCH_ORACLE=1: how many true objects a perfect grouping of this cloud could find: the
    // cloud's points inside the true box (2 cm margin), off the floor (z > 2 cm) and off what it
    // stands on, boxed like a
    // proposal (1st-99th percentiles, extended down to the true bottom when short of it by less
    // than 0.35 x its height).
    if (std::getenv("SL_BENCH_ORACLE")) {
      const Scene& cs = use_rec ? rec : s;
      const Eigen::Matrix3f sR = gt_from_rec.topLeftCorner<3, 3>().cast<float>();
      const Eigen::Vector3f t = gt_from_rec.topRightCorner<3, 1>().cast<float>();
      std::vector<Eigen::Vector3f> xyz(cs.cloud.size());
      for (size_t i = 0; i < xyz.size(); ++i) xyz[i] = sR * cs.cloud.xyz[i] + t;
      int can = 0;
      std::string oracle_missed;
      for (size_t k = 0; k < s.objects.size(); ++k) {
        const auto& g = s.objects[k];
        // What it stands on (the table top under a cup) is not part of it.
        const int below = k < r.supported_by.size() ? r.supported_by[k] : -1;
        std::vector<uint32_t> in;
        for (size_t i = 0; i < xyz.size(); ++i) {
          const Eigen::Vector3d p = xyz[i].cast<double>();
          if (xyz[i].z() <= 0.02f || !g.box.contains(p, 0.02)) continue;
          if (below >= 0 && s.objects[size_t(below)].box.contains(p, 0.0)) continue;
          in.push_back(uint32_t(i));
        }
        if (in.empty()) {
          oracle_missed += " " + g.name + "(no points)";
          continue;
        }
        OrientedBox ob = objects::fit_upright_box(xyz, in, Eigen::Vector3d::UnitZ());
        objects::extend_to_support(ob, Eigen::Vector3d::UnitZ(),
                                   g.box.center.z() - 0.5 * g.box.size.z(), 0.0, 0.35);
        const double iou = objects::upright_box_iou(g.box, ob, Eigen::Vector3d::UnitZ());
        can += iou >= 0.5;
        if (iou < 0.5) oracle_missed += " " + g.name + "(" + std::to_string(iou).substr(0, 4) + ")";
      }
      oracle_hits += can;
      std::printf("  oracle: %d of %zu;%s\n", can, s.objects.size(), oracle_missed.c_str());
    }
    const Eigen::Vector3d found_up =
        (gt_from_rec.topLeftCorner<3, 3>() * res.floor.up).normalized();
    const double ang =
        std::acos(std::clamp(found_up.dot(Eigen::Vector3d::UnitZ()), -1.0, 1.0)) * 180 / M_PI;
    int hit = 0;
    std::string missed;
    for (size_t k = 0; k < s.objects.size(); ++k) {
      const auto& g = s.objects[k];
      double best = 0;
      const OrientedBox* bb = nullptr;
      for (const auto& p : res.objects) {
        const double iou = objects::upright_box_iou(g.box, p.box, Eigen::Vector3d::UnitZ());
        if (iou > best) bb = &p.box;
        best = std::max(best, iou);
      }
      if (best < 0.5 && std::getenv("SL_BENCH_VERBOSE")) {
        auto show = [](const char* what, const OrientedBox& b) {
          std::printf("    %s centre %.2f %.2f %.2f size %.2f %.2f %.2f\n", what, b.center.x(),
                      b.center.y(), b.center.z(), b.size.x(), b.size.y(), b.size.z());
        };
        std::printf("  %s:\n", g.name.c_str());
        show("truth", g.box);
        if (bb) show("best ", *bb);
      }
      if (best >= 0.5) {
        ++hit;
        continue;
      }
      char buf[160];
      std::snprintf(buf, sizeof buf, " %s(on %d, iou %.2f)", g.name.c_str(),
                    k < r.supported_by.size() ? r.supported_by[k] : -1, best);
      missed += buf;
    }
    // SL_BENCH_FP=1: the proposals that match no true object (IoU < 0.1 with every one): a part
    // of one (its centre in a true box, 5 cm margin) or something else (clutter, noise, walls).
    if (std::getenv("SL_BENCH_FP")) {
      for (const auto& p : res.objects) {
        double best = 0;
        const SceneObject* in = nullptr;
        for (const auto& g : s.objects) {
          best = std::max(best, objects::upright_box_iou(g.box, p.box, Eigen::Vector3d::UnitZ()));
          if (g.box.contains(p.box.center, 0.05)) in = &g;
        }
        if (best >= 0.1) continue;
        std::printf("  fp %zu pts size %.2f %.2f %.2f z %.2f-%.2f: %s\n", p.point_indices.size(),
                    p.box.size.x(), p.box.size.y(), p.box.size.z(),
                    p.box.center.z() - 0.5 * p.box.size.z(),
                    p.box.center.z() + 0.5 * p.box.size.z(),
                    in ? ("part of " + in->name).c_str() : "outside");
      }
    }
    hits += hit;
    total += static_cast<int>(s.objects.size());
    const double n_obj = std::max(1.0, double(s.objects.size()));
    char other[32] = "-";
    if (use_icp) std::snprintf(other, sizeof other, "%.2f", double(other_hit) / n_obj);
    std::printf("%6d %6zu %10zu %10.2f %10s %10.2f %10.2f %s\n", seed, s.objects.size(),
                res.objects.size(), double(hit) / n_obj, other, ang, res.seconds, missed.c_str());
    std::fflush(stdout);
  }
  std::printf("total recall %.3f (%d / %d)", total ? double(hits) / total : 1.0, hits, total);
  if (use_icp && !recon_dir.empty())
    std::printf("; aligned by %s: %.3f (%d / %d)",
                align_icp ? "the cameras alone" : "cameras + ICP",
                total ? double(other_hits) / total : 1.0, other_hits, total);
  std::printf("\n");
  if (std::getenv("SL_BENCH_ORACLE"))
    std::printf("oracle (the cloud's points in each true box, off the floor): %.3f (%d / %d)\n",
                total ? double(oracle_hits) / total : 1.0, oracle_hits, total);
  return 0;
}
