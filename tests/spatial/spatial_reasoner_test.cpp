// The spatial reasoner on a hand-built room whose boxes are known exactly: every intent, several
// phrasings, clarification, follow-ups, the non-metric unit wording; numbers vs the geometry.
#include <gtest/gtest.h>

#include <cmath>

#include "inference/spatial/SpatialGeometry.h"
#include "inference/spatial/SpatialReasoner.h"

using namespace sl;
using namespace sl::spatial;

namespace {

SceneObject obj(const std::string& name, const std::string& label, Eigen::Vector3d c,
                Eigen::Vector3d size, double yaw = 0) {
  SceneObject o;
  o.name = name;
  o.label = label;
  o.box.center = c;
  o.box.size = size;
  o.box.axes = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  return o;
}

// Room 6 x 4 x 3 m, z up. Camera 1 at (3,-1,1.5) looking +y; camera 2 at (3,5,1.5) looking -y.
Scene room(bool metric = true) {
  Scene s;
  s.scale.metric = metric;
  s.objects.push_back(obj("table", "table", {3, 2, 0.375}, {1.2, 0.8, 0.75}));
  s.objects.push_back(obj("chair 1", "chair", {1.8, 2, 0.45}, {0.5, 0.5, 0.9}));
  s.objects.push_back(obj("chair 2", "chair", {4.2, 2, 0.45}, {0.5, 0.5, 0.9}));
  s.objects.push_back(obj("sofa", "sofa", {3, 3.5, 0.4}, {0.9, 2.0, 0.8}, M_PI / 2));
  s.objects.push_back(obj("cup", "cup", {3.1, 2.1, 0.8}, {0.08, 0.08, 0.1}));
  s.objects.push_back(obj("lamp", "lamp", {0.5, 3.5, 0.8}, {0.3, 0.3, 1.6}));
  for (int i = 0; i < 2; ++i) {
    View v;
    v.name = "img" + std::to_string(i);
    v.intrinsics = {640, 480, 500, 500, 320, 240};
    Eigen::Matrix3d R;  // camera axes (x right, y down, z forward) as columns in world
    if (i == 0)
      R << 1, 0, 0, 0, 0, 1, 0, -1, 0;
    else
      R << -1, 0, 0, 0, 0, -1, 0, -1, 0;
    v.world_from_cam.linear() = R;
    v.world_from_cam.translation() =
        i == 0 ? Eigen::Vector3d(3, -1, 1.5) : Eigen::Vector3d(3, 5, 1.5);
    s.views.push_back(v);
  }
  s.objects[5].views = {1};  // the lamp is seen only from camera 2
  for (auto& o : s.objects)
    if (o.views.empty()) o.views = {0, 1};
  // A cloud: points filling the room's shell.
  for (int i = 0; i <= 60; ++i)
    for (int j = 0; j <= 40; ++j) {
      s.cloud.push_back(Eigen::Vector3f(i * 0.1f, j * 0.1f, 0));
      s.cloud.push_back(Eigen::Vector3f(i * 0.1f, j * 0.1f, 3));
    }
  return s;
}

double val(const Answer& a) {
  return a.value.value_or(-1e9);
}

}  // namespace

TEST(Spatial, DistanceCentreToCentrePhrasings) {
  Scene s = room();
  const double truth = (s.objects[0].box.center - s.objects[3].box.center).norm();
  for (const char* q :
       {"How far is the table from the sofa?", "distance between the table and the couch",
        "what's the distance from the desk to the sofa", "how far apart are the table and sofa"}) {
    SpatialReasoner r(s);
    Answer a = r.ask(q);
    EXPECT_EQ(a.kind, Answer::Kind::Distance) << q;
    EXPECT_NEAR(val(a), truth, 1e-9) << q;
    EXPECT_EQ(a.unit, "m");
    ASSERT_EQ(a.referents.size(), 2u);
  }
}

TEST(Spatial, ClosestSurfaceDistanceBoxes) {
  Scene s = room();
  SpatialReasoner r(s);
  Answer a = r.ask("what is the gap between chair 1 and the table?");
  // chair 1 spans x <= 2.05, table x >= 2.4: 0.35 m.
  EXPECT_NEAR(val(a), 0.35, 1e-9);
  EXPECT_NEAR(box_distance(s.objects[3].box, s.objects[0].box), 3.5 - 0.45 - 2.4, 1e-9);
}

