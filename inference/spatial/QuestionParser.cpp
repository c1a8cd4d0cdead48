#include "inference/spatial/QuestionParser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace sl::spatial {
namespace {

const std::map<std::string, std::string>& number_words() {
  static const std::map<std::string, std::string> m = {
      {"zero", "0"},     {"one", "1"},       {"two", "2"},       {"three", "3"},
      {"four", "4"},     {"five", "5"},      {"six", "6"},       {"seven", "7"},
      {"eight", "8"},    {"nine", "9"},      {"ten", "10"},      {"eleven", "11"},
      {"twelve", "12"},  {"thirteen", "13"}, {"fourteen", "14"}, {"fifteen", "15"},
      {"sixteen", "16"}, {"twenty", "20"}};
  return m;
}
const std::map<std::string, std::string>& ordinal_words() {
  static const std::map<std::string, std::string> m = {
      {"first", "1"}, {"second", "2"},  {"third", "3"},  {"fourth", "4"}, {"fifth", "5"},
      {"sixth", "6"}, {"seventh", "7"}, {"eighth", "8"}, {"ninth", "9"},  {"tenth", "10"},
      {"1st", "1"},   {"2nd", "2"},     {"3rd", "3"},    {"4th", "4"},    {"5th", "5"}};
  return m;
}
// Synonym -> canonical label word.
const std::map<std::string, std::string>& synonyms() {
  static const std::map<std::string, std::string> m = {
      {"couch", "sofa"},         {"settee", "sofa"},     {"television", "tv"},
      {"telly", "tv"},           {"monitor", "tv"},      {"screen", "tv"},
      {"desk", "table"},         {"mug", "cup"},         {"glass", "cup"},
      {"seat", "chair"},         {"armchair", "chair"},  {"light", "lamp"},
      {"cupboard", "cabinet"},   {"dresser", "cabinet"}, {"sideboard", "cabinet"},
      {"bookcase", "bookshelf"}, {"shelf", "bookshelf"}, {"shelves", "bookshelf"},
      {"crate", "box"},          {"carton", "box"},      {"flower", "plant"},
      {"houseplant", "plant"},   {"pot", "plant"},       {"bench", "stool"}};
  return m;
}
bool is_camera_word(const std::string& t) {
  static const std::set<std::string> w = {"camera",  "photo", "view", "image", "frame",
                                          "picture", "shot",  "cam",  "pic",   "viewpoint"};
  return w.count(t) > 0;
}
// Words for things people ask about, beyond the scene's own labels: a mention of one that the
// scene lacks is "missing" (the reasoner asks back) instead of silently ignored.
bool is_object_word(const std::string& t) {
  static const std::set<std::string> w = {
      "chair",    "table",    "sofa",   "lamp",      "cup",      "tv",      "bed",       "cabinet",
      "box",      "plant",    "stool",  "bookshelf", "door",     "window",  "fridge",    "sink",
      "toilet",   "bottle",   "book",   "laptop",    "keyboard", "pillow",  "cushion",   "rug",
      "clock",    "vase",     "bowl",   "bag",       "backpack", "bin",     "microwave", "oven",
      "mirror",   "painting", "poster", "computer",  "printer",  "phone",   "speaker",   "fan",
      "radiator", "curtain",  "basket", "suitcase",  "piano",    "bicycle", "bike",      "person"};
  return w.count(t) > 0;
}
bool is_number(const std::string& t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(c); });
}
std::string singular(const std::string& t) {
  if (t.size() > 3 && t.compare(t.size() - 3, 3, "ies") == 0)
    return t.substr(0, t.size() - 3) + "y";
  if (t.size() > 3 &&
      (t.compare(t.size() - 3, 3, "hes") == 0 || t.compare(t.size() - 3, 3, "xes") == 0))
    return t.substr(0, t.size() - 2);
  if (t.size() > 3 && t.compare(t.size() - 3, 3, "ves") == 0)
    return t.substr(0, t.size() - 3) + "f";
  if (t.size() > 2 && t.back() == 's' && t[t.size() - 2] != 's') return t.substr(0, t.size() - 1);
  return t;
}

}  // namespace

