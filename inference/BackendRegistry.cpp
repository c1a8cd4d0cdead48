#include "inference/BackendRegistry.h"

#include "inference/ClassicalBackend.h"
#include "inference/feedforward/FeedForwardBackend.h"

namespace sl {

const std::vector<BackendEntry>& backend_registry() {
  static const std::vector<BackendEntry> entries = {
      {"classical", [] { return std::make_unique<ClassicalBackend>(); }},
      {"feedforward", [] { return std::make_unique<FeedForwardBackend>(); }},
  };
  return entries;
}

}  // namespace sl
