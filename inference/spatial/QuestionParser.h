// Turns a question in ordinary words into an intent with referents (object mentions, cameras,
// a viewpoint). Tokenises, normalises (lower case, punctuation, number words, synonyms,
// plurals) and looks for cue words rather than matching one fixed template.
#pragma once
#include <string>
#include <vector>

#include "scene/Scene.h"

namespace sl::spatial {

enum class Intent {
  None,
  Distance,     // sub: "" centre-to-centre, "surface" closest points
  Size,         // sub: size | height | width | length | depth
  Superlative,  // sub: biggest smallest tallest shortest longest widest highest lowest closest
                // farthest
  Direction,    // sub: left right front behind above below, "" = where / either-or
  Relation,     // sub: on under next
  Count,        // sub: "" label count, "on" things on a surface
  RoomSize,     // sub: size area height length width
  CameraMotion,
  Order,        // order of first appearance in the views
  ShowInPhoto,  // "show me the chair in photo 3": the object outlined in Query::cameras[0]
  Colour,       // "what colour is the sofa?": from the object's point colours
  Appearance,   // "does the room look freshly painted?": not geometry (a VLM's, if connected)
};

// One reference to objects in the question.
struct Mention {
  std::vector<int> objects;   // candidate indices into Scene::objects
  std::string text;           // as written ("chair", "chair 2", "these")
  bool plural = false;        // "chairs", "these", "all objects": a set, not one thing
  bool by_name = false;       // matched an object's exact name
  bool pronoun = false;       // "it" / "this" / selection: resolved from context or history
  bool is_reference = false;  // preceded by "to" / "from" (the thing measured against)
  size_t token = 0;           // position in the token list
  // An object word ("lamp") that no object of the scene is named or labelled: ask back.
  bool missing = false;
};

struct Viewpoint {
  enum class Kind { Default, Camera, Current, Standing };
  Kind kind = Kind::Default;
  int camera = -1;  // view index (0-based) for Kind::Camera
  int at = -1;      // object index for Kind::Standing
  int facing = -1;  // object index for Kind::Standing
};

struct Query {
  Intent intent = Intent::None;
  std::string sub;
  bool yes_no = false;      // "is the cup on the table?"
  bool either_or = false;   // "left or right?"
  bool quadrant = false;    // front-left / back-right options
  bool viewer_ref = false;  // measured to "me" / "the camera" / the viewer
  int ref_camera = -1;      // measured to camera N (superlatives)
  std::vector<Mention> mentions;
  std::vector<int> cameras;  // view indices mentioned ("photo 1 and 3")
  Viewpoint viewpoint;
  bool followup = false;  // starts with "and" / "what about" / "how about" or has no intent
  std::vector<std::string> tokens;
};

std::vector<std::string> tokenize(const std::string& text);
// `selected` are object indices of the current selection (for "this", "these two").
Query parse_question(const std::string& text, const Scene& scene, const std::vector<int>& selected);

}  // namespace sl::spatial
