// Grounding in photos ("show me the chair in photo 3") on generated rooms, whose label images say
// exactly which pixels show which object; asking back when a referent is ambiguous or missing;
// drawings surviving the JSON round trip (chat turns re-drawn from a saved scene).
#include <gtest/gtest.h>

#include <cmath>

#include "inference/spatial/SpatialGeometry.h"
#include "inference/spatial/SpatialReasoner.h"
#include "scene/synth/SynthScene.h"
#include "tests/objects/SynthRoom.h"
#include "tests/spatial/TestObjects.h"

using namespace sl;
using namespace sl::spatial;
using sl::test::box_object;

namespace {

synth::SynthResult small_room(int seed) {
  return testroom::small_room(seed, 6, 160, 120, 60000);
}

// Point in a convex polygon (either orientation), with a tolerance in pixels.
bool inside_convex(const std::vector<Eigen::Vector2d>& poly, const Eigen::Vector2d& p,
                   double tol = 1.0) {
  if (poly.size() < 3) return false;
  int sign = 0;
  for (size_t i = 0; i < poly.size(); ++i) {
    const Eigen::Vector2d a = poly[i], b = poly[(i + 1) % poly.size()];
    const Eigen::Vector2d e = b - a;
    const double c = (e.x() * (p - a).y() - e.y() * (p - a).x()) / std::max(e.norm(), 1e-12);
    if (std::abs(c) <= tol) continue;
    const int s = c > 0 ? 1 : -1;
    if (sign != 0 && s != sign) return false;
    sign = s;
  }
  return true;
}

size_t pixels_of(const cv::Mat& ids, int object) {
  size_t n = 0;
  for (int r = 0; r < ids.rows; ++r)
    for (int c = 0; c < ids.cols; ++c) n += ids.at<int32_t>(r, c) == object;
  return n;
}

// A table, two chairs, a sofa; camera 1 sees all of them from the front, camera 2 stands close
// to chair 1 and sees only it.
Scene chairs_room() {
  Scene s;
  s.scale.metric = true;
  s.objects.push_back(box_object("table", "table", {3, 2, 0.375}, {1.2, 0.8, 0.75}));
  s.objects.push_back(box_object("chair 1", "chair", {1.8, 2, 0.45}, {0.5, 0.5, 0.9}));
  s.objects.push_back(box_object("chair 2", "chair", {4.2, 2, 0.45}, {0.5, 0.5, 0.9}));
  s.objects.push_back(box_object("sofa", "sofa", {3, 3.5, 0.4}, {2.0, 0.9, 0.8}));
  Eigen::Matrix3d R;  // camera axes (x right, y down, z forward) as columns: looking +y
  R << 1, 0, 0, 0, 0, 1, 0, -1, 0;
  for (const Eigen::Vector3d& c : {Eigen::Vector3d(3, -3, 1.2), Eigen::Vector3d(1.8, 0.5, 0.45)}) {
    View v;
    v.intrinsics = {640, 480, 500, 500, 319.5, 239.5};
    v.world_from_cam.linear() = R;
    v.world_from_cam.translation() = c;
    s.views.push_back(v);
  }
  return s;
}

}  // namespace

TEST(SpatialPhoto, ParsesGroundingQuestions) {
  Scene s = chairs_room();
  for (const char* q :
       {"show me the table in photo 2", "where is the table in image 2?",
        "highlight the table in view 2", "Can you see the table in the second photo?",
        "outline the desk in picture 2"}) {
    const Query p = parse_question(q, s, {});
    EXPECT_EQ(p.intent, Intent::ShowInPhoto) << q;
    ASSERT_EQ(p.cameras.size(), 1u) << q;
    EXPECT_EQ(p.cameras[0], 1) << q;  // users count photos from 1
  }
  EXPECT_NE(parse_question("is the table left of the sofa in photo 1?", s, {}).intent,
            Intent::ShowInPhoto);
  EXPECT_EQ(
      parse_question("how far did the camera move between photo 1 and photo 2?", s, {}).intent,
      Intent::CameraMotion);
}

