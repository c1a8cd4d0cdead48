// The list of reconstruction backends. Adding one: implement ReconstructionBackend in its own
// folder/file and add a line to backend_registry() in BackendRegistry.cpp.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "inference/ReconstructionBackend.h"

namespace sl {

struct BackendEntry {
  std::string name;
  std::function<std::unique_ptr<ReconstructionBackend>()> make;
};

const std::vector<BackendEntry>& backend_registry();

}  // namespace sl
