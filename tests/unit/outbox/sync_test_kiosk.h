// Two kiosks in one process for the sync tests: each an in-memory outbox
// and cursor store, one of them answering on a loopback port through the
// same PeerEndpoints `evt-outbox serve` uses.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/http_server.h"
#include "tools/outbox/outbox_store.h"
#include "tools/outbox/peer_endpoints.h"
#include "tools/outbox/replica_wire.h"
#include "tools/outbox/sync_client.h"
#include "tools/outbox/sync_cursor_store.h"

namespace evt::outbox::testing {

inline OutboxLayout OrdersLayout() {
  OutboxLayout layout;
  layout.queues.push_back(QueueSpec{"orders", QueueClass::kCritical, 1 << 20, {"shop"}});
  layout.bound_bytes = 1 << 21;
  return layout;
}

inline TimePoint Start() { return TimePoint(std::chrono::milliseconds(1764928800000)); }

struct Kiosk {
  explicit Kiosk(std::string name)
      : name(std::move(name)), store(Opened(OutboxStore::OpenMemory())),
        cursors(Opened(SyncCursorStore::OpenMemory())) {}

  template <class T>
  static T Opened(Result<T> opened) {
    REQUIRE(opened.ok());
    return std::move(opened).value();
  }

  void PutOrders(const std::vector<std::string>& ids) {
    std::vector<OutboxRecord> batch;
    for (const std::string& id : ids) {
      batch.push_back(OutboxRecord{id, "orders", name, clock.Now().time_since_epoch().count(),
                                   "{\"kind\":\"order\",\"v\":1,\"ts\":\"2026-12-05T10:00:00.000Z\",\"id\":\"" + id +
                                       "\",\"kiosk\":\"" + name + "\"}"});
    }
    auto report = store.Put(layout, "orders", std::move(batch), clock.Now());
    REQUIRE(report.ok());
    REQUIRE(report->counts.added == ids.size());
  }

  // The ids this kiosk holds, whatever their origin.
  std::set<std::string> Ids() {
    std::set<std::string> ids;
    auto batch = store.ExportSince(0, 100000);
    REQUIRE(batch.ok());
    for (const std::string& line : batch->lines) {
      auto parsed = ParseReplicaLine(line, "test");
      REQUIRE(parsed.ok());
      if (auto* record = std::get_if<OutboxRecord>(&*parsed)) ids.insert(record->id);
    }
    return ids;
  }

  std::vector<std::string> ExportLines() {
    auto batch = store.ExportSince(0, 100000);
    REQUIRE(batch.ok());
    return batch->lines;
  }

  PeerEndpoints Endpoints() { return PeerEndpoints{&store, &cursors, &layout, name, &clock}; }
  SyncContext Context() { return SyncContext{&store, &cursors, &layout, name, &clock}; }

  // Serves this kiosk on a loopback port, with `token` when given.
  void Serve(std::optional<std::string> token = std::nullopt) {
    HttpServerOptions options;
    if (token) options.token = Secret(*token, "test");
    auto started = HttpServer::Start(std::move(options), Endpoints());
    REQUIRE(started.ok());
    server = std::move(started).value();
  }

  PeerTarget Target(std::optional<std::string> token = std::nullopt) const {
    PeerTarget target;
    target.name = name;
    target.url = "http://" + server->address();
    if (token) target.token = Secret(*token, "test token file");
    target.timeout = std::chrono::seconds(5);
    return target;
  }

  std::string name;
  ManualClock clock{Start()};
  OutboxLayout layout = OrdersLayout();
  OutboxStore store;
  SyncCursorStore cursors;
  std::unique_ptr<HttpServer> server;
};

}  // namespace evt::outbox::testing