TEST(SpatialPhoto, OutlineMatchesTheGeneratorsLabelImages) {
  int checked = 0;
  for (int seed : {1, 2}) {
    const synth::SynthResult res = small_room(seed);
    const Scene& s = res.scene;
    SpatialReasoner r(s);
    for (size_t o = 0; o < s.objects.size(); ++o) {
      for (size_t v = 0; v < s.views.size(); ++v) {
        const View& view = s.views[v];
        const Eigen::Vector3d pc = view.cam_from_world() * s.objects[o].box.center;
        const size_t px = pixels_of(res.object_ids[v], int(o));
        const std::string q =
            "show me the " + s.objects[o].name + " in photo " + std::to_string(v + 1);
        if (px > 150 && pc.z() > 0) {  // clearly visible in this photo
          const Answer a = r.ask(q);
          ASSERT_EQ(a.kind, Answer::Kind::ShowInPhoto) << q << ": " << a.text;
          EXPECT_EQ(a.view, int(v));
          EXPECT_EQ(a.choice, "visible") << q << ": " << a.text;
          ASSERT_EQ(a.outlines.size(), 1u);
          const auto& poly = a.outlines[0].polygon;
          ASSERT_GE(poly.size(), 3u) << q;
          for (const auto& p : poly) {
            EXPECT_GE(p.x(), -0.5 - 1e-9);
            EXPECT_GE(p.y(), -0.5 - 1e-9);
            EXPECT_LE(p.x(), view.intrinsics.width - 0.5 + 1e-9);
            EXPECT_LE(p.y(), view.intrinsics.height - 0.5 + 1e-9);
          }
          const Eigen::Vector2d c = view.intrinsics.project(pc);
          if (c.x() >= 0 && c.y() >= 0 && c.x() < view.intrinsics.width &&
              c.y() < view.intrinsics.height) {
            EXPECT_TRUE(inside_convex(poly, c)) << q;
          }
          // The outline covers the pixels the generator labelled with this object.
          const cv::Mat& ids = res.object_ids[v];
          size_t covered = 0;
          for (int row = 0; row < ids.rows; ++row)
            for (int col = 0; col < ids.cols; ++col)
              if (ids.at<int32_t>(row, col) == int(o))
                covered += inside_convex(poly, Eigen::Vector2d(col, row), 1.5);
          EXPECT_GE(double(covered), 0.95 * double(px)) << q;
          EXPECT_TRUE(std::count(a.visible_in.begin(), a.visible_in.end(), int(v))) << q;
          ++checked;
        } else if (px == 0 && pc.z() < 0) {  // behind this camera
          const Answer a = r.ask(q);
          ASSERT_EQ(a.kind, Answer::Kind::ShowInPhoto) << q;
          EXPECT_EQ(a.choice, "not visible") << q << ": " << a.text;
          EXPECT_TRUE(a.outlines.at(0).polygon.empty());
          EXPECT_FALSE(std::count(a.visible_in.begin(), a.visible_in.end(), int(v))) << q;
        }
      }
    }
  }
  EXPECT_GT(checked, 10);
}

TEST(SpatialPhoto, NotVisibleBehindOrOutsideAndWhichPhotosShowIt) {
  Scene s = chairs_room();
  // Photo 3: camera 1 turned round (looking -y): everything is behind it.
  View back = s.views[0];
  back.world_from_cam.linear() =
      Eigen::AngleAxisd(M_PI, Eigen::Vector3d::UnitZ()).toRotationMatrix() *
      back.world_from_cam.linear();
  s.views.push_back(back);
  SpatialReasoner r(s);
  Answer a = r.ask("show me the sofa in photo 3");
  ASSERT_EQ(a.kind, Answer::Kind::ShowInPhoto) << a.text;
  EXPECT_EQ(a.choice, "not visible");
  EXPECT_NE(a.text.find("behind that camera"), std::string::npos) << a.text;
  EXPECT_EQ(a.visible_in, (std::vector<int>{0, 1}));  // (no depth maps: no occlusion test)
  EXPECT_NE(a.text.find("Photos 1 and 2 show it"), std::string::npos) << a.text;
  // Chair 2 from photo 2 (close to chair 1, looking +y): off to the right of the frame.
  Answer b = r.ask("where is chair 2 in photo 2?");
  EXPECT_EQ(b.choice, "not visible") << b.text;
  EXPECT_NE(b.text.find("outside that photo's frame (off to the right)"), std::string::npos)
      << b.text;
  EXPECT_EQ(r.ask("show me the sofa in photo 9").kind, Answer::Kind::Unknown);
  // The answer draws the object's box and the photo's camera.
  ASSERT_EQ(a.drawings.size(), 2u);
  EXPECT_EQ(a.drawings[0].kind, Drawing::Kind::Box);
  EXPECT_EQ(a.drawings[1].kind, Drawing::Kind::Frustum);
  const nlohmann::json j = answer_to_json(b);
  EXPECT_EQ(j["kind"], "show_in_photo");
  EXPECT_EQ(j["photo"], 2);
  EXPECT_EQ(j["view"], 1);
}

