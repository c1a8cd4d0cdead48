// CPU side of the viewport's drawings: per-point colours for each colour mode, and line lists
// (grid, axes, camera frustums, overlays) as positions + colours ready for a vertex buffer.
#pragma once
#include <QColor>
#include <array>
#include <vector>

#include "scene/Scene.h"
#include "viewer/Viewport.h"

namespace sl::viewer {

struct LineList {
  std::vector<Eigen::Vector3f> pos;  // two per segment
  std::vector<Eigen::Vector3f> col;
  void add(const Eigen::Vector3f& a, const Eigen::Vector3f& b, const Eigen::Vector3f& c) {
    pos.push_back(a);
    pos.push_back(b);
    col.push_back(c);
    col.push_back(c);
  }
};

Eigen::Vector3f to_rgbf(const QColor& c);
// Blue -> cyan -> green -> yellow -> red for t in [0, 1].
Eigen::Vector3f ramp(float t);

// Colours of the cloud's points in the order `order` (indices into the cloud), 0..1 floats.
std::vector<Eigen::Vector3f> point_colors(const Scene& scene, ColorMode mode,
                                          const std::vector<uint32_t>& order);

// Bounds of what there is to see: the cloud and the registered cameras, else a unit box.
Eigen::AlignedBox3d scene_bounds(const Scene& scene);

// Grid on the floor (plane orthogonal to `up` through the lowest point) and XYZ axes at origin.
LineList grid_and_axes(const Scene& scene, const Eigen::AlignedBox3d& bounds);

// Frustum corners of a view at depth `depth` (world), order: top-left, top-right, bottom-right,
// bottom-left of the image.
std::array<Eigen::Vector3f, 4> frustum_corners(const View& view, double depth);
LineList camera_frustums(const Scene& scene, double depth);
// Depth of the drawn frustums: 6% of the scene's extent, but no more than half the median
// distance between neighbouring cameras (so a dense camera path does not hide the scene), and
// not under 1% of the extent.
double frustum_depth(const Scene& scene, double extent);

// Lines of every overlay (highlights are points and are left out here).
LineList overlay_lines(const std::vector<Overlay>& overlays, double extent);

}  // namespace sl::viewer
