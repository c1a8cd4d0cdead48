// A 2D object detector on the photos: a Darknet YOLO model (e.g. COCO's 80 classes in
// yolo-fastest-1.1: cfg + weights + names) run with OpenCV DNN. Optional: without its files
// everything else works; nothing is downloaded.
#pragma once
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace sl::objects {

struct Detection {
  int class_id = -1;
  std::string label;  // from the names file ("chair", "cup", "dining table")
  float score = 0;    // objectness x class probability
  cv::Rect2f box;     // pixels of the image given to detect()
};

struct DetectorOptions {
  float min_score = 0.3f;
  float nms_iou = 0.45f;
};

class Detector {
 public:
  // `dir` holds <name>.cfg, <name>.weights and a names file (coco.names, or <name>.names); an
  // empty name takes yolo-fastest-1.1-xl when the folder has it, else yolo-fastest-1.1.
  // Throws std::runtime_error naming the missing or unreadable file.
  explicit Detector(const std::string& dir, std::string name = "");
  const std::string& modelName() const { return model_; }
  // The folder of the default model when it is configured: $SCENELENS_DETECTOR_DIR, else empty.
  static std::string configured_dir();

  std::vector<Detection> detect(const cv::Mat& image_bgr, const DetectorOptions& options = {});
  const std::vector<std::string>& labels() const { return names_; }
  cv::Size inputSize() const { return input_; }

 private:
  struct NetHolder;
  std::shared_ptr<NetHolder> holder_;
  std::vector<std::string> names_;
  cv::Size input_{320, 320};
  std::string model_;
};

}  // namespace sl::objects
