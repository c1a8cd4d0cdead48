// Material for points and lines with a per-vertex colour (attributes vertexPosition and
// vertexColor, both 3 floats). It carries two techniques: RHI (GLSL 450, the default renderer of
// Qt3D 6) and OpenGL 3.3 (QT3D_RENDERER=opengl). The point size is a uniform written to
// gl_PointSize by the shader, since the RHI renderer ignores QPointSize.
#pragma once
#include <Qt3DRender/QMaterial>
#include <Qt3DRender/QParameter>

namespace sl::viewer {

class PointMaterial : public Qt3DRender::QMaterial {
  Q_OBJECT
 public:
  explicit PointMaterial(Qt3DCore::QNode* parent = nullptr);
  void setPointSize(float pixels);
  float pointSize() const { return point_size_; }

 private:
  Qt3DRender::QParameter* size_param_ = nullptr;
  float point_size_ = 2.0f;
};

}  // namespace sl::viewer