std::vector<std::string> tokenize(const std::string& text) {
  std::string s;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    if (c == '\'' && i + 1 < text.size() && std::tolower(text[i + 1]) == 's') {
      ++i;  // possessive / "it's": drop the 's
      continue;
    }
    s += std::isalnum(static_cast<unsigned char>(c)) ? c : ' ';
  }
  std::vector<std::string> raw, out;
  size_t p = 0;
  while (p < s.size()) {
    while (p < s.size() && s[p] == ' ') ++p;
    size_t q = p;
    while (q < s.size() && s[q] != ' ') ++q;
    if (q > p) raw.push_back(s.substr(p, q - p));
    p = q;
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string t = raw[i];
    // "camera3" / "photo2" -> "camera 3"
    size_t d = t.find_first_of("0123456789");
    if (d != std::string::npos && d > 0 && is_number(t.substr(d)) &&
        is_camera_word(t.substr(0, d))) {
      out.push_back(t.substr(0, d));
      out.push_back(t.substr(d));
      continue;
    }
    if (auto it = number_words().find(t); it != number_words().end()) t = it->second;
    auto ord = ordinal_words().find(t);
    if (ord != ordinal_words().end()) {
      const bool cam_next = i + 1 < raw.size() && is_camera_word(singular(raw[i + 1]));
      const bool one_next = i + 1 < raw.size() && raw[i + 1] == "one";
      if (cam_next || one_next) {  // "the second photo" -> "photo 2"; "the second one" -> "2"
        if (cam_next)
          out.push_back(singular(raw[++i]));
        else
          ++i;
        out.push_back(ord->second);
        continue;
      }
    }
    out.push_back(t);
  }
  return out;
}

