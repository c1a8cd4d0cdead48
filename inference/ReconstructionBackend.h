// One interface, several engines ("classical" SfM + MVS, "feedforward" TorchScript model).
// Every backend turns photos (or frames of a video) into the same sl::Reconstruction.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "inference/Job.h"
#include "scene/Scene.h"

namespace sl {

struct ReconstructionInput {
  std::vector<std::string> image_paths;  // photos, in the user's order
  std::string video_path;                // or a video (frames are sampled from it)
  double video_fps = 2.0;                // sampling rate for video (frames per second)
};

struct ReconstructionOptions {
  std::string backend = "classical";  // "classical" | "feedforward"
  bool dense = false;                 // per-view depth + fused cloud (MVS or the model)
  std::string model_path;             // feedforward: TorchScript file
  int max_image_size = 1600;          // working resolution for matching (longest side, px)
  int dense_max_image_size = 640;     // working resolution of multi-view stereo (longest side)
  int threads = 0;                    // 0 = all cores
};

struct ReconstructionReport {
  bool ok = false;      // at least a partial model was built
  std::string summary;  // one paragraph for the user: what worked, what did not, what to do
  struct Unplaced {
    std::string image;
    std::string reason;
  };
  std::vector<Unplaced> unplaced;  // photos that could not be read or registered, and why
};

class ReconstructionBackend {
 public:
  virtual ~ReconstructionBackend() = default;
  virtual std::string name() const = 0;
  // Runs on the caller's (worker) thread; checks ctx.check_stop() often; publishes snapshots.
  // Throws JobCancelled when stopped, IoError for unusable input; otherwise fills `report`.
  virtual Reconstruction run(const ReconstructionInput& input, const ReconstructionOptions& options,
                             JobContext& ctx, ReconstructionReport& report) = 0;
};

// Backend by name; throws std::invalid_argument listing the known names.
std::unique_ptr<ReconstructionBackend> make_backend(const std::string& name);
std::vector<std::string> backend_names();

}  // namespace sl
