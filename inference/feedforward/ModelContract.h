// The contract between SceneLens and a feed-forward geometry model exported to TorchScript
// (full text: docs/feedforward-models.md). Torch-free: parsed here, checked in the backend.
//
// Input: float images in 0..1 (then normalised by mean/std), shape [S,3,H,W], or [1,S,3,H,W]
// when `batch_dim` is set. Output: a Dict[str, Tensor] whose keys depend on the convention:
//   vggt  : extrinsic [S,3,4] cam_from_world, intrinsic [S,3,3], depth [S,H,W(,1)],
//           depth_conf [S,H,W], optional world_points [S,H,W,3], world_points_conf [S,H,W]
//   g2vlm : points [S,H,W,3] world, local_points [S,H,W,3] camera (OpenCV axes),
//           camera_poses [S,4,4] world_from_cam; no intrinsics, no confidence
//   pi3   : as g2vlm plus conf [S,H,W(,1)]
// Every output may carry a leading batch dimension of 1.
#pragma once
#include <array>
#include <string>

namespace sl::ff {

enum class Convention { Vggt, G2vlm, Pi3 };
// How a model's raw confidence maps to 0..1.
enum class ConfidenceKind { Probability, Logit, ExpPlusOne };
// How photos become the model's input size: stretch to the size, crop the long side, or pad.
enum class ResizeMode { Resize, Crop, Pad };

struct ModelMetadata {
  Convention convention = Convention::Vggt;
  int input_width = 518;   // images are resized to this width...
  int size_multiple = 14;  // ...and a height that is a multiple of this (the patch size)
  ResizeMode resize_mode = ResizeMode::Resize;
  std::array<float, 3> mean = {0.f, 0.f, 0.f};  // RGB normalisation after scaling to 0..1
  std::array<float, 3> std = {1.f, 1.f, 1.f};
  bool batch_dim = false;  // input [1,S,3,H,W] instead of [S,3,H,W]
  ConfidenceKind confidence = ConfidenceKind::ExpPlusOne;
  int max_frames = 32;        // frames per forward pass; more are run in overlapping chunks
  int chunk_overlap = 4;      // frames shared by consecutive chunks (for the similarity alignment)
  bool fixed_frames = false;  // traced with exactly max_frames frames: shorter passes are padded
  std::string name;           // free text shown to the user
};

// Parses the metadata JSON text; throws std::runtime_error naming `origin` and the bad field.
ModelMetadata parse_metadata(const std::string& json_text, const std::string& origin);
const char* convention_name(Convention c);

}  // namespace sl::ff
