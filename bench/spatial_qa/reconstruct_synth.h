// The "reconstructed geometry" side of bench_spatial_qa: a synthetic room rebuilt from its
// rendered photos by the classical backend (SfM + dense stereo), put into a usable frame the way
// a user would (levelled to the floor plane, metric scale from one known distance), with the
// objects made by clicking each one on photos (PhotoSelect) and naming it.
//
// The emulated user: clicks the object on the photos that show it best (widest visible region,
// the pixel deepest inside it), looks at the outline the app draws, Ctrl-clicks a large spill
// away when that helps, and undoes a click whose outline does not fit the object (IoU below
// min_fit), trying the next photo (4 at most, clicks_per_object accepted clicks are united).
// When no photo click is accepted the object counts as a failed referent; the user then clicks it
// in the 3D view (region growing, kept if its outline fits), else takes the cloud points the best
// photo sees in a small disc around the click.
//
// Ground truth is used only where a user supplies knowledge: the one known distance (between two
// camera centres), where to click, whether an outline looks right, and the names. Everything else
// comes from the reconstruction. GT is also used for diagnostics (similarity alignment of the
// camera centres, depth accuracy), never for the answers.
#pragma once
#include <optional>
#include <string>

#include "scene/synth/SynthScene.h"

namespace bench {

struct ReconOptions {
  int views = 12;  // photos rendered per scene
  int width = 320;
  int height = 240;
  int dense_size = 640;       // multi-view stereo's working resolution (longest side, px)
  int threads = 0;            // backend worker threads, 0 = all cores
  int clicks_per_object = 2;  // photos clicked per object (each adds its lifted points)
  // A click whose outline on the photo overlaps the object by less than this (IoU) is undone by
  // the user, who then clicks the next photo.
  double min_fit = 0.3;
  bool carve = true;      // united clicks are carved by each clicked photo's mask (--no-carve: off)
  std::string work_dir;   // photos are written here (a fresh sub-folder per scene)
  std::string cache_dir;  // when set: the backend's output per seed is saved / reused there
  bool verbose = false;
};

struct ReconStats {
  bool ok = false;
  std::string problem;  // why not ok
  int views = 0, registered = 0;
  size_t points = 0;
  bool cached = false;  // backend output read from cache_dir (reconstruct_s is then the load)
  double reconstruct_s = 0, frame_s = 0, referents_s = 0;
  int referents = 0;          // GT objects some photo shows (the user clicks them)
  int referent_failures = 0;  // of those, objects no photo click selected acceptably
  int grown_referents = 0;    // of the failures, objects then selected by a click in 3D
  int clicks = 0, failed_clicks = 0, corrections = 0;  // corrections: Ctrl-clicks that were kept
  bool floor_found = false;
  double known_distance_m = 0;  // the distance the "user" typed (camera 0 to camera k)
  double meters_per_unit = 1;   // the scale that distance set
  // Diagnostics against GT (similarity-aligned camera centres; not used for answers).
  double scale_error = 0;              // (aligned scale) - 1: relative error of the metric scale
  double up_error_deg = 0;             // levelled up vs GT up
  double center_error_m = 0;           // median camera-centre error after alignment
  double ceiling_fraction = 0;         // share of the photos' pixels that show the ceiling
  double object_center_error_m = 0;    // median object box-centre error after alignment
  double object_size_rel_error = 0;    // median |longest side / GT - 1|
  double object_height_rel_error = 0;  // median |height / GT - 1|
};

// Photos of `gt` (rendered by make_synthetic_scene) -> reconstructed, levelled, scaled scene with
// one object per GT object that could be selected. nullopt when fewer than 3 views registered.
std::optional<sl::Scene> reconstruct_synth(const sl::synth::SynthResult& gt,
                                           const ReconOptions& options, ReconStats& stats);

}  // namespace bench
