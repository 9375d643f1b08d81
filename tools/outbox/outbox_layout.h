// What the store needs of the config: the queues and the bound of all of
// them together (built from OutboxConfig by the tool), and what a put
// reports of the records it shed to keep within them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/outbox/queue_class.h"

namespace evt::outbox {

struct OutboxLayout {
  std::vector<QueueSpec> queues;
  std::int64_t bound_bytes = 0;  // all queues together; > 0
  // nullptr when the layout has no such queue.
  const QueueSpec* Find(const std::string& queue) const;
};

// A record deleted to make room: gone, but counted per queue for good.
struct ShedRecord {
  std::string id;
  std::string queue;
  std::int64_t bytes = 0;
};

}  // namespace evt::outbox
