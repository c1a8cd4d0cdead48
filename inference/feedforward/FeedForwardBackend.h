// The "feedforward" reconstruction backend: one forward pass of a geometry model (G²VLM,
// VGGT, π³) exported to TorchScript, following the contract in ModelContract.h.
#pragma once
#include "inference/ReconstructionBackend.h"

namespace sl {

class FeedForwardBackend : public ReconstructionBackend {
 public:
  std::string name() const override { return "feedforward"; }
  Reconstruction run(const ReconstructionInput& input, const ReconstructionOptions& options,
                     JobContext& ctx, ReconstructionReport& report) override;
};

}  // namespace sl
