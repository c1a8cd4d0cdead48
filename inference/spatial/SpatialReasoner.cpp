#include "inference/spatial/SpatialReasoner.h"

#include "inference/spatial/SpatialFrame.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace sl::spatial {

SpatialReasoner::SpatialReasoner(const Scene& scene) : scene_(scene) {}

void SpatialReasoner::reset() {
  last_.reset();
  last_objects_.clear();
  pending_.reset();
  room_.reset();
}

std::string SpatialReasoner::fmt_len(double su) const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", out_len(su));
  return std::string(buf) + (scene_.scale.metric ? " m" : " scene units");
}

double SpatialReasoner::confidence(const std::vector<int>& objs) const {
  double c = 1.0;
  for (int o : objs) {
    const size_t n = scene_.objects[o].point_indices.size();
    c = std::min(c, n == 0 ? 0.7 : std::min(1.0, 0.4 + 0.6 * static_cast<double>(n) / 500.0));
  }
  return c;
}

Drawing SpatialReasoner::box_drawing(int obj) const {
  Drawing d;
  d.kind = Drawing::Kind::Box;
  const auto c = scene_.objects[obj].box.corners();
  d.points.assign(c.begin(), c.end());
  d.label = scene_.objects[obj].name;
  return d;
}

Drawing SpatialReasoner::frustum(int view) const {
  Drawing d;
  d.kind = Drawing::Kind::Frustum;
  const View& v = scene_.views[view];
  d.points.push_back(v.center());
  const double depth = 0.3 / (scene_.scale.metric ? scene_.scale.meters_per_unit : 1.0);
  const double w = v.intrinsics.valid() ? v.intrinsics.width : 4,
               h = v.intrinsics.valid() ? v.intrinsics.height : 3;
  for (const auto& uv : {Eigen::Vector2d(0, 0), Eigen::Vector2d(w, 0), Eigen::Vector2d(w, h),
                         Eigen::Vector2d(0, h)}) {
    const Eigen::Vector3d ray = v.intrinsics.valid()
                                    ? v.intrinsics.unproject(uv)
                                    : Eigen::Vector3d(uv.x() / w - 0.5, uv.y() / h - 0.5, 1);
    d.points.push_back(v.world_from_cam * (ray * depth));
  }
  d.label = "camera " + std::to_string(view + 1);
  return d;
}

Answer SpatialReasoner::unknown(const std::string& why) const {
  Answer a;
  a.kind = Answer::Kind::Unknown;
  a.text = why;
  a.unit = unit();
  a.confidence = 0;
  return a;
}

Answer SpatialReasoner::ask(const std::string& question, const Context& ctx) {
  std::vector<int> selected;
  for (const auto& name : ctx.selected)
    for (size_t k = 0; k < scene_.objects.size(); ++k)
      if (scene_.objects[k].name == name) selected.push_back(static_cast<int>(k));
  Query q = parse_question(question, scene_, selected);

  if (pending_) {  // answer to "which chair do you mean?"
    int chosen = -1;
    for (const auto& m : q.mentions)
      if (m.objects.size() == 1 &&
          std::count(pending_candidates_.begin(), pending_candidates_.end(), m.objects[0]))
        chosen = m.objects[0];
    for (const auto& t : q.tokens) {
      if (chosen >= 0 || t.empty() || !std::isdigit(static_cast<unsigned char>(t[0]))) continue;
      for (int c : pending_candidates_) {
        const std::string& nm = scene_.objects[c].name;
        if (nm.size() > t.size() && nm.compare(nm.size() - t.size(), t.size(), t) == 0 &&
            nm[nm.size() - t.size() - 1] == ' ')
          chosen = c;
      }
      const int k = std::atoi(t.c_str());
      if (chosen < 0 && k >= 1 && k <= static_cast<int>(pending_candidates_.size()))
        chosen = pending_candidates_[k - 1];
    }
    Query p = *pending_;
    pending_.reset();
    if (chosen >= 0) {
      p.mentions[pending_mention_].objects = {chosen};
      p.mentions[pending_mention_].plural = false;
      p.mentions[pending_mention_].missing = false;
      return answer(p, ctx);
    }
  }

  if ((q.intent == Intent::None || (q.followup && q.intent == Intent::None)) && last_) {
    Query m = *last_;
    m.tokens = q.tokens;
    if (q.viewpoint.kind != Viewpoint::Kind::Default) m.viewpoint = q.viewpoint;
    if (!q.cameras.empty() && m.intent == Intent::CameraMotion) m.cameras = q.cameras;
    if (q.ref_camera >= 0) m.ref_camera = q.ref_camera;
    for (const auto& nm : q.mentions) {
      auto ref = std::find_if(m.mentions.begin(), m.mentions.end(),
                              [](const Mention& x) { return x.is_reference; });
      if (nm.is_reference && ref != m.mentions.end()) {
        *ref = nm;
      } else {
        auto subj = std::find_if(m.mentions.begin(), m.mentions.end(),
                                 [](const Mention& x) { return !x.is_reference; });
        if (subj != m.mentions.end())
          *subj = nm;
        else
          m.mentions.insert(m.mentions.begin(), nm);
      }
    }
    if (q.mentions.empty() && q.viewpoint.kind == Viewpoint::Kind::Default && q.cameras.empty())
      return unknown(
          "I did not understand the question. Try \"how far is the chair from the table?\", "
          "\"how tall is the lamp?\" or \"how many chairs are there?\".");
    return answer(m, ctx);
  }
  if (q.intent == Intent::None)
    return unknown(
        "I did not understand the question. Try \"how far is the chair from the table?\", "
        "\"how tall is the lamp?\" or \"how many chairs are there?\".");
  if (q.intent == Intent::Appearance)
    return unknown(
        "That is a question about how things look, which the geometry cannot answer: I measure "
        "where things are, how big and how far apart (and their colours). A vision-language "
        "model server can take such questions (Ask a VLM server the rest).");
  return answer(q, ctx);
}

