// Loading and running a TorchScript geometry model (the only feed-forward code that sees
// LibTorch types is in TorchModel.cpp). Errors are std::runtime_error / IoError whose message
// says what was expected and what was found.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "inference/feedforward/FramePrediction.h"
#include "inference/feedforward/ModelContract.h"

namespace sl::ff {

class TorchModel {
 public:
  // Reads the model and its metadata (<model>.json beside it, or the extra file
  // "scenelens.json" inside the archive). Throws IoError naming the file.
  explicit TorchModel(const std::string& path);
  ~TorchModel();
  const ModelMetadata& metadata() const;
  std::string device_name() const;  // "cuda" or "cpu"

  // Runs frames (CV_32FC3 RGB in 0..1, all of the model's input size) in one forward pass.
  std::vector<FramePrediction> predict(const std::vector<cv::Mat>& frames_rgb01);

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

// Model input size (width, height) for a photo of this size under the metadata's rule.
cv::Size model_input_size(const ModelMetadata& m, cv::Size photo);

}  // namespace sl::ff