Query parse_question(const std::string& text, const Scene& scene,
                     const std::vector<int>& selected) {
  Query q;
  q.tokens = tokenize(text);
  const auto& T = q.tokens;
  const size_t n = T.size();
  auto has = [&](std::initializer_list<const char*> words) {
    for (const auto& t : T)
      for (const char* w : words)
        if (t == w) return true;
    return false;
  };
  auto has_seq = [&](const std::vector<std::string>& seq) {
    for (size_t i = 0; i + seq.size() <= n; ++i)
      if (std::equal(seq.begin(), seq.end(), T.begin() + static_cast<long>(i))) return true;
    return false;
  };

  // Canonical label of each token (synonyms, plurals) and object names.
  std::set<std::string> labels;
  for (const auto& o : scene.objects) labels.insert(o.label.empty() ? o.name : o.label);
  std::vector<std::vector<std::string>> name_tokens;
  for (const auto& o : scene.objects) name_tokens.push_back(tokenize(o.name));

  // Cameras: "camera 3", "photos 1 and 4", "between frame 2 and 5".
  for (size_t i = 0; i + 1 < n; ++i) {
    if (!is_camera_word(singular(T[i]))) continue;
    for (size_t j = i + 1; j < n && j <= i + 4; ++j) {
      if (is_number(T[j]))
        q.cameras.push_back(std::stoi(T[j]) - 1);
      else if (T[j] != "and" && T[j] != "to" && T[j] != "number" && T[j] != "no")
        break;
    }
  }

  std::vector<bool> used(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (used[i]) continue;
    // Exact object name, longest first.
    int best = -1;
    size_t best_len = 0;
    for (size_t k = 0; k < name_tokens.size(); ++k) {
      const auto& nt = name_tokens[k];
      if (nt.empty() || nt.size() <= best_len || i + nt.size() > n) continue;
      std::vector<std::string> cand(T.begin() + static_cast<long>(i),
                                    T.begin() + static_cast<long>(i + nt.size()));
      for (auto& c : cand)
        if (auto s = synonyms().find(c); s != synonyms().end()) c = s->second;
      if (cand == nt) best = static_cast<int>(k), best_len = nt.size();
    }
    Mention m;
    m.token = i;
    if (best >= 0) {
      m.objects = {best};
      m.by_name = true;
      m.text = scene.objects[best].name;
      for (size_t k = i; k < i + best_len; ++k) used[k] = true;
    } else {
      std::string t = T[i];
      const bool plural_form = singular(t) != t || t == "shelves";
      std::string base = singular(t);
      if (auto s = synonyms().find(t); s != synonyms().end())
        base = s->second;
      else if (auto s2 = synonyms().find(base); s2 != synonyms().end())
        base = s2->second;
      if (labels.count(base)) {
        for (size_t k = 0; k < scene.objects.size(); ++k) {
          const auto& o = scene.objects[k];
          if ((o.label.empty() ? o.name : o.label) == base)
            m.objects.push_back(static_cast<int>(k));
        }
        m.plural = plural_form;
        m.text = base;
      } else if (t == "objects" || t == "things" || t == "items" || t == "furniture" ||
                 (t == "everything")) {
        for (size_t k = 0; k < scene.objects.size(); ++k) m.objects.push_back(static_cast<int>(k));
        m.plural = true;
        m.text = "objects";
      } else if (t == "it" || t == "this" || t == "that" || t == "these" || t == "those" ||
                 t == "them" || t == "selected" || t == "selection" || t == "they") {
        if (t == "that" && i > 0 && (T[i - 1] == "so" || T[i - 1] == "is")) continue;
        if ((t == "this" || t == "that") && i + 1 < n &&
            (T[i + 1] == "room" || T[i + 1] == "scene"))
          continue;
        m.pronoun = true;
        m.plural = (t == "these" || t == "those" || t == "them" || t == "they");
        m.text = t;
        const bool sel_word = t == "this" || t == "these" || t == "selected" || t == "selection";
        if (sel_word && !selected.empty()) m.objects = selected;
        if (i + 1 < n && (T[i + 1] == "one" || T[i + 1] == "object" || T[i + 1] == "region" ||
                          T[i + 1] == "objects" || T[i + 1] == "things" || T[i + 1] == "items"))
          used[i + 1] = true;
        if (i + 1 < n && is_number(T[i + 1])) used[i + 1] = true;  // "these two"
      } else if (is_object_word(base) &&
                 std::none_of(name_tokens.begin(), name_tokens.end(), [&](const auto& nt) {
                   return std::find(nt.begin(), nt.end(), base) != nt.end();
                 })) {
        m.missing = true;
        m.plural = plural_form;
        m.text = base;
      } else {
        continue;
      }
      used[i] = true;
    }
    size_t p = i;
    while (p > 0 && (T[p - 1] == "the" || T[p - 1] == "a" || T[p - 1] == "an" || T[p - 1] == "my"))
      --p;
    m.is_reference = p > 0 && (T[p - 1] == "to" || T[p - 1] == "from");
    q.mentions.push_back(m);
  }

  // Viewpoint.
  if (!q.cameras.empty()) {
    for (size_t i = 0; i + 1 < n; ++i)
      if ((T[i] == "from" || T[i] == "in" || T[i] == "through" || T[i] == "seen") &&
          (is_camera_word(T[i + 1]) || (i + 2 < n && is_camera_word(T[i + 2])))) {
        q.viewpoint.kind = Viewpoint::Kind::Camera;
        q.viewpoint.camera = q.cameras.front();
      }
  }
  if (has_seq({"current", "view"}) || has_seq({"from", "here"}) || has_seq({"my", "view"}) ||
      has_seq({"this", "view"}) || has_seq({"from", "where", "i"}))
    q.viewpoint.kind = Viewpoint::Kind::Current;
  for (size_t i = 0; i < n; ++i) {
    if (T[i] != "standing" && T[i] != "stand" && T[i] != "facing" && T[i] != "face" &&
        T[i] != "looking")
      continue;
    for (auto& m : q.mentions) {
      if (m.token <= i || m.token > i + 4 || m.objects.size() != 1) continue;
      if (T[i] == "standing" || T[i] == "stand")
        q.viewpoint.at = m.objects[0];
      else
        q.viewpoint.facing = m.objects[0];
      m.objects.clear();  // a viewpoint, not a subject
      break;
    }
  }
  q.mentions.erase(std::remove_if(q.mentions.begin(), q.mentions.end(),
                                  [](const Mention& m) {
                                    return m.objects.empty() && !m.pronoun && !m.missing;
                                  }),
                   q.mentions.end());
  if (q.viewpoint.at >= 0 && q.viewpoint.facing >= 0) q.viewpoint.kind = Viewpoint::Kind::Standing;
  q.viewer_ref = has({"me", "viewer", "i", "myself"}) || has_seq({"the", "camera"});
  for (size_t i = 0; i + 2 < n; ++i)
    if ((T[i] == "to" || T[i] == "from") && is_camera_word(T[i + 1]) && is_number(T[i + 2]))
      q.ref_camera = std::stoi(T[i + 2]) - 1;

  const bool starts_yes_no =
      n > 0 && (T[0] == "is" || T[0] == "are" || T[0] == "does" || T[0] == "do" || T[0] == "was" ||
                T[0] == "can" || T[0] == "sits" || T[0] == "has");
  q.followup = n > 0 && (T[0] == "and" || T[0] == "what" || T[0] == "how") &&
               (T[0] == "and" || has_seq({"what", "about"}) || has_seq({"how", "about"}));
  const bool dir_words = has({"left", "right", "front", "behind", "back", "above", "below"});

  // "show me the chair in photo 3", "where is the table in image 2?", "is the lamp visible in
  // view 5?": grounding an object in one photo.
  const bool show_words = has({"show", "highlight", "outline", "where", "find", "locate", "mark",
                               "point", "display", "see", "visible", "circle", "grounding"});
  const bool show_excluded =
      dir_words || has_seq({"how", "many"}) ||
      has({"far", "distance", "apart", "appear", "appears", "appeared", "order", "earliest",
           "sequence", "tall", "big", "size", "move", "moved"});
  if (!q.cameras.empty() && !q.mentions.empty() && show_words && !show_excluded) {
    q.intent = Intent::ShowInPhoto;
  } else if (has({"colour", "color", "colours", "colors", "coloured", "colored"}) &&
             !q.mentions.empty() && !has_seq({"how", "many"})) {
    q.intent = Intent::Colour;
  } else if (has({"look",      "looks",  "painted",   "paint", "clean",    "dirty", "messy",
                  "tidy",      "new",    "old",       "style", "material", "made",  "pretty",
                  "beautiful", "ugly",   "weather",   "feel",  "feels",    "smell", "cozy",
                  "cosy",      "modern", "expensive", "cheap", "texture",  "shiny", "wooden",
                  "broken",    "lit",    "bright",    "dark",  "mood",     "why"}) &&
             !dir_words &&
             !has({"far",    "distance", "apart",   "big",     "bigger",   "biggest", "large",
                   "larger", "largest",  "small",   "smaller", "smallest", "size",    "tall",
                   "taller", "tallest",  "high",    "higher",  "height",   "wide",    "wider",
                   "width",  "long",     "longer",  "length",  "deep",     "depth",   "dimensions",
                   "area",   "many",     "count",   "on",      "under",    "next",    "beside",
                   "near",   "closer",   "closest", "farther", "farthest"})) {
    q.intent = Intent::Appearance;
  } else if (q.cameras.size() >= 2 &&
             has({"move", "moved", "moves", "travel", "travelled", "traveled", "displacement",
                  "far", "distance", "translation", "baseline"})) {
    q.intent = Intent::CameraMotion;
  } else if (has({"appear", "appears", "appeared", "appearance", "order", "seen", "shows", "show",
                  "visible", "sequence"}) &&
             has({"first", "order", "earlier", "earliest", "before", "sequence", "last", "1"}) &&
             !dir_words) {
    q.intent = Intent::Order;
    q.sub = has({"last"}) ? "last" : "first";
  } else if (has_seq({"how", "many"}) || has({"count"}) || has_seq({"number", "of"})) {
    q.intent = Intent::Count;
    if (has({"on", "atop"}) && q.mentions.size() >= 1) q.sub = "on";
  } else if (dir_words &&
             (q.mentions.size() >= 2 || q.viewpoint.kind == Viewpoint::Kind::Standing ||
              (q.mentions.size() == 1 && has({"my", "me"})))) {
    q.intent = Intent::Direction;
    q.yes_no = starts_yes_no;
    int k = 0;
    for (const char* w : {"left", "right", "front", "behind", "above", "below"})
      if (has({w})) q.sub = w, ++k;
    if (has({"back"})) q.sub = "behind", ++k;
    q.either_or = k > 1 || has({"or"}) || !q.yes_no;
    q.quadrant =
        has_seq({"front", "left"}) || has_seq({"back", "right"}) || has_seq({"front", "right"});
    if (q.either_or) q.yes_no = false;
  } else if (starts_yes_no &&
             (has({"on", "onto", "atop", "under", "underneath", "beneath", "next", "beside", "near",
                   "adjacent", "by", "touching", "supporting"}))) {
    q.intent = Intent::Relation;
    q.yes_no = true;
    q.sub = has({"under", "underneath", "beneath", "supporting"})           ? "under"
            : has({"next", "beside", "near", "adjacent", "by", "touching"}) ? "next"
                                                                            : "on";
  } else if (has_seq({"longest", "dimension"}) || has_seq({"longest", "side"})) {
    q.intent = Intent::Size;
    q.sub = "size";
  } else if (has({"biggest", "largest", "bigger",   "larger",   "smallest", "smaller", "tiniest",
                  "tallest", "taller",  "shortest", "shorter",  "longest",  "longer",  "widest",
                  "wider",   "highest", "higher",   "lowest",   "lower",    "closest", "nearest",
                  "closer",  "nearer",  "farthest", "furthest", "farther",  "further"})) {
    q.intent = Intent::Superlative;
    const std::vector<std::pair<std::vector<const char*>, const char*>> map = {
        {{"biggest", "largest", "bigger", "larger"}, "biggest"},
        {{"smallest", "smaller", "tiniest"}, "smallest"},
        {{"tallest", "taller"}, "tallest"},
        {{"longest", "longer"}, "longest"},
        {{"widest", "wider"}, "widest"},
        {{"highest", "higher"}, "highest"},
        {{"lowest", "lower"}, "lowest"},
        {{"closest", "nearest", "closer", "nearer"}, "closest"},
        {{"farthest", "furthest", "farther", "further"}, "farthest"},
        {{"shortest", "shorter"}, "shortest"}};
    for (const auto& [words, sub] : map)
      for (const char* w : words)
        if (q.sub.empty() && has({w})) q.sub = sub;
    if (has({"point", "points", "surface", "surfaces", "edge", "edges"}))
      q.yes_no = false, q.either_or = true;
  } else if (has({"room", "scene", "space", "apartment", "place"}) && q.mentions.empty()) {
    q.intent = Intent::RoomSize;
    q.sub = has({"area", "floor", "footprint", "square"}) ? "area"
            : has({"height", "tall", "high", "ceiling"})  ? "height"
            : has({"long", "length"})                     ? "length"
            : has({"wide", "width"})                      ? "width"
                                                          : "size";
    if (q.sub == "size" && has({"big", "large", "size"})) q.sub = "area";
  } else if (has({"far", "distance", "apart", "gap", "clearance", "separation", "separates",
                  "between", "spacing", "close"})) {
    q.intent = Intent::Distance;
    if (has({"surface", "surfaces", "closest", "nearest", "gap", "clearance", "edge", "edges",
             "points", "point"}))
      q.sub = "surface";
  } else if (has({"big", "large", "size", "tall", "high", "height", "wide", "width", "long",
                  "length", "deep", "depth", "dimensions", "dimension", "measure", "measures",
                  "volume"})) {
    q.intent = Intent::Size;
    q.sub = has({"tall", "height", "high"})                ? "height"
            : has({"wide", "width"})                       ? "width"
            : has({"long", "length"}) && !has({"longest"}) ? "length"
            : has({"deep", "depth"})                       ? "depth"
                                                           : "size";
  }
  if (q.intent != Intent::None && !(T.size() > 0 && T[0] == "and"))
    q.followup = q.followup && q.intent == Intent::None;
  return q;
}

}  // namespace sl::spatial
