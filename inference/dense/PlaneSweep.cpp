// Plane-sweep multi-view stereo with LibTorch tensor ops: fronto-parallel inverse-depth planes
// in the reference camera, neighbours warped by the plane homographies with grid_sample,
// windowed NCC (separable box filters), mean of the best-k neighbours, box-filtered cost
// volume, winner-take-all with parabolic sub-plane refinement, softmax-peak confidence.
#include <torch/torch.h>

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

namespace {

// Mean over a w x w window (separable; borders average only the pixels inside the image).
torch::Tensor box(const torch::Tensor& x, int w) {
  if (w <= 1) return x;
  auto o1 = F::AvgPool2dFuncOptions({w, 1}).stride(1).padding({w / 2, 0}).count_include_pad(false);
  auto o2 = F::AvgPool2dFuncOptions({1, w}).stride(1).padding({0, w / 2}).count_include_pad(false);
  return F::avg_pool2d(F::avg_pool2d(x, o1), o2);
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

}  // namespace

SweepResult plane_sweep(const SweepView& ref, const std::vector<SweepView>& neighbors,
                        double min_depth, double max_depth, const DenseOptions& options,
                        const std::function<void()>& check_stop) {
  torch::NoGradGuard no_grad;
  const torch::Device dev(torch::cuda::is_available() ? torch::kCUDA : torch::kCPU);
  const auto fopt = torch::TensorOptions().dtype(torch::kFloat).device(dev);
  const int H = ref.gray.rows, W = ref.gray.cols;
  const int64_t HW = int64_t(H) * W;
  const int N = int(neighbors.size());
  const int D = std::max(3, options.num_depths);
  const int win = std::max(3, options.ncc_window | 1);
  SweepResult out;
  if (N == 0 || min_depth <= 0 || max_depth <= min_depth) {
    out.depth_m = cv::Mat::zeros(H, W, CV_32F);
    out.confidence = cv::Mat::zeros(H, W, CV_32F);
    return out;
  }

  // Reference statistics.
  const auto I = to_tensor(ref.gray, dev);  // [1,1,H,W]
  const auto mu_i = box(I, win);
  const auto var_i = (box(I * I, win) - mu_i * mu_i).clamp_min(0);

  // Reference rays (x, y, 1) per pixel, [3, HW].
  const auto& Kr = ref.intrinsics;
  auto xs = torch::arange(W, fopt).view({1, W}).expand({H, W});
  auto ys = torch::arange(H, fopt).view({H, 1}).expand({H, W});
  auto rays = torch::stack({((xs - Kr.cx) / Kr.fx).reshape({HW}),
                            ((ys - Kr.cy) / Kr.fy).reshape({HW}), torch::ones({HW}, fopt)});

  // Inverse-depth planes, near to far.
  const double inv_near = 1.0 / min_depth, inv_far = 1.0 / max_depth;
  const auto inv_depths = torch::linspace(inv_near, inv_far, D, fopt);
  const auto depths = 1.0 / inv_depths;

  struct Src {
    torch::Tensor image, A, t;  // image [1,1,Hn,Wn]; A = R * rays [3,HW]; t [3,1]
    double fx, fy, cx, cy;
    int w, h;
  };
  std::vector<Src> srcs;
  for (const auto& nb : neighbors) {
    const Eigen::Isometry3d n_from_ref = nb.world_from_cam.inverse() * ref.world_from_cam;
    Eigen::Matrix<float, 3, 3, Eigen::RowMajor> R = n_from_ref.linear().cast<float>();
    Eigen::Vector3f t = n_from_ref.translation().cast<float>();
    auto Rt = torch::from_blob(R.data(), {3, 3}, torch::kFloat).clone().to(dev);
    auto tt = torch::from_blob(t.data(), {3, 1}, torch::kFloat).clone().to(dev);
    const auto& K = nb.intrinsics;
    srcs.push_back({to_tensor(nb.gray, dev), Rt.matmul(rays), tt, K.fx, K.fy, K.cx, K.cy,
                    nb.gray.cols, nb.gray.rows});
  }

  // Depth batch size from the memory budget (~24 float tensors of HW per depth and neighbour).
  const double bytes_per_depth = double(HW) * 4.0 * (24.0 + N);
  const int B =
      std::clamp(int(double(options.memory_budget_mb) * 1048576.0 / bytes_per_depth), 1, D);
  const int k = std::clamp(options.best_k, 1, N);

  auto cost = torch::empty({D, H, W}, fopt);
  for (int d0 = 0; d0 < D; d0 += B) {
    if (check_stop) check_stop();
    const int b = std::min(B, D - d0);
    auto dd = depths.slice(0, d0, d0 + b).view({b, 1, 1});
    auto ncc_all = torch::empty({N, b, H, W}, fopt);
    for (int n = 0; n < N; ++n) {
      const auto& s = srcs[size_t(n)];
      auto P = dd * s.A.unsqueeze(0) + s.t.unsqueeze(0);  // [b,3,HW]
      auto z = P.select(1, 2);
      auto zc = z.clamp_min(1e-6);
      auto u = P.select(1, 0) / zc * s.fx + s.cx;
      auto v = P.select(1, 1) / zc * s.fy + s.cy;
      auto valid = ((z > 1e-6) & (u >= 0) & (u <= s.w - 1) & (v >= 0) & (v <= s.h - 1))
                       .to(torch::kFloat)
                       .view({b, 1, H, W});
      auto gx = u * (2.0 / std::max(1, s.w - 1)) - 1.0;
      auto gy = v * (2.0 / std::max(1, s.h - 1)) - 1.0;
      auto grid = torch::stack({gx, gy}, -1).view({1, int64_t(b) * H, W, 2});
      auto J = F::grid_sample(s.image, grid,
                              F::GridSampleFuncOptions()
                                  .mode(torch::kBilinear)
                                  .padding_mode(torch::kZeros)
                                  .align_corners(true))
                   .view({b, 1, H, W});
      auto mu_j = box(J, win);
      auto var_j = (box(J * J, win) - mu_j * mu_j).clamp_min(0);
      auto cov = box(I * J, win) - mu_i * mu_j;
      auto ncc = cov / torch::sqrt(var_i * var_j + 1e-8);
      // Windows that leave the neighbour image, or have no texture there, count as mismatches.
      auto ok = (box(valid, win) > 0.999) & (var_j > 1e-6);
      ncc = torch::where(ok, ncc.clamp(-1, 1), torch::full_like(ncc, -1.0));
      ncc_all.select(0, n).copy_(ncc.squeeze(1));
    }
    auto best = k < N ? std::get<0>(ncc_all.topk(k, 0)) : ncc_all;
    cost.slice(0, d0, d0 + b).copy_(1.0 - best.mean(0));
  }
  if (check_stop) check_stop();

  if (options.agg_window > 1) {
    cost = box(cost.unsqueeze(0), options.agg_window | 1).squeeze(0);
  }

  // Winner-take-all + parabolic refinement in inverse depth.
  auto [cmin, idx] = cost.min(0, /*keepdim=*/true);  // [1,H,W]
  auto im = (idx - 1).clamp(0, D - 1), ip = (idx + 1).clamp(0, D - 1);
  auto cm = cost.gather(0, im), cp = cost.gather(0, ip);
  auto denom = cm - 2 * cmin + cp;
  auto interior = (idx > 0) & (idx < D - 1) & (denom > 1e-6);
  auto offset =
      torch::where(interior, 0.5 * (cm - cp) / denom.clamp_min(1e-6), torch::zeros_like(cmin))
          .clamp(-0.5, 0.5);
  const double step = (inv_far - inv_near) / (D - 1);
  auto inv_d = inv_near + (idx.to(torch::kFloat) + offset) * step;
  auto depth = 1.0 / inv_d.clamp_min(1e-9);

  // Confidence: probability mass of the cost-curve peak (softmax of -cost) times the NCC there.
  auto prob = torch::softmax(-cost / 0.05, 0);
  auto peak = prob.gather(0, idx) +
              torch::where(idx > 0, prob.gather(0, im), torch::zeros_like(cmin)) +
              torch::where(idx < D - 1, prob.gather(0, ip), torch::zeros_like(cmin));
  auto conf = (peak * (1.0 - cmin).clamp(0, 1)).clamp(0, 1);
  // No texture in the reference window: no confidence.
  conf = torch::where(box(var_i, 1).squeeze(0) > 1e-5, conf, torch::zeros_like(conf));
  auto valid = cmin < 1.5;
  depth = torch::where(valid, depth, torch::zeros_like(depth));
  conf = torch::where(valid, conf, torch::zeros_like(conf));

  out.depth_m = to_mat(depth.squeeze(0));
  out.confidence = to_mat(conf.squeeze(0));
  return out;
}

}  // namespace sl::dense