Answer SpatialReasoner::clarify(const Query& q, size_t mention,
                                const std::vector<int>& candidates) {
  pending_ = q;
  pending_mention_ = mention;
  pending_candidates_ = candidates;
  Answer a;
  a.kind = Answer::Kind::Clarify;
  a.unit = unit();
  std::vector<std::string> names;
  for (int c : candidates)
    names.push_back(scene_.objects[c].name), a.drawings.push_back(box_drawing(c));
  a.referents = names;
  a.choice = join(names, ", ");
  a.text = "There are " + std::to_string(candidates.size()) + " " + q.mentions[mention].text +
           "s. Which one do you mean: " + join(names, " or ") + "?";
  a.how = "several objects match \"" + q.mentions[mention].text + "\"";
  a.confidence = 0;
  return a;
}

Answer SpatialReasoner::clarify_missing(const Query& q, size_t mention) {
  const Mention& m = q.mentions[mention];
  std::vector<int> candidates;
  for (size_t k = 0; k < scene_.objects.size() && candidates.size() < 12; ++k)
    candidates.push_back(static_cast<int>(k));
  Answer a = clarify(q, mention, candidates);
  std::vector<std::string> names;
  for (int c : candidates) names.push_back(scene_.objects[c].name);
  a.text = "I don't see " + std::string(m.plural ? "any " + m.text + "s" : "a " + m.text) +
           " in this scene. Which object do you mean: " + join(names, " or ") + "?";
  a.how = "no object is named or labelled \"" + m.text + "\"";
  return a;
}

