// Plane-sweep multi-view stereo with LibTorch tensor ops: fronto-parallel inverse-depth planes
// in the reference camera, neighbours warped by the plane homographies with grid_sample,
// windowed NCC (separable box filters), mean of the best-k neighbours, box-filtered cost
// volume, winner-take-all with parabolic sub-plane refinement, softmax-peak confidence.
// Coarse to fine (DenseOptions::coarse_to_fine): the full sweep runs at half resolution, then
// each full-resolution pixel tries a few inverse depths around its upsampled coarse estimate
// (per-pixel planes), about a third of the work of a full-resolution sweep.
#include <torch/torch.h>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>

#include "inference/dense/DenseInternal.h"

namespace sl::dense {
namespace F = torch::nn::functional;

const char* prepare_torch(int threads) {
  int n = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
  if (torch::get_num_threads() != n) torch::set_num_threads(n);
  return torch::cuda::is_available() ? "cuda" : "cpu";
}

void torch_threads_for_this_thread(int threads) {
  if (torch::get_num_threads() != threads) torch::set_num_threads(std::max(1, threads));
}

namespace {

// Sum of w consecutive entries along `dim` (zeros beyond the ends): w - 1 shifted adds,
// several times faster on the CPU than avg_pool2d for the small windows used here.
torch::Tensor window_sum(const torch::Tensor& x, int64_t dim, int w) {
  const int r = w / 2;
  const int64_t n = x.size(dim);
  std::vector<int64_t> pad(2 * size_t(x.dim() - 2), 0);
  pad[size_t(2 * (x.dim() - 1 - dim))] = r;  // F::pad lists the last dimension first
  pad[size_t(2 * (x.dim() - 1 - dim)) + 1] = r;
  const auto p = F::pad(x, F::PadFuncOptions(pad));
  auto acc = p.narrow(dim, 0, n) + p.narrow(dim, 1, n);
  for (int k = 2; k < w; ++k) acc.add_(p.narrow(dim, k, n));
  return acc;
}

// Mean over a w x w window of the last two dimensions (separable; borders average only the
// pixels inside the image).
torch::Tensor box(const torch::Tensor& x, int w) {
  if (w <= 1) return x;
  const int64_t H = x.size(-2), W = x.size(-1);
  const auto count = [&](int64_t n) {  // pixels of a centred window inside [0, n)
    const auto i = torch::arange(n, x.options());
    return torch::clamp_max(i, w / 2) + torch::clamp_max(-i + double(n - 1), w / 2) + 1;
  };
  const auto inv_count = 1.0 / (count(H).view({H, 1}) * count(W).view({1, W}));
  return window_sum(window_sum(x, x.dim() - 2, w), x.dim() - 1, w).mul_(inv_count);
}

torch::Tensor to_tensor(const cv::Mat& gray, const torch::Device& dev) {
  cv::Mat g = gray.isContinuous() ? gray : gray.clone();
  return torch::from_blob(g.data, {1, 1, g.rows, g.cols}, torch::kFloat).clone().to(dev);
}

cv::Mat to_mat(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU).contiguous();
  cv::Mat m(int(c.size(0)), int(c.size(1)), CV_32F);
  std::memcpy(m.data, c.data_ptr<float>(), sizeof(float) * c.numel());
  return m;
}

// A neighbour image and the reference pixels' rays in its frame, folded into normalised
// grid_sample coordinates: for inverse depth q, g = (B + (bx, by) q) / (Az + tz q).
struct Src {
  torch::Tensor image;  // [1,1,Hn,Wn]
  torch::Tensor Az, B;  // Az [1,HW]; B [2,HW] (x, y)
  float bx = 0, by = 0, tz = 0;
  float lim_x = 1, lim_y = 1;  // |g| inside which a whole NCC window lies in the image
};

// Matching cost 1 - mean(best-k NCC) for the plane parameters `p` ([D,1,1]: one per plane, or
// [D,1,HW]: per pixel), [D,H,W]; a pixel's inverse depth is p x `a` ([1,1,HW]; undefined: 1).
// Box-filtered over (x, y) when agg_window > 1.
torch::Tensor sweep_cost(const torch::Tensor& I, const std::vector<Src>& srcs,
                         const torch::Tensor& p, const torch::Tensor& a, int H, int W,
                         const DenseOptions& options, const std::function<void()>& check_stop) {
  const auto fopt = I.options();
  const int64_t HW = int64_t(H) * W;
  const int N = int(srcs.size());
  const int D = int(p.size(0));
  const int win = std::max(3, options.ncc_window | 1);
  const auto mu_i = box(I, win);
  const auto var_i = (box(I * I, win) - mu_i * mu_i).clamp_min(0);
  // Depth batch size from the memory budget (~24 float tensors of HW per depth and neighbour).
  const double bytes_per_depth = double(HW) * 4.0 * (24.0 + N);
  const double budget_mb =
      I.is_cuda()
          ? double(options.memory_budget_mb)
          : double(std::min(options.memory_budget_mb, std::max<size_t>(1, options.cpu_batch_mb)));
  const int B = std::clamp(int(budget_mb * 1048576.0 / bytes_per_depth), 1, D);
  const int k = std::clamp(options.best_k, 1, N);
  auto cost = torch::empty({D, H, W}, fopt);
  for (int d0 = 0; d0 < D; d0 += B) {
    if (check_stop) check_stop();
    const int b = std::min(B, D - d0);
    auto q = p.slice(0, d0, d0 + b);  // [b,1,1] or [b,1,HW]: inverse depths below
    if (a.defined()) q = q * a;
    auto ncc_all = torch::empty({N, b, H, W}, fopt);
    auto grid = torch::empty({b, H, W, 2}, fopt);
    for (int n = 0; n < N; ++n) {
      const auto& s = srcs[size_t(n)];
      const auto den = s.Az + q * s.tz;  // [b,1,HW]: > 0 in front of the neighbour
      const auto den_safe = den.clamp_min(1e-6);
      auto gx = grid.select(3, 0).view({b, 1, HW});
      auto gy = grid.select(3, 1).view({b, 1, HW});
      torch::div_out(gx, s.B.select(0, 0) + q * s.bx, den_safe);
      torch::div_out(gy, s.B.select(0, 1) + q * s.by, den_safe);
      const auto inside =
          ((den > 1e-6) & (gx.abs() <= s.lim_x) & (gy.abs() <= s.lim_y)).view({b, 1, H, W});
      auto J = F::grid_sample(s.image, grid.view({1, int64_t(b) * H, W, 2}),
                              F::GridSampleFuncOptions()
                                  .mode(torch::kBilinear)
                                  .padding_mode(torch::kZeros)
                                  .align_corners(true))
                   .view({b, 1, H, W});
      auto mu_j = box(J, win);
      auto var_j = box(J * J, win).sub_(mu_j * mu_j).clamp_min_(0);
      auto cov = box(I * J, win).sub_(mu_i * mu_j);
      // A window with no texture in the neighbour is a mismatch (-1). Where the hypothesis
      // projects outside the neighbour, the neighbour cannot say (0): scoring that as a mismatch
      // made every pixel prefer the depths at which more neighbours happen to see it.
      const auto flat = inside & (var_j <= 1e-6);
      auto ncc = cov.mul_(var_j.mul_(var_i).add_(1e-8).rsqrt_()).clamp_(-1, 1);
      ncc.masked_fill_(inside.logical_not(), 0.0);
      ncc.masked_fill_(flat, -1.0);
      ncc_all.select(0, n).copy_(ncc.squeeze(1));
    }
    auto best = k < N ? std::get<0>(ncc_all.topk(k, 0)) : ncc_all;
    auto score = best.mean(0);
    if (options.single_view_weight > 0 && k > 1)
      score = torch::maximum(score, std::get<0>(best.max(0)) * options.single_view_weight);
    cost.slice(0, d0, d0 + b).copy_(1.0 - score);
  }
  if (check_stop) check_stop();
  if (options.agg_window > 1) cost = box(cost.unsqueeze(0), options.agg_window | 1).squeeze(0);
  return cost;
}

// One plane family's result at a resolution, [H,W] each.
struct FamilyResult {
  torch::Tensor p;      // plane parameter of the best plane (sub-plane refined)
  torch::Tensor depth;  // 0 where invalid
  torch::Tensor conf;
  torch::Tensor peak;  // the cost curve's peak mass (uniqueness)
  torch::Tensor cost;  // the best plane's (aggregated) matching cost
};

// Winner-take-all over hypotheses p = base + index * step (base [1,H,W] or [1,1,1]), parabolic
// refinement, inverse depth a x p, confidence = softmax peak mass x (1 - cost); depth 0 where
// invalid. With peak_in (the coarse sweep's, upsampled) the uniqueness comes from there.
FamilyResult pick_depth(const torch::Tensor& cost, const torch::Tensor& base, double step,
                        const torch::Tensor& a, const torch::Tensor& var_i,
                        const torch::Tensor* peak_in = nullptr) {
  const int D = int(cost.size(0));
  auto [cmin, idx] = cost.min(0, /*keepdim=*/true);  // [1,H,W]
  auto im = (idx - 1).clamp(0, D - 1), ip = (idx + 1).clamp(0, D - 1);
  auto cm = cost.gather(0, im), cp = cost.gather(0, ip);
  auto denom = cm - 2 * cmin + cp;
  auto interior = (idx > 0) & (idx < D - 1) & (denom > 1e-6);
  auto offset =
      torch::where(interior, 0.5 * (cm - cp) / denom.clamp_min(1e-6), torch::zeros_like(cmin))
          .clamp(-0.5, 0.5);
  auto p_best = base + (idx.to(torch::kFloat) + offset) * step;
  auto inv_d = a.defined() ? p_best * a : p_best;
  auto depth = 1.0 / inv_d.clamp_min(1e-9);
  auto prob = torch::softmax(-cost / 0.05, 0);
  auto peak = prob.gather(0, idx) +
              torch::where(idx > 0, prob.gather(0, im), torch::zeros_like(cmin)) +
              torch::where(idx < D - 1, prob.gather(0, ip), torch::zeros_like(cmin));
  auto conf = ((peak_in ? peak_in->unsqueeze(0) : peak) * (1.0 - cmin).clamp(0, 1)).clamp(0, 1);
  // No texture in the reference window: no confidence.
  conf = torch::where(var_i.squeeze(0) > 1e-5, conf, torch::zeros_like(conf));
  auto valid = (cmin < 1.5) & (inv_d > 0);
  FamilyResult r;
  r.p = p_best.squeeze(0);
  r.depth = torch::where(valid, depth, torch::zeros_like(depth)).squeeze(0);
  r.conf = torch::where(valid, conf, torch::zeros_like(conf)).squeeze(0);
  r.peak = peak.squeeze(0);
  r.cost = cmin.squeeze(0);
  return r;
}

SweepView half_size(const SweepView& v) {
  SweepView h;
  const int w = std::max(1, v.gray.cols / 2), ht = std::max(1, v.gray.rows / 2);
  cv::resize(v.gray, h.gray, cv::Size(w, ht), 0, 0, cv::INTER_AREA);
  h.intrinsics = v.intrinsics.scaled(w, ht);
  h.world_from_cam = v.world_from_cam;
  return h;
}

// Nearest-neighbour resize of an [h,w] tensor to [H,W] (the coarse level's values per pixel).
torch::Tensor upsample_nearest(const torch::Tensor& t, int H, int W) {
  return F::interpolate(
             t.view({1, 1, t.size(0), t.size(1)}),
             F::InterpolateFuncOptions().size(std::vector<int64_t>{H, W}).mode(torch::kNearest))
      .view({H, W});
}

// Planes n . X = 1 / p in the reference camera's frame (n unit, X in metres): the ray
// r = (x, y, 1) of a pixel meets plane p at inverse depth (n . r) p. Fronto-parallel planes:
// n = (0, 0, 1), p = inverse depth. Planes are sampled uniformly in p from p_near to p_far, so
// each step moves a pixel's inverse depth (its disparity) by the same amount.
struct PlaneFamily {
  Eigen::Vector3d normal_cam = Eigen::Vector3d::UnitZ();
  double p_near = 1, p_far = 0.1;
  bool fronto() const { return normal_cam.isApprox(Eigen::Vector3d::UnitZ()); }
};

// Rays within this angle of a family's planes never see them well enough (and their depth along
// the ray jumps by metres between planes): those pixels get no depth from the family.
constexpr double kMinIncidence = 0.087;  // sin(5 degrees)

// The sweep of one plane family over the reference view, coarse to fine as DenseOptions asks.
FamilyResult sweep_family(const SweepView& ref, const std::vector<SweepView>& neighbors,
                          const PlaneFamily& family, int D, const DenseOptions& options,
                          const std::function<void()>& check_stop) {
  const torch::Device dev(torch::cuda::is_available() ? torch::kCUDA : torch::kCPU);
  const auto fopt = torch::TensorOptions().dtype(torch::kFloat).device(dev);
  const int H = ref.gray.rows, W = ref.gray.cols;
  const int64_t HW = int64_t(H) * W;
  const double step = (family.p_far - family.p_near) / (D - 1);  // negative: near to far

  // Coarse to fine: the whole range at half resolution first.
  const bool coarse =
      options.coarse_to_fine && std::min(H, W) >= std::max(64, options.coarse_min_side);
  FamilyResult coarse_result;
  const int Dc = std::max(3, (D + 1) / 2);
  if (coarse) {
    DenseOptions o = options;
    o.coarse_to_fine = false;
    // Half the planes: the same disparity step per (coarse) pixel, so the same sharp peak.
    std::vector<SweepView> half;
    for (const auto& nb : neighbors) half.push_back(half_size(nb));
    coarse_result = sweep_family(half_size(ref), half, family, Dc, o, check_stop);
  }

  const int win = std::max(3, options.ncc_window | 1);
  const auto I = to_tensor(ref.gray, dev);  // [1,1,H,W]
  const auto mu_i = box(I, win);
  const auto var_i = (box(I * I, win) - mu_i * mu_i).clamp_min(0);

  // Reference rays (x, y, 1) per pixel, [3, HW], and the neighbours' geometry.
  const auto& Kr = ref.intrinsics;
  auto xs = torch::arange(W, fopt).view({1, W}).expand({H, W});
  auto ys = torch::arange(H, fopt).view({H, 1}).expand({H, W});
  auto rays = torch::stack({((xs - Kr.cx) / Kr.fx).reshape({HW}),
                            ((ys - Kr.cy) / Kr.fy).reshape({HW}), torch::ones({HW}, fopt)});
  std::vector<Src> srcs;
  const int r = win / 2;
  for (const auto& nb : neighbors) {
    const Eigen::Isometry3d n_from_ref = nb.world_from_cam.inverse() * ref.world_from_cam;
    Eigen::Matrix<float, 3, 3, Eigen::RowMajor> R = n_from_ref.linear().cast<float>();
    const Eigen::Vector3f t = n_from_ref.translation().cast<float>();
    const auto A = torch::from_blob(R.data(), {3, 3}, torch::kFloat).clone().to(dev).matmul(rays);
    const auto& K = nb.intrinsics;
    const int wn = nb.gray.cols, hn = nb.gray.rows;
    const double sx = 2.0 / std::max(1, wn - 1), sy = 2.0 / std::max(1, hn - 1);
    Src s;
    s.image = to_tensor(nb.gray, dev);
    s.Az = A[2].view({1, HW});
    s.B = torch::stack(
        {sx * (K.fx * A[0] + K.cx * A[2]) - A[2], sy * (K.fy * A[1] + K.cy * A[2]) - A[2]});
    s.bx = float(sx * (K.fx * t.x() + K.cx * t.z()) - t.z());
    s.by = float(sy * (K.fy * t.y() + K.cy * t.z()) - t.z());
    s.tz = t.z();
    s.lim_x = float(1.0 - r * sx);
    s.lim_y = float(1.0 - r * sy);
    srcs.push_back(std::move(s));
  }
  // Inverse depth per unit p, and the pixels whose rays meet the planes steeply enough.
  torch::Tensor a, reach;
  if (!family.fronto()) {
    const Eigen::Vector3d& n = family.normal_cam;
    a = (rays[0] * n.x() + rays[1] * n.y() + rays[2] * n.z()).view({1, H, W});
    reach = (a >= rays.norm(2, 0).view({1, H, W}) * kMinIncidence).squeeze(0);
  }
  const auto a_flat = a.defined() ? a.view({1, 1, HW}) : a;

  FamilyResult out;
  if (!coarse) {
    const auto p = torch::linspace(family.p_near, family.p_far, D, fopt).view({D, 1, 1});
    const auto cost = sweep_cost(I, srcs, p, a_flat, H, W, options, check_stop);
    out = pick_depth(cost, torch::full({1, 1, 1}, family.p_near, fopt), step, a, var_i[0]);
  } else {
    // Per-pixel hypotheses around the coarse plane: +-refine_range coarse planes.
    const auto mid = torch::full_like(coarse_result.p, 0.5 * (family.p_near + family.p_far));
    const auto p0 = upsample_nearest(
        torch::where(coarse_result.depth > 0, coarse_result.p, mid).contiguous(), H, W);
    const auto peak0 = upsample_nearest(coarse_result.peak.contiguous(), H, W).clamp(0, 1);
    const int R = std::max(3, options.refine_depths);
    const double coarse_step = (family.p_far - family.p_near) / (Dc - 1);
    const double fine_step = 2.0 * options.refine_range * coarse_step / double(R - 1);
    const auto base = p0.view({1, H, W}) - options.refine_range * coarse_step;  // [1,H,W]
    const auto offsets = torch::arange(R, fopt).view({R, 1, 1}) * fine_step;
    const auto p = (base + offsets).view({R, 1, HW});
    const auto cost = sweep_cost(I, srcs, p, a_flat, H, W, options, check_stop);
    // The fine curve is local: how unique the match is comes from the coarse sweep's peak;
    // how good it is, from the full-resolution cost.
    out = pick_depth(cost, base, fine_step, a, var_i[0], &peak0);
    out.peak = peak0;  // uniqueness stays the coarse sweep's
    // Pixels the coarse sweep found nothing for stay unknown.
    const auto had = upsample_nearest((coarse_result.depth > 0).to(torch::kFloat), H, W) > 0;
    out.depth = torch::where(had, out.depth, torch::zeros_like(out.depth));
    out.conf = torch::where(had, out.conf, torch::zeros_like(out.conf));
  }
  if (reach.defined()) {
    out.depth = torch::where(reach, out.depth, torch::zeros_like(out.depth));
    out.conf = torch::where(reach, out.conf, torch::zeros_like(out.conf));
  }
  return out;
}

}  // namespace

