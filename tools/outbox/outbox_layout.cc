#include "tools/outbox/outbox_layout.h"

namespace evt::outbox {

const QueueSpec* OutboxLayout::Find(const std::string& queue) const {
  for (const QueueSpec& spec : queues) {
    if (spec.name == queue) return &spec;
  }
  return nullptr;
}

}  // namespace evt::outbox
