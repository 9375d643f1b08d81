// Three kiosks take records, deliver, fail, retry and drop them, and swap
// export batches in random order and random sizes; once every kiosk has
// heard from every other, all three hold the same records, the same
// delivery rows and the same status. Seed printed; EVT_TEST_SEED replays.
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "tests/unit/outbox/outbox_store_fixture.h"
#include "tools/outbox/replica_wire.h"

namespace evt::outbox {
namespace {

using testing::At;

std::uint32_t Seed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint32_t seed = env ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10)) : std::random_device{}();
  std::cout << "outbox replica convergence: EVT_TEST_SEED=" << seed << "\n";
  return seed;
}

OutboxLayout TwoDestinations() {
  OutboxLayout layout = testing::Layout();
  layout.queues[0].destinations = {"shop", "audit"};
  return layout;
}

const std::vector<std::string> kDestinations = {"shop", "audit"};

class Mesh {
 public:
  explicit Mesh(std::uint32_t seed) : random_(seed) {
    for (int i = 0; i < 3; ++i) kiosks_.push_back(testing::MemoryStore());
  }

  void Step(int t) {
    std::size_t k = Pick(3);
    switch (Pick(6)) {
      case 0: Put(k, t); break;
      case 1:
      case 2: Deliver(k, t); break;
      case 3: RetryDeadLetters(k, t); break;
      case 4: DropOne(k, t); break;
      default: Exchange(Pick(3), k, 1 + Pick(8)); break;
    }
  }

  // Everyone pulls from everyone until a full round changes nothing.
  void Settle() {
    for (int round = 0; round < 10; ++round) {
      bool changed = false;
      for (std::size_t to = 0; to < 3; ++to) {
        for (std::size_t from = 0; from < 3; ++from) {
          if (from != to) changed |= Exchange(from, to, 0);
        }
      }
      if (!changed) return;
    }
    FAIL("the replicas kept changing after 10 rounds");
  }

  OutboxStore& kiosk(std::size_t k) { return kiosks_[k]; }

 private:
  std::size_t Pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }
  std::string Name(std::size_t k) const { return "kiosk-" + std::string(1, static_cast<char>('a' + k)); }

  void Put(std::size_t k, int t) {
    std::vector<OutboxRecord> batch;
    std::size_t n = 1 + Pick(4);
    for (std::size_t i = 0; i < n; ++i) {
      std::string queue = Pick(3) == 0 ? "telemetry" : "orders";
      batch.push_back(testing::Record(queue, Name(k) + "-" + std::to_string(next_id_++), t, 100 + Pick(50), Name(k)));
      if (Pick(5) == 0) batch.push_back(batch.back());  // a replay in the batch
      if (queue == "telemetry") {
        PutAll(k, queue, std::move(batch), t);
        batch.clear();
      }
    }
    if (!batch.empty()) PutAll(k, "orders", std::move(batch), t);
  }

  void PutAll(std::size_t k, const std::string& queue, std::vector<OutboxRecord> batch, int t) {
    Result<PutReport> report = kiosks_[k].Put(TwoDestinations(), queue, std::move(batch), At(t));
    REQUIRE(report.ok());
    REQUIRE_FALSE(report->refused);
    REQUIRE(report->counts.conflict == 0);
  }

  void Deliver(std::size_t k, int t) {
    const std::string& destination = kDestinations[Pick(2)];
    Result<std::vector<DueDelivery>> due = kiosks_[k].Due(destination, At(t), 1 + Pick(3));
    REQUIRE(due.ok());
    for (const DueDelivery& d : *due) {
      Result<bool> moved = true;
      switch (Pick(3)) {
        case 0: moved = kiosks_[k].MarkDelivered(d.record.id, destination, At(t), 201, Name(k)); break;
        case 1: moved = kiosks_[k].MarkRetry(d.record.id, destination, At(t), At(t + 1 + Pick(5)), 503, "busy", Name(k)); break;
        default: moved = kiosks_[k].MarkDeadLettered(d.record.id, destination, At(t), 400, "bad", Name(k)); break;
      }
      REQUIRE(moved.ok());
    }
  }

  void RetryDeadLetters(std::size_t k, int t) {
    REQUIRE(kiosks_[k].Retry(kDestinations[Pick(2)], std::nullopt, At(t), Name(k)).ok());
  }

  void DropOne(std::size_t k, int t) {
    if (Pick(4) != 0) return;  // rare: most records should get delivered
    Result<std::vector<ListedRecord>> all = kiosks_[k].List({});
    REQUIRE(all.ok());
    if (all->empty()) return;
    REQUIRE(kiosks_[k].Drop((*all)[Pick(all->size())].record.id, At(t), Name(k)).ok());
  }

  // One export batch from `from` since what `to` last took (limit 0: all).
  bool Exchange(std::size_t from, std::size_t to, std::size_t limit) {
    if (from == to) return false;
    std::int64_t& cursor = cursors_[{from, to}];
    Result<ReplicaBatch> batch = kiosks_[from].ExportSince(cursor, limit);
    REQUIRE(batch.ok());
    Result<MergeReport> report = kiosks_[to].Merge(TwoDestinations(), batch->lines, At(0), PoisonPolicy::kRefuseAll);
    REQUIRE(report.ok());
    CHECK(report->elements_conflict == 0);
    cursor = batch->next_cursor;
    return report->elements_added > 0 || report->deliveries_changed > 0;
  }

  std::mt19937 random_;
  std::vector<OutboxStore> kiosks_;
  std::map<std::pair<std::size_t, std::size_t>, std::int64_t> cursors_;
  int next_id_ = 0;
};

