#include "inference/feedforward/ModelContract.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace sl::ff {

const char* convention_name(Convention c) {
  switch (c) {
    case Convention::Vggt:
      return "vggt";
    case Convention::G2vlm:
      return "g2vlm";
    case Convention::Pi3:
      return "pi3";
  }
  return "?";
}

namespace {

template <typename Enum, size_t N>
Enum parse_enum(const nlohmann::json& j, const char* key, const std::array<const char*, N>& names,
                const std::array<Enum, N>& values, Enum fallback, const std::string& origin) {
  if (!j.contains(key)) return fallback;
  const std::string v = j.at(key).get<std::string>();
  for (size_t i = 0; i < N; ++i)
    if (v == names[i]) return values[i];
  std::string known;
  for (const char* n : names) known += std::string(known.empty() ? "" : ", ") + n;
  throw std::runtime_error(origin + ": metadata field '" + key + "' is '" + v +
                           "'; expected one of " + known);
}

}  // namespace

ModelMetadata parse_metadata(const std::string& json_text, const std::string& origin) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const std::exception& e) {
    throw std::runtime_error(origin + ": model metadata is not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw std::runtime_error(origin + ": model metadata must be a JSON object");
  if (!j.contains("convention"))
    throw std::runtime_error(origin +
                             ": model metadata lacks 'convention' (one of vggt, g2vlm, pi3)");
  ModelMetadata m;
  try {
    m.convention = parse_enum<Convention, 3>(j, "convention", {"vggt", "g2vlm", "pi3"},
                                             {Convention::Vggt, Convention::G2vlm, Convention::Pi3},
                                             Convention::Vggt, origin);
    // Defaults per convention, from the models' own code.
    m.confidence = m.convention == Convention::Vggt  ? ConfidenceKind::ExpPlusOne
                   : m.convention == Convention::Pi3 ? ConfidenceKind::Logit
                                                     : ConfidenceKind::Probability;
    m.confidence = parse_enum<ConfidenceKind, 3>(
        j, "confidence", {"probability", "logit", "exp_plus_one"},
        {ConfidenceKind::Probability, ConfidenceKind::Logit, ConfidenceKind::ExpPlusOne},
        m.confidence, origin);
    m.resize_mode = parse_enum<ResizeMode, 3>(
        j, "resize_mode", {"resize", "crop", "pad"},
        {ResizeMode::Resize, ResizeMode::Crop, ResizeMode::Pad}, ResizeMode::Resize, origin);
    m.input_width = j.value("input_width", m.input_width);
    m.size_multiple = j.value("size_multiple", m.size_multiple);
    m.batch_dim = j.value("batch_dim", m.batch_dim);
    m.max_frames = j.value("max_frames", m.max_frames);
    m.chunk_overlap = j.value("chunk_overlap", m.chunk_overlap);
    m.fixed_frames = j.value("fixed_frames", m.fixed_frames);
    m.name = j.value("name", std::string(convention_name(m.convention)));
    if (j.contains("mean")) m.mean = j.at("mean").get<std::array<float, 3>>();
    if (j.contains("std")) m.std = j.at("std").get<std::array<float, 3>>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(origin + ": model metadata has a field of the wrong type (" +
                             e.what() + ")");
  }
  if (m.input_width < 14 || m.input_width > 4096 || m.size_multiple < 1)
    throw std::runtime_error(origin + ": input_width must be 14..4096 and size_multiple >= 1");
  if (m.max_frames < 2 || m.chunk_overlap < 1 || m.chunk_overlap >= m.max_frames)
    throw std::runtime_error(origin + ": need max_frames >= 2 and 1 <= chunk_overlap < max_frames");
  for (float s : m.std)
    if (!(s > 0)) throw std::runtime_error(origin + ": every 'std' entry must be > 0");
  return m;
}

}  // namespace sl::ff