TEST(Spatial, SizesAlongUp) {
  Scene s = room();
  SpatialReasoner r(s);
  EXPECT_NEAR(val(r.ask("How tall is the lamp?")), 1.6, 1e-9);
  EXPECT_NEAR(val(r.ask("what is the height of the table")), 0.75, 1e-9);
  EXPECT_NEAR(val(r.ask("how long is the sofa")), 2.0, 1e-9);  // rotated 90 deg: length >= width
  EXPECT_NEAR(val(r.ask("how wide is the couch?")), 0.9, 1e-9);
  EXPECT_NEAR(val(r.ask("how big is the table")), 1.2, 1e-9);  // longest side
}

TEST(Spatial, AmbiguityClarifyThenResolve) {
  Scene s = room();
  SpatialReasoner r(s);
  Answer a = r.ask("how tall is the chair?");
  EXPECT_EQ(a.kind, Answer::Kind::Clarify);
  EXPECT_NE(a.text.find("chair 1"), std::string::npos);
  EXPECT_NE(a.text.find("chair 2"), std::string::npos);
  Answer b = r.ask("the second one");
  EXPECT_EQ(b.kind, Answer::Kind::Size);
  ASSERT_EQ(b.referents.size(), 1u);
  EXPECT_EQ(b.referents[0], "chair 2");
  EXPECT_NEAR(val(b), 0.9, 1e-9);
}

TEST(Spatial, FollowUpsAndPronouns) {
  Scene s = room();
  SpatialReasoner r(s);
  Answer a = r.ask("how far is the lamp from the sofa?");
  EXPECT_NEAR(val(a), (s.objects[5].box.center - s.objects[3].box.center).norm(), 1e-9);
  Answer b = r.ask("and the table?");
  EXPECT_EQ(b.kind, Answer::Kind::Distance);
  EXPECT_NEAR(val(b), (s.objects[0].box.center - s.objects[3].box.center).norm(), 1e-9);
  Answer c = r.ask("how tall is it?");
  EXPECT_NEAR(val(c), 0.75, 1e-9);  // "it" = the table
  Answer d = r.ask("is the lamp left of the table?");
  EXPECT_EQ(d.choice, "yes");  // camera 1 looks +y: lamp x=0.5 < 3
  Answer e = r.ask("from camera 2?");
  EXPECT_EQ(e.kind, Answer::Kind::YesNo);
  EXPECT_EQ(e.choice, "no");  // camera 2 looks -y: left/right swap
}

TEST(Spatial, DirectionInCameraFrame) {
  Scene s = room();
  SpatialReasoner r(s);
  EXPECT_EQ(r.ask("Is chair 1 to the left of chair 2 from camera 1?").choice, "yes");
  EXPECT_EQ(r.ask("Is chair 1 to the left of chair 2 seen from camera 2?").choice, "no");
  EXPECT_EQ(r.ask("is the sofa behind the table from camera one").choice, "yes");
  EXPECT_EQ(r.ask("is the sofa in front of the table in photo 2").choice, "yes");
  EXPECT_EQ(r.ask("is the lamp to the left or right of the sofa?").choice, "left");
  EXPECT_EQ(r.ask("is the cup above or below the table").choice, "above");
  // Standing at the table facing the sofa (+y): chair 1 (x smaller) is on my left.
  EXPECT_EQ(r.ask("If I am standing by the table and facing the sofa, is chair 1 to my left, "
                  "right, or back?")
                .choice,
            "left");
  Context ctx;
  ctx.current_view = 1;
  EXPECT_EQ(r.ask("is chair 1 left of chair 2 from the current view?", ctx).choice, "no");
}

TEST(Spatial, OnUnderNextTo) {
  Scene s = room();
  SpatialReasoner r(s);
  EXPECT_EQ(r.ask("Is the cup on the table?").choice, "yes");
  EXPECT_EQ(r.ask("is the cup on top of the sofa?").choice, "no");
  EXPECT_EQ(r.ask("is the table under the cup").choice, "yes");
  EXPECT_EQ(r.ask("is chair 1 next to the table?").choice, "yes");
  EXPECT_EQ(r.ask("is the lamp beside the table?").choice, "no");
}

