// The "classical" reconstruction backend (default, always available): SIFT features, matching
// with geometric verification, incremental structure-from-motion and bundle adjustment
// (inference/sfm/), on photos or on frames sampled from a video (inference/io/).
#pragma once
#include "inference/ReconstructionBackend.h"
#include "inference/sfm/Types.h"

namespace sl {

struct ClassicalSettings {
  int max_features = 6000;
  sfm::MapperOptions mapper;
};

class ClassicalBackend : public ReconstructionBackend {
 public:
  ClassicalBackend() = default;
  explicit ClassicalBackend(ClassicalSettings s) : settings_(s) {}
  std::string name() const override { return "classical"; }
  Reconstruction run(const ReconstructionInput& input, const ReconstructionOptions& options,
                     JobContext& ctx, ReconstructionReport& report) override;

 private:
  ClassicalSettings settings_;
};

}  // namespace sl
