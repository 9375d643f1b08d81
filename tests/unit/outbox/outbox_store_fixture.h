// What the store's tests share: a layout with a critical, a degraded and a
// non-essential queue, records made the way `put` makes them, and times.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/outbox/outbox_store.h"
#include "tools/outbox/record_id.h"

namespace evt::outbox::testing {

inline TimePoint At(std::int64_t second) { return TimePoint{std::chrono::seconds{1'800'000'000 + second}}; }

inline QueueSpec Queue(std::string name, QueueClass cls, std::int64_t bound, std::vector<std::string> destinations) {
  return QueueSpec{std::move(name), cls, bound, std::move(destinations)};
}

// orders (critical, to shop), alerts (degraded, to shop), telemetry (non-essential, nowhere).
inline OutboxLayout Layout(std::int64_t orders_bound = 1 << 20, std::int64_t alerts_bound = 1 << 20,
                           std::int64_t telemetry_bound = 1 << 20, std::int64_t global_bound = 4 << 20) {
  return OutboxLayout{{Queue("orders", QueueClass::kCritical, orders_bound, {"shop"}),
                       Queue("alerts", QueueClass::kDegraded, alerts_bound, {"shop"}),
                       Queue("telemetry", QueueClass::kNonEssential, telemetry_bound, {})},
                      global_bound};
}

// A record of exactly `bytes` bytes of line (padding in "note"), so bounds are easy to hit.
inline OutboxRecord Record(const std::string& queue, const std::string& id, std::int64_t second,
                           std::size_t bytes = 100, const std::string& kiosk = "kiosk-a",
                           const std::string& content = "x") {
  Value v = Value::object({{"kind", "order"}, {"v", 1}, {"ts", "2027-01-15T08:00:00.000Z"}, {"id", id},
                           {"content", content}, {"note", ""}});
  Result<OutboxRecord> made = MakeOutboxRecord(v, queue, kiosk, At(second));
  REQUIRE(made.ok());
  REQUIRE(made->line.size() <= bytes);
  v.set("note", std::string(bytes - made->line.size(), '.'));
  made = MakeOutboxRecord(v, queue, kiosk, At(second));
  REQUIRE(made.ok());
  REQUIRE(made->line.size() == bytes);
  return *made;
}

inline OutboxStore MemoryStore() {
  Result<OutboxStore> store = OutboxStore::OpenMemory();
  REQUIRE(store.ok());
  return std::move(*store);
}

inline PutReport PutOk(OutboxStore& store, const OutboxLayout& layout, const std::string& queue,
                       std::vector<OutboxRecord> batch, TimePoint now) {
  Result<PutReport> report = store.Put(layout, queue, std::move(batch), now);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  return *report;
}

inline ListFilter InQueue(const std::string& queue) {
  ListFilter filter;
  filter.queue = queue;
  return filter;
}

inline std::vector<std::string> Ids(const std::vector<ListedRecord>& listed) {
  std::vector<std::string> ids;
  for (const ListedRecord& l : listed) ids.push_back(l.record.id);
  return ids;
}

inline const QueueStats& StatsOf(const std::vector<QueueStats>& stats, const std::string& queue,
                                 const std::string& destination) {
  for (const QueueStats& s : stats) {
    if (s.queue == queue && s.destination == destination) return s;
  }
  FAIL("no stats row for " << queue << " / " << destination);
  return stats.front();
}

}  // namespace evt::outbox::testing