SweepResult plane_sweep(const SweepView& ref, const std::vector<SweepView>& neighbors,
                        double min_depth, double max_depth, const DenseOptions& options,
                        const std::function<void()>& check_stop, const GroundPlanes& ground) {
  torch::NoGradGuard no_grad;
  const int H = ref.gray.rows, W = ref.gray.cols;
  const int D = std::max(3, options.num_depths);
  SweepResult out;
  if (neighbors.empty() || min_depth <= 0 || max_depth <= min_depth) {
    out.depth_m = cv::Mat::zeros(H, W, CV_32F);
    out.confidence = cv::Mat::zeros(H, W, CV_32F);
    return out;
  }
  PlaneFamily fronto;
  fronto.p_near = 1.0 / min_depth;
  fronto.p_far = 1.0 / max_depth;
  FamilyResult best = sweep_family(ref, neighbors, fronto, D, options, check_stop);
  if (ground.valid()) {
    // Planes parallel to the ground below the camera: p = 1 / (the plane's drop below it).
    PlaneFamily level;
    level.normal_cam = -(ref.world_from_cam.linear().transpose() * ground.up_world).normalized();
    level.p_near = 1.0 / ground.min_drop_m;
    level.p_far = 1.0 / ground.max_drop_m;
    const FamilyResult g = sweep_family(ref, neighbors, level, D, options, check_stop);
    // Per pixel, the family whose best plane matches better.
    const auto take = (g.depth > 0) & ((best.depth <= 0) | (g.cost < best.cost));
    best.depth = torch::where(take, g.depth, best.depth);
    best.conf = torch::where(take, g.conf, best.conf);
    best.cost = torch::where(take, g.cost, best.cost);
  }
  out.depth_m = to_mat(best.depth);
  out.confidence = to_mat(best.conf);
  return out;
}

}  // namespace sl::dense
