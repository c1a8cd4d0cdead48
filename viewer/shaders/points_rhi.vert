#version 450
// Points and lines with a per-vertex colour (Qt3D RHI renderer).
layout(location = 0) in vec3 vertexPosition;
layout(location = 1) in vec3 vertexColor;
layout(location = 0) out vec3 color;

layout(std140, binding = 1) uniform qt3d_command_uniforms {
  mat4 modelMatrix;
  mat4 inverseModelMatrix;
  mat4 modelViewMatrix;
  mat3 modelNormalMatrix;
  mat4 inverseModelViewMatrix;
  mat4 mvp;
  mat4 inverseModelViewProjectionMatrix;
};

layout(std140, binding = 2) uniform sl_point_uniforms {
  float pointSize;
};

void main() {
  color = vertexColor;
  gl_PointSize = pointSize;  // RHI ignores QPointSize: the shader must write it
  gl_Position = mvp * vec4(vertexPosition, 1.0);
}