TEST(SpatialPhoto, AmbiguousChairResolvedByThePhoto) {
  Scene s = chairs_room();
  SpatialReasoner r(s);
  // Photo 2 shows one chair only: no need to ask which.
  Answer a = r.ask("show me the chair in photo 2");
  ASSERT_EQ(a.kind, Answer::Kind::ShowInPhoto) << a.text;
  EXPECT_EQ(a.referents, std::vector<std::string>{"chair 1"});
  // Photo 1 shows both: ask back, both highlighted.
  Answer b = r.ask("show me the chair in photo 1");
  ASSERT_EQ(b.kind, Answer::Kind::Clarify) << b.text;
  EXPECT_EQ(b.referents, (std::vector<std::string>{"chair 1", "chair 2"}));
  Answer c = r.ask("chair 2");
  ASSERT_EQ(c.kind, Answer::Kind::ShowInPhoto) << c.text;
  EXPECT_EQ(c.referents, std::vector<std::string>{"chair 2"});
  EXPECT_EQ(c.view, 0);
}

TEST(SpatialPhoto, AskBackWithCandidatesWhenAmbiguousOrMissing) {
  Scene s = chairs_room();
  SpatialReasoner r(s);
  Answer a = r.ask("how far is the chair from the sofa?");
  ASSERT_EQ(a.kind, Answer::Kind::Clarify);
  EXPECT_NE(a.text.find("chair 1 or chair 2"), std::string::npos) << a.text;
  ASSERT_EQ(a.drawings.size(), 2u);  // the candidates' boxes
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(a.drawings[i].kind, Drawing::Kind::Box);
    EXPECT_EQ(a.drawings[i].label, s.objects[i + 1].name);
    EXPECT_NEAR((a.drawings[i].points[0] - a.drawings[i].points[7]).norm(),
                s.objects[i + 1].box.size.norm(), 1e-9);
  }
  Answer b = r.ask("the first one");
  ASSERT_EQ(b.kind, Answer::Kind::Distance) << b.text;
  EXPECT_NEAR(*b.value, (s.objects[1].box.center - s.objects[3].box.center).norm(), 1e-9);

  // A bed the scene lacks: ask back with the objects it has, all highlighted.
  Answer c = r.ask("how far is the bed from the table?");
  ASSERT_EQ(c.kind, Answer::Kind::Clarify) << c.text;
  EXPECT_NE(c.text.find("I don't see a bed"), std::string::npos) << c.text;
  EXPECT_EQ(c.drawings.size(), s.objects.size());
  Answer d = r.ask("the sofa");
  ASSERT_EQ(d.kind, Answer::Kind::Distance) << d.text;
  EXPECT_EQ(d.referents, (std::vector<std::string>{"sofa", "table"}));
  // Counting what is not there is zero, not "all objects".
  Answer e = r.ask("how many lamps are there?");
  EXPECT_EQ(e.kind, Answer::Kind::Count);
  EXPECT_EQ(e.value.value_or(-1), 0);
}

TEST(SpatialPhoto, DrawingsSurviveTheJsonRoundTrip) {
  Scene s = chairs_room();
  SpatialReasoner r(s);
  for (const char* q : {"how far is the table from the sofa",
                        "is chair 1 left of the table from "
                        "photo 1",
                        "show me the sofa in photo 1"}) {
    const Answer a = r.ask(q);
    ASSERT_FALSE(a.drawings.empty()) << q;
    const auto back = drawings_from_json(nlohmann::json::parse(answer_to_json(a).dump()));
    ASSERT_EQ(back.size(), a.drawings.size()) << q;
    for (size_t i = 0; i < back.size(); ++i) {
      EXPECT_EQ(back[i].kind, a.drawings[i].kind);
      EXPECT_EQ(back[i].label, a.drawings[i].label);
      ASSERT_EQ(back[i].points.size(), a.drawings[i].points.size());
      for (size_t k = 0; k < back[i].points.size(); ++k)
        EXPECT_NEAR((back[i].points[k] - a.drawings[i].points[k]).norm(), 0, 1e-12);
    }
  }
  EXPECT_TRUE(drawings_from_json(nlohmann::json::parse(R"({"kind":"size"})")).empty());
}
