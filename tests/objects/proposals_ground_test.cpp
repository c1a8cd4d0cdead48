// Proposals on the ground a scene stands on: a close-up on a table top (the kitchen photos), where
// the table top is the floor the proposals see and the room's floor shows under it, and stray
// points under a room's floor.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "TestRoom.h"
#include "inference/objects/Boxes.h"
#include "inference/objects/Proposals.h"

using namespace sl;
using namespace sl::objects;

namespace {

// Points on the five visible faces of an upright box standing at z = base.
void add_box(Scene& s, const Eigen::Vector3d& centre_xy, const Eigen::Vector3d& size, double base,
             double spacing, std::mt19937& rng) {
  SceneObject o;
  o.id = int(s.objects.size());
  o.name = "box " + std::to_string(o.id + 1);
  o.box.axes = Eigen::Matrix3d::Identity();
  o.box.size = size;
  o.box.center = Eigen::Vector3d(centre_xy.x(), centre_xy.y(), base + size.z() / 2);
  const Eigen::Vector3d a(size.x(), 0, 0), b(0, size.y(), 0), h(0, 0, size.z());
  const Eigen::Vector3d c0 = o.box.center - a / 2 - b / 2 - h / 2;
  const std::array<uint8_t, 3> rgb = {200, 60, 60};
  testroom::sample_rect(s.cloud, c0 + h, a, b, spacing, rng, rgb, &o.point_indices);
  testroom::sample_rect(s.cloud, c0, a, h, spacing, rng, rgb, &o.point_indices);
  testroom::sample_rect(s.cloud, c0 + b, a, h, spacing, rng, rgb, &o.point_indices);
  testroom::sample_rect(s.cloud, c0, b, h, spacing, rng, rgb, &o.point_indices);
  testroom::sample_rect(s.cloud, c0 + a, b, h, spacing, rng, rgb, &o.point_indices);
  s.objects.push_back(o);
}

// A 2 x 1.5 m table top at z = 0.75 seen from above, its points scattered 6 mm about the plane
// (a weakly textured cloth), two boxes on it, and 0.6 x 0.6 m of the room's floor under it.
Scene table_close_up() {
  Scene s;
  s.cloud.rgb.clear();
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 0.006);
  const double top = 0.75;
  const size_t first = s.cloud.size();
  testroom::sample_rect(s.cloud, {0, 0, top}, {2.0, 0, 0}, {0, 1.5, 0}, 0.012, rng, {230, 170, 170},
                        nullptr);
  for (size_t i = first; i < s.cloud.size(); ++i) s.cloud.xyz[i].z() += float(noise(rng));
  add_box(s, {0.6, 0.5, 0}, {0.3, 0.2, 0.25}, top, 0.012, rng);
  add_box(s, {1.4, 1.0, 0}, {0.2, 0.2, 0.15}, top, 0.012, rng);
  testroom::sample_rect(s.cloud, {0.7, 0.4, 0}, {0.6, 0, 0}, {0, 0.6, 0}, 0.03, rng, {90, 90, 90},
                        nullptr);
  s.up = Eigen::Vector3d::UnitZ();
  s.scale.metric = true;
  return s;
}

double best_iou(const SceneObject& g, const std::vector<SceneObject>& props) {
  double best = 0;
  for (const auto& p : props)
    best = std::max(best, upright_box_iou(g.box, p.box, Eigen::Vector3d::UnitZ()));
  return best;
}

// Proposals whose box lies within 3 plane tolerances of the table top: pieces of the cloth.
int flat_pieces(const std::vector<SceneObject>& props, double top, double tol) {
  int n = 0;
  for (const auto& p : props)
    n += std::abs(p.box.center.z() - top) < 3 * tol && p.box.size.z() < 3 * tol ? 1 : 0;
  return n;
}

}  // namespace

// The table top holds most of the cloud and is the floor the proposals find; the room's floor
// shows under it, so it is not a one-sided (boundary) plane. It still bounds the scene: its
// points go, the boxes on it are found, and no piece of the cloth or of the floor under it
// becomes an object. With the rule off (floor_bounds_share 0) the cloth's scattered points stay
// and join the boxes into one table-sized piece.
TEST(ProposalsGround, TableTopCloseUp) {
  const Scene s = table_close_up();
  const double tol = auto_plane_distance(s.cloud);
  ProposalOptions on;
  const auto res = propose_objects(s, on);
  ProposalOptions off;
  off.floor_bounds_share = 0;
  const auto base = propose_objects(s, off);
  for (const auto* r : {&res, &base}) {
    std::printf("%s: %zu proposals, flat pieces of the cloth %d, box IoUs %.2f %.2f\n",
                r == &res ? "floor bounds" : "rule off    ", r->objects.size(),
                flat_pieces(r->objects, 0.75, tol), best_iou(s.objects[0], r->objects),
                best_iou(s.objects[1], r->objects));
    for (const auto& p : r->objects)
      std::printf("    %zu points, size %.2f %.2f %.2f at z %.2f\n", p.point_indices.size(),
                  p.box.size.x(), p.box.size.y(), p.box.size.z(), p.box.center.z());
  }
  ASSERT_TRUE(res.floor.found);
  EXPECT_NEAR(res.floor.plane.signed_distance(Eigen::Vector3d(1, 1, 0.75)), 0.0, tol);
  EXPECT_GE(best_iou(s.objects[0], res.objects), 0.5);
  EXPECT_GE(best_iou(s.objects[1], res.objects), 0.5);
  EXPECT_EQ(res.objects.size(), 2u);
  EXPECT_EQ(flat_pieces(res.objects, 0.75, tol), 0);
  // Without the rule the cloth stays and joins the boxes into one piece.
  EXPECT_LT(best_iou(s.objects[0], base.objects), 0.5);
  EXPECT_LT(best_iou(s.objects[1], base.objects), 0.5);
}

// Stray points under a room's floor (a wrong stereo match seen through it) make no object.
TEST(ProposalsGround, NothingUnderTheFloor) {
  auto room = testroom::make_room(3, 3);
  std::mt19937 rng(9);
  testroom::sample_rect(room.scene.cloud, {2.0, 1.5, -0.45}, {0.15, 0, 0}, {0, 0.1, 0}, 0.006, rng,
                        {50, 50, 50}, nullptr);
  testroom::sample_rect(room.scene.cloud, {2.0, 1.5, -0.45}, {0.15, 0, 0}, {0, 0, 0.1}, 0.006, rng,
                        {50, 50, 50}, nullptr);
  ProposalOptions off;
  off.floor_bounds_share = 0;
  const auto res = propose_objects(room.scene);
  const auto base = propose_objects(room.scene, off);
  auto below = [](const ProposalResult& r) {
    int n = 0;
    for (const auto& p : r.objects) n += p.box.center.z() + 0.5 * p.box.size.z() < 0 ? 1 : 0;
    return n;
  };
  std::printf("under the floor: %d proposals (rule off: %d); %zu and %zu in all\n", below(res),
              below(base), res.objects.size(), base.objects.size());
  EXPECT_EQ(below(res), 0);
  EXPECT_EQ(below(base), 1);
  for (const auto& g : room.scene.objects) EXPECT_GE(best_iou(g, res.objects), 0.5) << g.name;
}
