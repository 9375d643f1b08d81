#include "tools/outbox/queue_class.h"

#include <array>
#include <utility>

namespace evt::outbox {
namespace {

constexpr std::array<std::pair<QueueClass, std::string_view>, 3> kNames = {{
    {QueueClass::kCritical, "critical"},
    {QueueClass::kDegraded, "degraded"},
    {QueueClass::kNonEssential, "non-essential"},
}};

// Higher is shed later; critical is never shed at all.
int Priority(QueueClass cls) {
  switch (cls) {
    case QueueClass::kCritical: return 2;
    case QueueClass::kDegraded: return 1;
    case QueueClass::kNonEssential: return 0;
  }
  return 0;
}

}  // namespace

std::string_view QueueClassName(QueueClass cls) {
  for (const auto& [c, name] : kNames) {
    if (c == cls) return name;
  }
  return "non-essential";
}

std::optional<QueueClass> ParseQueueClass(std::string_view name) {
  for (const auto& [c, n] : kNames) {
    if (n == name) return c;
  }
  return std::nullopt;
}

std::string QueueClassNames() {
  std::string out;
  for (const auto& [c, name] : kNames) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool MayShedFor(QueueClass victim, QueueClass incoming) {
  return victim != QueueClass::kCritical && Priority(victim) <= Priority(incoming);
}

const std::vector<QueueClass>& ShedOrder() {
  static const std::vector<QueueClass> order = {QueueClass::kNonEssential, QueueClass::kDegraded};
  return order;
}

}  // namespace evt::outbox
