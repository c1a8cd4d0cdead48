#include "inference/io/VideoSampler.h"

#include <cmath>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "scene/Scene.h"

namespace sl::io {

double sharpness(const cv::Mat& bgr) {
  cv::Mat grey, small, lap;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  const double s = std::min(1.0, 480.0 / std::max(grey.cols, grey.rows));
  if (s < 1.0)
    cv::resize(grey, small, cv::Size(), s, s, cv::INTER_AREA);
  else
    small = grey;
  cv::Laplacian(small, lap, CV_64F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(lap, mean, stddev);
  return stddev[0] * stddev[0];
}

std::vector<VideoFrame> sample_video(const std::string& path, double fps,
                                     const std::function<bool(double)>& keep_going) {
  if (!std::filesystem::exists(path)) throw IoError(path + ": video file not found");
  cv::VideoCapture cap(path, cv::CAP_FFMPEG);
  if (!cap.isOpened()) cap.open(path, cv::CAP_ANY);
  if (!cap.isOpened())
    throw IoError(path +
                  ": cannot open the video (unsupported container or codec); "
                  "convert it to H.264 MP4 or extract frames as images");
  double video_fps = cap.get(cv::CAP_PROP_FPS);
  if (!(video_fps > 0 && video_fps < 1000)) video_fps = 30;
  const double total = cap.get(cv::CAP_PROP_FRAME_COUNT);
  const double window_s = 1.0 / std::max(0.01, fps);
  std::vector<VideoFrame> out;
  VideoFrame best;
  double best_sharp = -1;
  long current_window = -1;
  cv::Mat frame;
  for (int idx = 0;; ++idx) {
    bool got = false;
    try {
      got = cap.read(frame);
    } catch (const cv::Exception&) {
      got = false;
    }
    if (!got || frame.empty()) break;
    const double t = idx / video_fps;
    const long w = long(std::floor(t / window_s + 1e-9));
    if (w != current_window) {
      if (best_sharp >= 0) out.push_back(best);
      current_window = w;
      best_sharp = -1;
    }
    const double s = sharpness(frame);
    if (s > best_sharp) {
      best_sharp = s;
      best.index = idx;
      best.time_s = t;
      best.image = frame.clone();
    }
    if (keep_going && !keep_going(total > 0 ? std::min(1.0, idx / total) : 0.0)) return out;
  }
  if (best_sharp >= 0) out.push_back(best);
  if (out.empty())
    throw IoError(path +
                  ": the video has no decodable frames (corrupt or unsupported codec); "
                  "re-encode it as H.264 MP4");
  return out;
}

}  // namespace sl::io