// A table selected together with the box standing on it: its box tops out at the box, but the
// cup still stands on the table's points (its top surface around the cup).
TEST(Spatial, OnTheSurfaceOfTheSupportsPoints) {
  Scene s = room();
  SceneObject& table = s.objects[0];
  const auto add = [&](const Eigen::Vector3f& p, SceneObject* also) {
    s.cloud.push_back(p);
    table.point_indices.push_back(uint32_t(s.cloud.size() - 1));
    if (also) also->point_indices.push_back(uint32_t(s.cloud.size() - 1));
  };
  for (int i = 0; i <= 24; ++i)  // the table top, 1.2 x 0.8 m at 0.75 m
    for (int j = 0; j <= 16; ++j)
      add(Eigen::Vector3f(2.4f + i * 0.05f, 1.6f + j * 0.05f, 0.75f), nullptr);
  SceneObject box = obj("box", "box", {2.7, 1.9, 0.9}, {0.3, 0.3, 0.3});
  for (int i = 0; i <= 6; ++i)  // the box's top and one side, taken into the table's selection
    for (int j = 0; j <= 6; ++j) {
      add(Eigen::Vector3f(2.55f + i * 0.05f, 1.75f + j * 0.05f, 1.05f), nullptr);
      add(Eigen::Vector3f(2.55f + i * 0.05f, 1.75f, 0.75f + j * 0.05f), nullptr);
    }
  table.box.center.z() = 0.525;  // the fitted box: floor to the box's top
  table.box.size.z() = 1.05;
  s.objects.push_back(box);
  SpatialReasoner r(s);
  EXPECT_EQ(r.ask("Is the cup on the table?").choice, "yes");
  EXPECT_EQ(r.ask("Is the sofa on the table?").choice, "no");
  Scene floating = s;  // the same cup 15 cm above the table top: not on it
  floating.objects[4].box.center.z() += 0.15;
  SpatialReasoner r2(floating);
  EXPECT_EQ(r2.ask("Is the cup on the table?").choice, "no");
}

TEST(Spatial, CountsAndSuperlatives) {
  Scene s = room();
  SpatialReasoner r(s);
  EXPECT_EQ(val(r.ask("How many chairs are there?")), 2);
  EXPECT_EQ(val(r.ask("count the chairs")), 2);
  EXPECT_EQ(val(r.ask("how many things are on the table?")), 1);
  EXPECT_EQ(r.ask("Which is the tallest object?").choice, "lamp");
  EXPECT_EQ(r.ask("what is the biggest thing?").choice, "sofa");
  EXPECT_EQ(r.ask("which is smaller, the table or the sofa?").choice, "table");
  EXPECT_EQ(r.ask("which chair is closest to the lamp?").choice, "chair 1");
  EXPECT_EQ(r.ask("which is farthest from camera 1?").choice, "lamp");  // 5.20 m vs sofa 4.63 m
  EXPECT_EQ(r.ask("which of the chairs is nearest to camera 2").choice, "chair 1");
}

TEST(Spatial, RoomCameraOrderSelection) {
  Scene s = room();
  SpatialReasoner r(s);
  Answer a = r.ask("what are the dimensions of the room?");
  EXPECT_NEAR(val(a), 24.0, 0.6);
  EXPECT_EQ(a.unit, "m^2");
  EXPECT_NEAR(val(r.ask("how high is the room")), 3.0, 0.05);
  EXPECT_EQ(r.ask("how high is the room").text.find("No ceiling"), std::string::npos);
  {  // The same room seen without its ceiling: the height is a lower bound, and said so.
    Scene open = s;
    PointCloud floor_only;
    for (const auto& p : open.cloud.xyz)
      if (p.z() < 1) floor_only.push_back(p);
    for (int i = 0; i <= 60; i += 6)  // a few wall points up to 2 m
      for (int k = 0; k <= 20; ++k) floor_only.push_back(Eigen::Vector3f(i * 0.1f, 0, k * 0.1f));
    open.cloud = floor_only;
    SpatialReasoner ro(open);
    const Answer h = ro.ask("how high is the room?");
    EXPECT_NE(h.text.find("No ceiling was seen"), std::string::npos) << h.text;
    EXPECT_LE(h.confidence, 0.4);
    EXPECT_NEAR(val(h), 1.95, 0.1);  // the walls seen (robust top) reach above the cameras (1.5 m)
    // Seen only below 1 m (photos looking down): the room is at least as high as its cameras.
    Scene low = open;
    PointCloud below;
    for (const auto& p : low.cloud.xyz)
      if (p.z() < 1) below.push_back(p);
    low.cloud = below;
    SpatialReasoner rl(low);
    const Answer hl = rl.ask("how high is the room?");
    EXPECT_NEAR(val(hl), 1.5, 0.05);
    EXPECT_NE(hl.text.find("highest camera"), std::string::npos) << hl.text;
  }
  EXPECT_NEAR(val(r.ask("how far did the camera move between photo 1 and photo 2?")), 6.0, 1e-9);
  EXPECT_NEAR(val(r.ask("distance the camera travelled from frame one to frame two")), 6.0, 1e-9);
  EXPECT_EQ(r.ask("which appears first, the lamp or the table?").choice, "table");
  EXPECT_EQ(val(r.ask("when does the lamp first appear?")), 2);
  Context ctx;
  ctx.selected = {"chair 1", "sofa"};
  EXPECT_NEAR(val(r.ask("how far apart are these two?", ctx)),
              (s.objects[1].box.center - s.objects[3].box.center).norm(), 1e-9);
  ctx.selected = {"lamp"};
  EXPECT_NEAR(val(r.ask("how tall is this?", ctx)), 1.6, 1e-9);
}

