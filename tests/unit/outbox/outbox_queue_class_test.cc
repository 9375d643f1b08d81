#include <catch2/catch.hpp>

#include "tools/outbox/queue_class.h"

namespace evt::outbox {
namespace {

TEST_CASE("outbox queue class: names round-trip and anything else is refused") {
  for (QueueClass cls : {QueueClass::kCritical, QueueClass::kDegraded, QueueClass::kNonEssential}) {
    CHECK(ParseQueueClass(QueueClassName(cls)) == cls);
  }
  CHECK(QueueClassName(QueueClass::kNonEssential) == "non-essential");
  CHECK_FALSE(ParseQueueClass("Critical"));
  CHECK_FALSE(ParseQueueClass("non_essential"));
  CHECK_FALSE(ParseQueueClass(""));
  CHECK(QueueClassNames() == "critical, degraded, non-essential");
}

TEST_CASE("outbox queue class: critical is never shed, and nothing is shed for a lower class") {
  using enum QueueClass;
  for (QueueClass incoming : {kCritical, kDegraded, kNonEssential}) CHECK_FALSE(MayShedFor(kCritical, incoming));
  CHECK(MayShedFor(kNonEssential, kCritical));
  CHECK(MayShedFor(kNonEssential, kNonEssential));
  CHECK(MayShedFor(kDegraded, kCritical));
  CHECK(MayShedFor(kDegraded, kDegraded));
  CHECK_FALSE(MayShedFor(kDegraded, kNonEssential));
  CHECK(ShedOrder() == std::vector<QueueClass>{kNonEssential, kDegraded});
}

}  // namespace
}  // namespace evt::outbox
