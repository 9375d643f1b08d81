// A queue's priority class, named after the site's power roles: what keeps
// running on the battery (critical: orders), what runs reduced (degraded),
// what is switched off first (non-essential). When the outbox is past its
// bound it sheds the lowest class first and never sheds critical.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/outbox/queue_transforms.h"

namespace evt::outbox {

enum class QueueClass { kCritical, kDegraded, kNonEssential };

// "critical", "degraded", "non-essential".
std::string_view QueueClassName(QueueClass cls);
// The class a config names; nullopt for anything else (the caller says
// where: it knows the config key).
std::optional<QueueClass> ParseQueueClass(std::string_view name);
// The names ParseQueueClass takes, for an error message: "critical, degraded, non-essential".
std::string QueueClassNames();

// Whether records of `victim` may be shed to make room for records of
// `incoming`: never critical ones; otherwise those of a class no higher
// than the incoming one (non-essential records never push out degraded).
bool MayShedFor(QueueClass victim, QueueClass incoming);
// The order shedding takes the classes in: non-essential, then degraded.
const std::vector<QueueClass>& ShedOrder();

struct QueueSpec {
  std::string name;
  QueueClass cls = QueueClass::kNonEssential;
  std::int64_t bound_bytes = 0;           // > 0
  std::vector<std::string> destinations;  // names in outbox.destinations; may be empty
  QueueTransforms transforms = {};        // privacy, sampling, roll-ups at put
};

}  // namespace evt::outbox
