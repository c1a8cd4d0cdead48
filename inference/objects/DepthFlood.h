// Flooding a depth map into pieces of small relative depth steps, shared by photo selection's
// prior (PhotoPrior) and the proposals' per-view pieces (ViewSegments). Internal to
// inference/objects.
#pragma once
#include <cmath>
#include <deque>
#include <opencv2/core.hpp>

namespace sl::objects {

// Marks piece `id` in `piece` (CV_32S) from `seed`: 4-neighbours still `unassigned` there that
// `joinable(q)` accepts and whose depth (CV_32F) differs from their neighbour's `dp` by at most
// step_rel x dp. The seed is marked whatever it holds. Returns the piece's pixel count.
template <class Joinable>
int flood_depth_piece(const cv::Mat& depth, cv::Mat& piece, const cv::Point& seed, int id,
                      int unassigned, double step_rel, Joinable joinable) {
  static const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
  std::deque<cv::Point> queue{seed};
  piece.at<int>(seed) = id;
  int size = 1;
  while (!queue.empty()) {
    const cv::Point p = queue.front();
    queue.pop_front();
    const float dp = depth.at<float>(p);
    for (int n = 0; n < 4; ++n) {
      const cv::Point q(p.x + dx[n], p.y + dy[n]);
      if (q.x < 0 || q.y < 0 || q.x >= depth.cols || q.y >= depth.rows) continue;
      if (piece.at<int>(q) != unassigned || !joinable(q)) continue;
      if (std::abs(depth.at<float>(q) - dp) > float(step_rel) * dp) continue;
      piece.at<int>(q) = id;
      ++size;
      queue.push_back(q);
    }
  }
  return size;
}

}  // namespace sl::objects
