// A Qt3D entity drawing points or lines with per-vertex colours from two float3 buffers
// (vertexPosition, vertexColor) through PointMaterial; and a textured quad for photo thumbnails.
#pragma once
#include <QImage>
#include <Qt3DCore/QAttribute>
#include <Qt3DCore/QBuffer>
#include <Qt3DCore/QEntity>
#include <Qt3DCore/QGeometry>
#include <Qt3DRender/QGeometryRenderer>
#include <array>
#include <vector>

#include <Eigen/Core>

#include "viewer/PointMaterial.h"

namespace sl::viewer {

struct Drawable {
  Qt3DCore::QEntity* entity = nullptr;
  Qt3DRender::QGeometryRenderer* renderer = nullptr;
  Qt3DCore::QBuffer* positions = nullptr;
  Qt3DCore::QBuffer* colors = nullptr;
  Qt3DCore::QAttribute* pos_attr = nullptr;
  Qt3DCore::QAttribute* col_attr = nullptr;
  PointMaterial* material = nullptr;
  size_t count = 0;

  static Drawable create(Qt3DCore::QEntity* parent,
                         Qt3DRender::QGeometryRenderer::PrimitiveType type);
  void setData(const std::vector<Eigen::Vector3f>& pos, const std::vector<Eigen::Vector3f>& col);
  void setColors(const std::vector<Eigen::Vector3f>& col);
  // Draws the first n vertices (no upload).
  void setDrawCount(size_t n);
};

// A quad with corners (top-left, top-right, bottom-right, bottom-left of the image) showing
// `image`.
Qt3DCore::QEntity* make_image_quad(Qt3DCore::QEntity* parent,
                                   const std::array<Eigen::Vector3f, 4>& corners,
                                   const QImage& image);

}  // namespace sl::viewer