TEST(Spatial, ColoursFromPointsAndAppearanceIsNotGeometry) {
  Scene s = room();
  // The sofa's points: 70 % red, 30 % grey; the table's: brown wood.
  for (int i = 0; i < 100; ++i) {
    s.cloud.push_back(
        Eigen::Vector3f(3.f, 3.f + 0.01f * float(i), 0.4f),
        i < 70 ? std::array<uint8_t, 3>{200, 30, 35} : std::array<uint8_t, 3>{128, 128, 130});
    s.objects[3].point_indices.push_back(uint32_t(s.cloud.size() - 1));
    s.cloud.push_back(Eigen::Vector3f(3.f, 2.f, 0.7f), {110, 70, 35});
    s.objects[0].point_indices.push_back(uint32_t(s.cloud.size() - 1));
  }
  SpatialReasoner r(s);
  for (const char* q :
       {"what colour is the sofa?", "What color is the couch", "the sofa's colour?"}) {
    const Answer a = r.ask(q);
    EXPECT_EQ(a.kind, Answer::Kind::Choice) << q;
    EXPECT_EQ(a.choice, "red") << q;
    EXPECT_NE(a.text.find("70 %"), std::string::npos) << a.text;
    EXPECT_NE(a.text.find("grey (30 %)"), std::string::npos) << a.text;
  }
  EXPECT_EQ(r.ask("and what colour is the table?").choice, "brown");
  EXPECT_STREQ(colour_name({250, 250, 250}), "white");
  EXPECT_STREQ(colour_name({10, 10, 12}), "black");
  EXPECT_STREQ(colour_name({40, 90, 200}), "blue");
  EXPECT_STREQ(colour_name({60, 160, 60}), "green");
  EXPECT_STREQ(colour_name({230, 210, 60}), "yellow");
  EXPECT_STREQ(colour_name({230, 215, 180}), "beige");
  // How things look is not geometry: said so (not a room size), and the VLM may take it.
  for (const char* q : {"does the room look freshly painted?", "is the sofa made of leather?",
                        "what is the style of this room"}) {
    const Answer a = r.ask(q);
    EXPECT_EQ(a.kind, Answer::Kind::Unknown) << q;
    EXPECT_NE(a.text.find("how things look"), std::string::npos) << q << ": " << a.text;
  }
  // ...but size words with "look" stay geometric.
  EXPECT_EQ(r.ask("is the room big?").kind, Answer::Kind::Size);
  EXPECT_EQ(r.ask("does the table look bigger than the chair 1?").choice, "table");
}

TEST(Spatial, NonMetricWordingAndJson) {
  Scene s = room(false);
  SpatialReasoner r(s);
  Answer a = r.ask("how tall is the lamp");
  EXPECT_EQ(a.unit, "scene_units");
  EXPECT_NE(a.text.find("set the scale"), std::string::npos);
  nlohmann::json j = answer_to_json(a);
  EXPECT_EQ(j["kind"], "size");
  EXPECT_NEAR(j["value"].get<double>(), 1.6, 1e-9);
  EXPECT_EQ(j["referents"][0], "lamp");
  EXPECT_EQ(r.ask("what is the colour of happiness").kind, Answer::Kind::Unknown);
}
