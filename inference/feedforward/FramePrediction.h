// What a feed-forward model predicts for one frame, after its convention was decoded, and the
// torch-free geometry that completes it (intrinsics from rays, confidence, chunk alignment).
#pragma once
#include <Eigen/Geometry>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

#include "scene/Scene.h"

namespace sl::ff {

struct FramePrediction {
  cv::Mat world_points;  // CV_32FC3 at model resolution; empty: computed from depth
  cv::Mat local_points;  // CV_32FC3 camera frame (OpenCV axes); empty: computed from depth
  cv::Mat depth;         // CV_32F (z in the camera frame); empty: taken from local_points
  cv::Mat confidence;    // CV_32F in 0..1; empty: computed from self-consistency
  Eigen::Isometry3d world_from_cam = Eigen::Isometry3d::Identity();
  std::optional<Eigen::Matrix3d> K;  // at model resolution; empty: recovered from local rays
};

// Least-squares pinhole fit u = fx x/z + cx, v = fy y/z + cy over pixels with z > 0.
// Throws std::runtime_error when fewer than 16 valid pixels remain.
Eigen::Matrix3d intrinsics_from_local_points(const cv::Mat& local_points);

// Fills whatever the convention left out so that every field above is set. Confidence, when
// absent, is the agreement of world points with world_from_cam * local points and of local
// rays with the fitted pinhole: exp(-error / (0.01 * depth)).
void complete_prediction(FramePrediction& f);

// Similarity (scale, rotation, translation) mapping `from` points onto `to` points (Umeyama),
// with robust re-weighting; points are corresponding rows. Throws when fewer than 3.
Eigen::Matrix4d similarity_from_points(const std::vector<Eigen::Vector3d>& from,
                                       const std::vector<Eigen::Vector3d>& to);
void apply_similarity(const Eigen::Matrix4d& to_from_from, FramePrediction& f);

// Frame ranges [begin, end) covering n frames in chunks of at most max_frames sharing
// `overlap` frames with the previous chunk.
std::vector<std::pair<int, int>> plan_chunks(int n, int max_frames, int overlap);

}  // namespace sl::ff
