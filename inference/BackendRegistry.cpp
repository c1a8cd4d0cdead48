#include "inference/BackendRegistry.h"

namespace sl {

const std::vector<BackendEntry>& backend_registry() {
  static const std::vector<BackendEntry> entries = {
      // {"classical", [] { return std::make_unique<ClassicalBackend>(); }},
  };
  return entries;
}

}  // namespace sl
