#version 330 core
// Points and lines with a per-vertex colour (Qt3D OpenGL renderer, QT3D_RENDERER=opengl).
in vec3 vertexPosition;
in vec3 vertexColor;
out vec3 color;
uniform mat4 modelViewProjection;
uniform float pointSize;
void main() {
  color = vertexColor;
  gl_PointSize = pointSize;
  gl_Position = modelViewProjection * vec4(vertexPosition, 1.0);
}