std::string Snapshot(OutboxStore& store) {
  Result<std::vector<ListedRecord>> all = store.List({});
  REQUIRE(all.ok());
  std::string out;
  for (const ListedRecord& l : *all) {
    out += l.record.id + " " + l.record.queue + " " + l.record.origin + " " + std::to_string(l.record.captured_ms) +
           " " + l.record.line + "\n";
    for (const Delivery& d : l.deliveries) {
      Result<std::string> line = DeliveryLine(d);
      REQUIRE(line.ok());
      out += "  " + *line + "\n";
    }
  }
  return out;
}

std::string StatsText(OutboxStore& store) {
  Result<std::vector<QueueStats>> stats = store.Stats(TwoDestinations(), At(10'000));
  REQUIRE(stats.ok());
  std::string out;
  for (const QueueStats& s : *stats) {
    out += s.queue + "/" + s.destination + " pending " + std::to_string(s.pending) + " bytes " +
           std::to_string(s.pending_bytes) + " age " + std::to_string(s.oldest_pending_age_ms.value_or(-1)) +
           " delivered " + std::to_string(s.delivered) + " retried " + std::to_string(s.retried) + " dead " +
           std::to_string(s.dead_lettered) + " dropped " + std::to_string(s.dropped) + "\n";
  }
  return out;
}

TEST_CASE("outbox replica convergence: three kiosks exchanging batches in random order end identical") {
  std::uint32_t seed = Seed();
  for (int run = 0; run < 4; ++run) {
    INFO("EVT_TEST_SEED=" << seed << ", run " << run);
    Mesh mesh(seed + static_cast<std::uint32_t>(run));
    for (int t = 1; t <= 250; ++t) mesh.Step(t);
    mesh.Settle();
    std::string first = Snapshot(mesh.kiosk(0));
    CHECK(first.find("delivered") != std::string::npos);  // the run did exercise the rows
    CHECK(Snapshot(mesh.kiosk(1)) == first);
    CHECK(Snapshot(mesh.kiosk(2)) == first);
    std::string stats = StatsText(mesh.kiosk(0));
    CHECK(StatsText(mesh.kiosk(1)) == stats);
    CHECK(StatsText(mesh.kiosk(2)) == stats);
  }
}

}  // namespace
}  // namespace evt::outbox
