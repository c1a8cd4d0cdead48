#include "inference/BackendRegistry.h"

#include "inference/feedforward/FeedForwardBackend.h"

namespace sl {

const std::vector<BackendEntry>& backend_registry() {
  static const std::vector<BackendEntry> entries = {
      {"feedforward", [] { return std::make_unique<FeedForwardBackend>(); }},
  };
  return entries;
}

}  // namespace sl
