// Question generation for bench_spatial_qa: templated questions (several phrasings per category)
// with ground-truth answers computed here, independently of the reasoner, from the synthetic
// objects' exact boxes, the generator's support relations and its per-view object-id images.
#pragma once
#include <string>
#include <vector>

#include "scene/synth/SynthScene.h"

namespace bench {

struct QA {
  std::string category;  // object_count, abs_distance, object_size, room_size, rel_distance,
                         // rel_direction, appearance_order, on_under_next
  std::string question;
  bool numeric = false;
  double value = 0;    // numeric truth
  std::string choice;  // choice truth (object name, direction word, yes/no)
};

std::vector<QA> make_questions(const sl::synth::SynthResult& r, int seed);

}  // namespace bench