Answer SpatialReasoner::answer(Query q, const Context& ctx) {
  if (scene_.objects.empty() && q.intent != Intent::RoomSize && q.intent != Intent::CameraMotion)
    return unknown("This scene has no objects yet: select a region or run object detection first.");
  // Pronouns from the selection or the previous answer.
  for (auto& m : q.mentions) {
    if (!m.pronoun || !m.objects.empty()) continue;
    const bool others = std::any_of(q.mentions.begin(), q.mentions.end(),
                                    [](const Mention& x) { return !x.pronoun; });
    if (last_objects_.empty() && others) continue;  // "which of these (A, B, C)": the names follow
    if (last_objects_.empty())
      return unknown("I do not know what \"" + m.text +
                     "\" refers to: select an object or name it.");
    m.objects = m.plural ? last_objects_ : std::vector<int>{last_objects_.front()};
  }
  // Things the scene does not have: none of them to count, else ask back.
  for (size_t i = 0; i < q.mentions.size(); ++i) {
    if (!q.mentions[i].missing) continue;
    if (q.intent == Intent::Count && !q.mentions[i].is_reference && q.sub != "on") {
      Answer a;
      a.kind = Answer::Kind::Count;
      a.value = 0;
      a.choice = "0";
      a.text = "There are no " + q.mentions[i].text +
               "s in this scene (no object is named or "
               "labelled \"" +
               q.mentions[i].text + "\").";
      a.how = "objects named or labelled \"" + q.mentions[i].text + "\"";
      return a;
    }
    return clarify_missing(q, i);
  }
  q.mentions.erase(std::remove_if(q.mentions.begin(), q.mentions.end(),
                                  [](const Mention& m) { return m.objects.empty(); }),
                   q.mentions.end());
  // "the chair in photo 3": among several chairs, the ones that photo shows.
  if (q.intent == Intent::ShowInPhoto && !q.cameras.empty() && q.cameras.front() >= 0 &&
      q.cameras.front() < static_cast<int>(scene_.views.size()))
    for (auto& m : q.mentions) {
      if (m.plural || m.objects.size() <= 1) continue;
      std::vector<int> seen;
      for (int o : m.objects)
        if (project_object(scene_, scene_.objects[o], scene_.views[q.cameras.front()]).visible())
          seen.push_back(o);
      if (!seen.empty()) m.objects = seen;
    }
  const bool set_ok =
      q.intent == Intent::Count || q.intent == Intent::Superlative || q.intent == Intent::Order;
  for (size_t i = 0; i < q.mentions.size(); ++i) {
    const auto& m = q.mentions[i];
    if (m.plural || m.objects.size() <= 1) continue;
    if (set_ok && !(q.intent == Intent::Superlative && m.is_reference) &&
        !(q.intent == Intent::Count && q.sub == "on" && m.is_reference))
      continue;
    return clarify(q, i, m.objects);
  }
  std::vector<int> objs;  // all mentioned objects in order
  for (const auto& m : q.mentions)
    for (int o : m.objects)
      if (!std::count(objs.begin(), objs.end(), o)) objs.push_back(o);

  Answer a;
  switch (q.intent) {
    case Intent::Distance:
      a = distance(q, ctx, objs);
      break;
    case Intent::Size:
      a = objs.empty() ? unknown("Which object? Name it or select it.") : size(q, objs[0]);
      break;
    case Intent::Superlative: {
      int ref = -1;
      std::vector<int> cands;
      for (const auto& m : q.mentions) {
        if (m.is_reference && m.objects.size() == 1 && (q.sub == "closest" || q.sub == "farthest"))
          ref = m.objects[0];
        else
          cands.insert(cands.end(), m.objects.begin(), m.objects.end());
      }
      a = superlative(q, ctx, cands, ref);
      break;
    }
    case Intent::Direction:
      a = direction(q, ctx, objs);
      break;
    case Intent::Relation:
      a = objs.size() < 2 ? unknown("I need two objects, e.g. \"is the cup on the table?\"")
                          : relation(q, objs[0], objs[1]);
      break;
    case Intent::Count: {
      int surface = -1;
      std::vector<int> set;
      for (const auto& m : q.mentions) {
        size_t p = m.token;
        while (p > 0 && q.tokens[p - 1] == "the") --p;
        const bool after_on = p > 0 && (q.tokens[p - 1] == "on" || q.tokens[p - 1] == "of" ||
                                        q.tokens[p - 1] == "atop");
        if (q.sub == "on" && after_on && m.objects.size() == 1)
          surface = m.objects[0];
        else
          set.insert(set.end(), m.objects.begin(), m.objects.end());
      }
      if (q.sub == "on" && surface < 0) q.sub.clear();
      a = count(q, set, surface);
      break;
    }
    case Intent::RoomSize:
      a = room(q);
      break;
    case Intent::CameraMotion:
      a = camera_motion(q);
      break;
    case Intent::Order:
      a = order(q, objs);
      break;
    case Intent::ShowInPhoto:
      a = objs.empty() ? unknown("Which object? e.g. \"show me the chair in photo 3\".")
                       : show_in_photo(q, objs);
      break;
    case Intent::Colour:
      a = objs.empty() ? unknown("Which object? e.g. \"what colour is the sofa?\".")
                       : colour(objs.front());
      break;
    case Intent::Appearance:
    case Intent::None:
      a = unknown("I did not understand the question.");
      break;
  }
  if (a.kind != Answer::Kind::Unknown && a.kind != Answer::Kind::Clarify) {
    last_ = q;
    std::vector<int> ref_objs;
    for (const auto& r : a.referents)
      for (size_t k = 0; k < scene_.objects.size(); ++k)
        if (scene_.objects[k].name == r) ref_objs.push_back(static_cast<int>(k));
    if (!ref_objs.empty()) last_objects_ = ref_objs;
  }
  return a;
}

}  // namespace sl::spatial
