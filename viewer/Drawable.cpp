#include "viewer/Drawable.h"

#include <Eigen/Geometry>
#include <QPainter>
#include <Qt3DExtras/QTextureMaterial>
#include <Qt3DRender/QPaintedTextureImage>
#include <Qt3DRender/QTexture>
#include <cstring>

namespace sl::viewer {
namespace {

using Qt3DCore::QAttribute;

QByteArray pack(const std::vector<Eigen::Vector3f>& v) {
  if (v.empty()) return QByteArray(3 * sizeof(float), 0);  // RHI warns about empty buffers
  QByteArray bytes(qsizetype(v.size() * 3 * sizeof(float)), Qt::Uninitialized);
  if (!v.empty()) std::memcpy(bytes.data(), v.data()->data(), size_t(bytes.size()));
  return bytes;
}

QAttribute* make_attribute(Qt3DCore::QBuffer* buffer, const QString& name, int components,
                           size_t count, Qt3DCore::QNode* parent) {
  auto* a = new QAttribute(parent);
  a->setName(name);
  a->setAttributeType(QAttribute::VertexAttribute);
  a->setVertexBaseType(QAttribute::Float);
  a->setVertexSize(uint(components));
  a->setByteOffset(0);
  a->setByteStride(uint(components * sizeof(float)));
  a->setCount(uint(count));
  a->setBuffer(buffer);
  return a;
}

class ImageTexture : public Qt3DRender::QPaintedTextureImage {
 public:
  ImageTexture(const QImage& image, Qt3DCore::QNode* parent)
      : QPaintedTextureImage(parent), image_(image) {
    setSize(image.size());
  }
  void paint(QPainter* painter) override { painter->drawImage(0, 0, image_); }

 private:
  QImage image_;
};

}  // namespace

Drawable Drawable::create(Qt3DCore::QEntity* parent,
                          Qt3DRender::QGeometryRenderer::PrimitiveType type) {
  Drawable d;
  d.entity = new Qt3DCore::QEntity(parent);
  auto* geometry = new Qt3DCore::QGeometry(d.entity);
  d.positions = new Qt3DCore::QBuffer(geometry);
  d.colors = new Qt3DCore::QBuffer(geometry);
  d.pos_attr =
      make_attribute(d.positions, QAttribute::defaultPositionAttributeName(), 3, 0, geometry);
  d.col_attr = make_attribute(d.colors, QStringLiteral("vertexColor"), 3, 0, geometry);
  geometry->addAttribute(d.pos_attr);
  geometry->addAttribute(d.col_attr);
  d.renderer = new Qt3DRender::QGeometryRenderer(d.entity);
  d.renderer->setPrimitiveType(type);
  d.renderer->setGeometry(geometry);
  d.renderer->setVertexCount(0);
  d.material = new PointMaterial(d.entity);
  d.entity->addComponent(d.renderer);
  d.entity->addComponent(d.material);
  return d;
}

void Drawable::setData(const std::vector<Eigen::Vector3f>& pos,
                       const std::vector<Eigen::Vector3f>& col) {
  count = pos.size();
  // Explicit bounds: without them Qt3D recomputes a bounding sphere over every vertex (four
  // passes) whenever the geometry renderer changes, e.g. on each setDrawCount().
  Eigen::AlignedBox3f box(Eigen::Vector3f::Zero(), Eigen::Vector3f::Zero());
  if (!pos.empty()) {
    box.setEmpty();
    for (const auto& p : pos)
      if (p.allFinite()) box.extend(p);
    if (box.isEmpty()) box = Eigen::AlignedBox3f(Eigen::Vector3f::Zero(), Eigen::Vector3f::Zero());
  }
  renderer->setMinPoint(QVector3D(box.min().x(), box.min().y(), box.min().z()));
  renderer->setMaxPoint(QVector3D(box.max().x(), box.max().y(), box.max().z()));
  positions->setData(pack(pos));
  colors->setData(pack(col));
  pos_attr->setCount(uint(count));
  col_attr->setCount(uint(count));
  renderer->setVertexCount(int(count));
  entity->setEnabled(count > 0);
}

void Drawable::setColors(const std::vector<Eigen::Vector3f>& col) {
  colors->setData(pack(col));
}

void Drawable::setDrawCount(size_t n) {
  const int c = int(std::min(n, count));
  if (renderer->vertexCount() != c) renderer->setVertexCount(c);
}

Qt3DCore::QEntity* make_image_quad(Qt3DCore::QEntity* parent,
                                   const std::array<Eigen::Vector3f, 4>& corners,
                                   const QImage& image) {
  auto* entity = new Qt3DCore::QEntity(parent);
  auto* geometry = new Qt3DCore::QGeometry(entity);
  // Two triangles; texture v = 0 at the image's top row.
  const int order[6] = {0, 3, 2, 0, 2, 1};
  const float uv[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  std::vector<float> pos, tex;
  for (int i : order) {
    for (int c = 0; c < 3; ++c) pos.push_back(corners[size_t(i)][c]);
    tex.push_back(uv[i][0]);
    tex.push_back(uv[i][1]);
  }
  auto* pbuf = new Qt3DCore::QBuffer(geometry);
  pbuf->setData(
      QByteArray(reinterpret_cast<const char*>(pos.data()), qsizetype(pos.size() * sizeof(float))));
  auto* tbuf = new Qt3DCore::QBuffer(geometry);
  tbuf->setData(
      QByteArray(reinterpret_cast<const char*>(tex.data()), qsizetype(tex.size() * sizeof(float))));
  geometry->addAttribute(
      make_attribute(pbuf, QAttribute::defaultPositionAttributeName(), 3, 6, geometry));
  geometry->addAttribute(
      make_attribute(tbuf, QAttribute::defaultTextureCoordinateAttributeName(), 2, 6, geometry));
  auto* renderer = new Qt3DRender::QGeometryRenderer(entity);
  renderer->setPrimitiveType(Qt3DRender::QGeometryRenderer::Triangles);
  renderer->setGeometry(geometry);
  renderer->setVertexCount(6);
  auto* material = new Qt3DExtras::QTextureMaterial(entity);
  auto* texture = new Qt3DRender::QTexture2D(material);
  texture->addTextureImage(new ImageTexture(image, texture));
  texture->setMinificationFilter(Qt3DRender::QAbstractTexture::Linear);
  texture->setMagnificationFilter(Qt3DRender::QAbstractTexture::Linear);
  material->setTexture(texture);
  entity->addComponent(renderer);
  entity->addComponent(material);
  return entity;
}

}  // namespace sl::viewer
