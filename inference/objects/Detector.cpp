#include "inference/objects/Detector.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

namespace fs = std::filesystem;

namespace sl::objects {

struct Detector::NetHolder {
  cv::dnn::Net net;
  std::vector<std::string> outputs;
};

namespace {

std::string need(const fs::path& p, const std::string& what) {
  if (!fs::is_regular_file(p))
    throw std::runtime_error("object detector: " + what + " " + p.string() +
                             " is missing (point the detector at a folder with the model's .cfg, "
                             ".weights and .names files)");
  return p.string();
}

// width= / height= of the cfg's [net] section.
cv::Size cfg_input_size(const std::string& cfg) {
  std::ifstream in(cfg);
  std::string line;
  int w = 0, h = 0;
  while (std::getline(in, line)) {
    if (line.rfind("width=", 0) == 0) w = std::atoi(line.c_str() + 6);
    if (line.rfind("height=", 0) == 0) h = std::atoi(line.c_str() + 7);
    if (w > 0 && h > 0) break;
  }
  return (w > 0 && h > 0) ? cv::Size(w, h) : cv::Size(320, 320);
}

}  // namespace

Detector::Detector(const std::string& dir, std::string name) {
  const fs::path d(dir);
  if (!fs::is_directory(d))
    throw std::runtime_error("object detector: " + dir + " is not a folder");
  if (name.empty())
    name = fs::is_regular_file(d / "yolo-fastest-1.1-xl.cfg") ? "yolo-fastest-1.1-xl"
                                                              : "yolo-fastest-1.1";
  model_ = name;
  const std::string cfg = need(d / (name + ".cfg"), "model configuration");
  const std::string weights = need(d / (name + ".weights"), "model weights");
  fs::path names = d / (name + ".names");
  if (!fs::is_regular_file(names)) names = d / "coco.names";
  std::ifstream in(need(names, "class names file"));
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) names_.push_back(line);
  }
  if (names_.empty()) throw std::runtime_error("object detector: " + names.string() + " is empty");
  holder_ = std::make_shared<NetHolder>();
  try {
    holder_->net = cv::dnn::readNetFromDarknet(cfg, weights);
  } catch (const cv::Exception& e) {
    throw std::runtime_error("object detector: cannot read " + weights + " with " + cfg + ": " +
                             e.what());
  }
  if (holder_->net.empty())
    throw std::runtime_error("object detector: " + weights + " did not load (wrong format?)");
  holder_->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  holder_->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  holder_->outputs = holder_->net.getUnconnectedOutLayersNames();
  input_ = cfg_input_size(cfg);
}

std::string Detector::configured_dir() {
  const char* env = std::getenv("SCENELENS_DETECTOR_DIR");
  return env ? std::string(env) : std::string();
}

std::vector<Detection> Detector::detect(const cv::Mat& image_bgr, const DetectorOptions& o) {
  std::vector<Detection> out;
  if (image_bgr.empty()) return out;
  cv::Mat bgr = image_bgr;
  if (bgr.channels() == 1) cv::cvtColor(image_bgr, bgr, cv::COLOR_GRAY2BGR);
  if (bgr.channels() == 4) cv::cvtColor(image_bgr, bgr, cv::COLOR_BGRA2BGR);
  if (bgr.depth() != CV_8U) bgr.convertTo(bgr, CV_8U, bgr.depth() == CV_16U ? 1.0 / 257 : 255.0);
  const cv::Mat blob = cv::dnn::blobFromImage(bgr, 1.0 / 255.0, input_, cv::Scalar(), true, false);
  std::vector<cv::Mat> layers;
  holder_->net.setInput(blob);
  holder_->net.forward(layers, holder_->outputs);
  // Each row: cx, cy, w, h (relative to the image), objectness, one score per class.
  std::vector<cv::Rect> boxes;
  std::vector<float> scores;
  std::vector<int> classes;
  const float W = float(bgr.cols), H = float(bgr.rows);
  for (const cv::Mat& m : layers) {
    for (int r = 0; r < m.rows; ++r) {
      const float* row = m.ptr<float>(r);
      if (m.cols < 6) continue;
      const cv::Mat cls(1, m.cols - 5, CV_32F, const_cast<float*>(row + 5));
      cv::Point best;
      double p = 0;
      cv::minMaxLoc(cls, nullptr, &p, nullptr, &best);
      const float score = float(p);  // OpenCV's region layer already multiplies objectness in
      if (score < o.min_score || best.x >= int(names_.size())) continue;
      const float cx = row[0] * W, cy = row[1] * H, w = row[2] * W, h = row[3] * H;
      boxes.emplace_back(int(cx - w / 2), int(cy - h / 2), int(w), int(h));
      scores.push_back(score);
      classes.push_back(best.x);
    }
  }
  std::vector<int> keep;
  cv::dnn::NMSBoxes(boxes, scores, o.min_score, o.nms_iou, keep);
  for (int k : keep) {
    Detection d;
    d.class_id = classes[size_t(k)];
    d.label = names_[size_t(d.class_id)];
    d.score = scores[size_t(k)];
    const cv::Rect2f b(boxes[size_t(k)]);
    d.box = b & cv::Rect2f(0, 0, W, H);
    if (d.box.area() > 0) out.push_back(d);
  }
  return out;
}

}  // namespace sl::objects
