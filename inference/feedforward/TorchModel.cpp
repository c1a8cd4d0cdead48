#include "inference/feedforward/TorchModel.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <Eigen/SVD>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace sl::ff {

namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string shape_str(const at::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? "," : "") + std::to_string(t.size(i));
  return s + "]";
}

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

// Reads the named output, drops a leading batch dimension of 1, checks rank and sizes.
// `dims` lists expected sizes, -1 = any; `alt_rank` allows a trailing 1 (e.g. depth [S,H,W,1]).
at::Tensor get_output(const c10::Dict<c10::IValue, c10::IValue>& out, const std::string& key,
                      std::vector<int64_t> dims, bool required, bool allow_trailing_one = false) {
  const auto it = out.find(key);
  if (it == out.end()) {
    if (!required) return {};
    std::string found;
    for (const auto& e : out) found += (found.empty() ? "" : ", ") + e.key().toStringRef();
    throw std::runtime_error("model output lacks '" + key + "' (found: " + found + ")");
  }
  if (!it->value().isTensor())
    throw std::runtime_error("model output '" + key + "' is not a tensor");
  at::Tensor t = it->value().toTensor().detach().to(torch::kCPU, torch::kFloat).contiguous();
  const int64_t rank = int64_t(dims.size());
  if (t.dim() == rank + 1 && t.size(0) == 1) t = t.squeeze(0);
  if (allow_trailing_one && t.dim() == rank + 1 && t.size(-1) == 1) t = t.squeeze(-1);
  bool ok = t.dim() == rank;
  for (int64_t i = 0; ok && i < rank; ++i) ok = dims[i] < 0 || t.size(i) == dims[i];
  if (!ok) {
    std::string want = "[";
    for (int64_t i = 0; i < rank; ++i)
      want += (i ? "," : "") + (dims[i] < 0 ? std::string("*") : std::to_string(dims[i]));
    throw std::runtime_error("model output '" + key + "' has shape " + shape_str(t) +
                             "; expected " + want + "]");
  }
  const int64_t bad = (~torch::isfinite(t)).sum().item<int64_t>();
  if (bad > 0)
    throw std::runtime_error("model output '" + key + "' contains " + std::to_string(bad) +
                             " NaN or infinite values of " + std::to_string(t.numel()));
  return t;
}

cv::Mat image_of(const at::Tensor& t_hw_c, int channels) {
  const int h = int(t_hw_c.size(0)), w = int(t_hw_c.size(1));
  cv::Mat m(h, w, channels == 3 ? CV_32FC3 : CV_32F);
  std::memcpy(m.data, t_hw_c.data_ptr<float>(), size_t(h) * w * channels * sizeof(float));
  return m;
}

float to_probability(float c, ConfidenceKind kind) {
  switch (kind) {
    case ConfidenceKind::Probability:
      return std::clamp(c, 0.f, 1.f);
    case ConfidenceKind::Logit:
      return 1.f / (1.f + std::exp(-c));
    case ConfidenceKind::ExpPlusOne:  // VGGT: conf = 1 + exp(x) >= 1
      return c > 1.f ? 1.f - 1.f / c : 0.f;
  }
  return c;
}

cv::Mat confidence_of(const at::Tensor& t, ConfidenceKind kind) {
  cv::Mat m = image_of(t, 1);
  for (auto it = m.begin<float>(); it != m.end<float>(); ++it) *it = to_probability(*it, kind);
  return m;
}

}  // namespace

struct TorchModel::Impl {
  torch::jit::script::Module module;
  ModelMetadata meta;
  torch::Device device = torch::kCPU;
};

cv::Size model_input_size(const ModelMetadata& m, cv::Size photo) {
  const int w = m.input_width;
  const double h_exact = double(photo.height) * w / photo.width;
  const int mult = m.size_multiple;
  int h = int(std::lround(h_exact / mult)) * mult;
  if (m.resize_mode == ResizeMode::Crop) h = int(std::floor(h_exact / mult)) * mult;
  if (m.resize_mode == ResizeMode::Pad) h = int(std::ceil(h_exact / mult)) * mult;
  return {w, std::max(mult, h)};
}

