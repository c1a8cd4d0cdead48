#include "inference/ReconstructionBackend.h"

#include <stdexcept>

#include "inference/BackendRegistry.h"

namespace sl {

std::unique_ptr<ReconstructionBackend> make_backend(const std::string& name) {
  for (const auto& entry : backend_registry())
    if (entry.name == name) return entry.make();
  std::string known;
  for (const auto& entry : backend_registry()) known += (known.empty() ? "" : ", ") + entry.name;
  throw std::invalid_argument("unknown reconstruction backend '" + name + "' (known: " + known +
                              ")");
}

std::vector<std::string> backend_names() {
  std::vector<std::string> out;
  for (const auto& entry : backend_registry()) out.push_back(entry.name);
  return out;
}

}  // namespace sl
