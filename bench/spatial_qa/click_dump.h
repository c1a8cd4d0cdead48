// bench_spatial_qa diagnostics: what one emulated photo click saw, as a PNG (SL_PHOTOSEL_DUMP).
#pragma once
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "inference/objects/PhotoSelect.h"
#include "scene/synth/SynthScene.h"

namespace bench {

// Diagnostics (SL_PHOTOSEL_DUMP=DIR): one PNG per click, 4 x 2 panels at the photo's size:
// the photo with the click | the error of the view's depth (green < 3 %, yellow < 10 %, red
// worse, black unknown) | that of the consensus depth | the consensus depth / the prior region
// (red; magenta: from colour, no depth) | the mask (green) with the truth's outline (white) | the
// cloud points the view sees (grey) and the selected ones (green) | the stop-plane pixels of the
// view's depth (blue).
// Does nothing unless SL_PHOTOSEL_DUMP names a folder.
void dump_click(const sl::Scene& scene, const sl::synth::SynthResult& gt, int k, int view,
                const cv::Point& px, const sl::objects::PhotoSelectOptions& po,
                const sl::objects::PhotoSelection& sel, const std::vector<uint32_t>& points,
                double fit);

}  // namespace bench
