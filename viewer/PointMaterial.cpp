#include "viewer/PointMaterial.h"

#include <QUrl>
#include <Qt3DRender/QDepthTest>
#include <Qt3DRender/QEffect>
#include <Qt3DRender/QFilterKey>
#include <Qt3DRender/QGraphicsApiFilter>
#include <Qt3DRender/QPointSize>
#include <Qt3DRender/QRenderPass>
#include <Qt3DRender/QShaderProgram>
#include <Qt3DRender/QTechnique>

static void init_viewer_resources() {
  Q_INIT_RESOURCE(viewer);
}

namespace sl::viewer {
namespace {

using namespace Qt3DRender;

QTechnique* make_technique(QGraphicsApiFilter::Api api, int major, int minor,
                           const QString& shader_base, Qt3DCore::QNode* parent) {
  auto* tech = new QTechnique(parent);
  tech->graphicsApiFilter()->setApi(api);
  tech->graphicsApiFilter()->setMajorVersion(major);
  tech->graphicsApiFilter()->setMinorVersion(minor);
  if (api == QGraphicsApiFilter::OpenGL)
    tech->graphicsApiFilter()->setProfile(QGraphicsApiFilter::CoreProfile);
  auto* key = new QFilterKey(tech);
  key->setName(QStringLiteral("renderingStyle"));
  key->setValue(QStringLiteral("forward"));
  tech->addFilterKey(key);

  auto* program = new QShaderProgram(tech);
  program->setVertexShaderCode(
      QShaderProgram::loadSource(QUrl("qrc:/viewer/shaders/" + shader_base + ".vert")));
  program->setFragmentShaderCode(
      QShaderProgram::loadSource(QUrl("qrc:/viewer/shaders/" + shader_base + ".frag")));
  auto* pass = new QRenderPass(tech);
  pass->setShaderProgram(program);
  auto* depth = new QDepthTest(pass);
  depth->setDepthFunction(QDepthTest::LessOrEqual);
  pass->addRenderState(depth);
  if (api == QGraphicsApiFilter::OpenGL) {  // OpenGL renderer: lets the shader set the size
    auto* size = new QPointSize(pass);
    size->setSizeMode(QPointSize::Programmable);
    pass->addRenderState(size);
  }
  tech->addRenderPass(pass);
  return tech;
}

}  // namespace

PointMaterial::PointMaterial(Qt3DCore::QNode* parent) : QMaterial(parent) {
  init_viewer_resources();
  auto* effect = new QEffect(this);
  effect->addTechnique(make_technique(QGraphicsApiFilter::RHI, 1, 0, "points_rhi", effect));
  effect->addTechnique(make_technique(QGraphicsApiFilter::OpenGL, 3, 3, "points_gl33", effect));
  size_param_ = new QParameter(QStringLiteral("pointSize"), point_size_, this);
  addParameter(size_param_);
  setEffect(effect);
}

void PointMaterial::setPointSize(float pixels) {
  point_size_ = pixels;
  size_param_->setValue(pixels);
}

}  // namespace sl::viewer