TorchModel::TorchModel(const std::string& path) : d_(std::make_unique<Impl>()) {
  namespace fs = std::filesystem;
  if (!fs::is_regular_file(path))
    throw IoError(path + ": model file not found (give a TorchScript .pt file)");
  // LibTorch starts with one intra-op thread on small machines: use every core.
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  if (torch::get_num_threads() < cores) torch::set_num_threads(cores);
  if (torch::cuda::is_available()) d_->device = torch::kCUDA;
  torch::jit::ExtraFilesMap extra{{"scenelens.json", ""}};
  try {
    d_->module = torch::jit::load(path, d_->device, extra);
  } catch (const c10::Error& e) {
    throw IoError(path + ": not a TorchScript model (" + first_line(e.what_without_backtrace()) +
                  "). Export one with tools/export_torchscript.py");
  }
  d_->module.eval();
  std::string meta_text = extra["scenelens.json"];
  std::string origin = path + " (embedded scenelens.json)";
  for (const fs::path& candidate :
       {fs::path(path + ".json"), fs::path(path).replace_extension(".json")}) {
    if (!meta_text.empty()) break;
    if (fs::is_regular_file(candidate)) {
      meta_text = read_text(candidate);
      origin = candidate.string();
    }
  }
  if (meta_text.empty())
    throw IoError(path + ": no model metadata found; put a JSON file beside it (" + path +
                  ".json) with at least {\"convention\": \"vggt\" | \"g2vlm\" | \"pi3\"}; see "
                  "docs/feedforward-models.md");
  try {
    d_->meta = parse_metadata(meta_text, origin);
  } catch (const std::runtime_error& e) {
    throw IoError(e.what());
  }
}

TorchModel::~TorchModel() = default;
const ModelMetadata& TorchModel::metadata() const {
  return d_->meta;
}
std::string TorchModel::device_name() const {
  return d_->device.is_cuda() ? "cuda" : "cpu";
}

std::vector<FramePrediction> TorchModel::predict(const std::vector<cv::Mat>& given) {
  const ModelMetadata& m = d_->meta;
  // A model traced for a fixed number of frames gets the last frame repeated; extra outputs
  // are dropped below.
  std::vector<cv::Mat> frames = given;
  while (m.fixed_frames && int(frames.size()) < m.max_frames) frames.push_back(given.back());
  const int64_t s = int64_t(frames.size());
  const int h = frames.at(0).rows, w = frames.at(0).cols;
  at::Tensor input = torch::empty({s, 3, h, w}, torch::kFloat);
  for (int64_t i = 0; i < s; ++i) {
    at::Tensor hwc = torch::from_blob(frames[i].data, {h, w, 3}, torch::kFloat);
    input[i] = hwc.permute({2, 0, 1});
  }
  const auto mean = torch::tensor({m.mean[0], m.mean[1], m.mean[2]}).view({1, 3, 1, 1});
  const auto stdv = torch::tensor({m.std[0], m.std[1], m.std[2]}).view({1, 3, 1, 1});
  input = (input - mean) / stdv;
  if (m.batch_dim) input = input.unsqueeze(0);

  c10::IValue result;
  {
    torch::NoGradGuard no_grad;
    try {
      result = d_->module.forward({input.to(d_->device)});
    } catch (const c10::Error& e) {
      const std::string what = e.what_without_backtrace();
      if (what.find("out of memory") != std::string::npos)
        throw std::runtime_error("the model ran out of memory on " + std::to_string(s) +
                                 " frames of " + std::to_string(w) + "x" + std::to_string(h) +
                                 "; lower max_frames in the model metadata");
      throw std::runtime_error("the model failed on input " + shape_str(input) + ": " +
                               first_line(what));
    }
  }
  if (!result.isGenericDict())
    throw std::runtime_error(std::string("the model returned ") + result.tagKind() +
                             "; expected a Dict[str, Tensor] (see docs/feedforward-models.md)");
  const auto out = result.toGenericDict();

  std::vector<FramePrediction> preds(static_cast<size_t>(s));
  if (m.convention == Convention::Vggt) {
    const auto ext = get_output(out, "extrinsic", {s, 3, 4}, true);
    const auto intr = get_output(out, "intrinsic", {s, 3, 3}, true);
    const auto depth = get_output(out, "depth", {s, h, w}, true, true);
    const auto conf = get_output(out, "depth_conf", {s, h, w}, false, true);
    const auto wp = get_output(out, "world_points", {s, h, w, 3}, false);
    for (int64_t i = 0; i < s; ++i) {
      FramePrediction& f = preds[size_t(i)];
      Eigen::Matrix<float, 3, 4, Eigen::RowMajor> e;
      std::memcpy(e.data(), ext[i].data_ptr<float>(), sizeof(float) * 12);
      Eigen::Isometry3d cam_from_world = Eigen::Isometry3d::Identity();
      cam_from_world.linear() = e.leftCols<3>().cast<double>();
      cam_from_world.translation() = e.col(3).cast<double>();
      f.world_from_cam = cam_from_world.inverse();
      Eigen::Matrix<float, 3, 3, Eigen::RowMajor> k;
      std::memcpy(k.data(), intr[i].data_ptr<float>(), sizeof(float) * 9);
      f.K = k.cast<double>();
      f.depth = image_of(depth[i].contiguous(), 1);
      if (conf.defined()) f.confidence = confidence_of(conf[i].contiguous(), m.confidence);
      if (wp.defined()) f.world_points = image_of(wp[i].contiguous(), 3);
    }
  } else {
    const auto pts = get_output(out, "points", {s, h, w, 3}, true);
    const auto local = get_output(out, "local_points", {s, h, w, 3}, true);
    const auto poses = get_output(out, "camera_poses", {s, 4, 4}, true);
    const auto conf = m.convention == Convention::Pi3
                          ? get_output(out, "conf", {s, h, w}, true, true)
                          : at::Tensor();
    for (int64_t i = 0; i < s; ++i) {
      FramePrediction& f = preds[size_t(i)];
      Eigen::Matrix<float, 4, 4, Eigen::RowMajor> p;
      std::memcpy(p.data(), poses[i].data_ptr<float>(), sizeof(float) * 16);
      f.world_from_cam.matrix() = p.cast<double>();
      f.world_points = image_of(pts[i].contiguous(), 3);
      f.local_points = image_of(local[i].contiguous(), 3);
      if (conf.defined()) f.confidence = confidence_of(conf[i].contiguous(), m.confidence);
    }
  }
  preds.resize(given.size());
  for (auto& f : preds) {
    const Eigen::Matrix3d r = f.world_from_cam.linear();
    if ((r.transpose() * r - Eigen::Matrix3d::Identity()).norm() > 1e-2)
      throw std::runtime_error(
          "the model's camera pose is not a rigid transform (rotation part "
          "is not orthonormal); check the convention in the metadata");
    // Project the float32 rotation onto SO(3) so that later maths sees an exact rotation.
    const Eigen::JacobiSVD<Eigen::Matrix3d> svd(r, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const Eigen::Matrix3d rot = svd.matrixU() * svd.matrixV().transpose();
    if (rot.determinant() < 0)
      throw std::runtime_error(
          "the model's camera pose is a reflection, not a rotation; check "
          "the convention (camera-to-world or world-to-camera) in the "
          "metadata");
    f.world_from_cam.linear() = rot;
  }
  return preds;
}

}  // namespace sl::ff
