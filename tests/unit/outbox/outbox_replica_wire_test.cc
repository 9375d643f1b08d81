#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "tools/outbox/replica_wire.h"

namespace evt::outbox {
namespace {

Delivery SampleDelivery() {
  Delivery d;
  d.id = "o-1";
  d.destination = "shop";
  d.state = DeliveryState::kDeadLettered;
  d.attempts = 3;
  d.retries = 1;
  d.next_attempt_ms = 1'800'000'060'000;
  d.last_status = 400;
  d.last_error = "{\"error\":\"bad \\\"sku\\\"\"}\n";
  d.updated_ms = 1'800'000'050'123;
  d.by = "kiosk-b";
  return d;
}

TEST_CASE("outbox replica wire: an element line carries the record as it was and reads back the same") {
  OutboxRecord r{"o-1", "orders", "kiosk-a", 1'800'000'000'250,
                 R"({"kind":"order","v":1,"ts":"2027-01-15T08:00:00.000Z","id":"o-1","total":1250})"};
  Result<std::string> line = ElementLine(r);
  REQUIRE(line.ok());
  CHECK(*line ==
        R"({"kind":"outbox.element","v":1,"ts":"2027-01-15T08:00:00.250Z","id":"o-1","queue":"orders","origin":"kiosk-a",)"
        R"("captured":"2027-01-15T08:00:00.250Z",)"
        R"("record":{"kind":"order","v":1,"ts":"2027-01-15T08:00:00.000Z","id":"o-1","total":1250}})");
  Result<ReplicaLine> back = ParseReplicaLine(*line, "line 1");
  REQUIRE(back.ok());
  const auto& element = std::get<OutboxRecord>(*back);
  CHECK(element.id == r.id);
  CHECK(element.queue == r.queue);
  CHECK(element.origin == r.origin);
  CHECK(element.captured_ms == r.captured_ms);
  CHECK(element.line == r.line);
}

TEST_CASE("outbox replica wire: a delivery line reads back field for field") {
  Delivery d = SampleDelivery();
  Result<std::string> line = DeliveryLine(d);
  REQUIRE(line.ok());
  Result<ReplicaLine> back = ParseReplicaLine(*line, "line 2");
  REQUIRE(back.ok());
  const auto& r = std::get<Delivery>(*back);
  CHECK(r.id == d.id);
  CHECK(r.destination == d.destination);
  CHECK(r.state == d.state);
  CHECK(r.attempts == d.attempts);
  CHECK(r.retries == d.retries);
  CHECK(r.next_attempt_ms == d.next_attempt_ms);
  CHECK(r.last_status == d.last_status);
  CHECK(r.last_error == d.last_error);
  CHECK(r.updated_ms == d.updated_ms);
  CHECK(r.by == d.by);
}

TEST_CASE("outbox replica wire: poisoned lines are refused naming the line and what is wrong") {
  auto error_of = [](std::string_view line) {
    Result<ReplicaLine> r = ParseReplicaLine(line, "sync from kiosk-b: line 7");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == ExitCode::kDataErr);
    CHECK(r.status().message().find("sync from kiosk-b: line 7") != std::string::npos);
    return r.status().message();
  };
  CHECK(error_of("{not json").size() > 0);
  CHECK(error_of("[1,2]").find("expected a JSON object") != std::string::npos);
  CHECK(error_of(R"({"kind":"outbox.other"})").find("/kind") != std::string::npos);
  CHECK(error_of(R"({"kind":"outbox.element","id":"o-1","queue":"orders","origin":"a",)"
                 R"("captured":"2027-01-15T08:00:00.250Z"})")
            .find("/record: missing") != std::string::npos);
  CHECK(error_of(R"({"kind":"outbox.element","id":"o-1","queue":"orders","origin":"a",)"
                 R"("captured":"yesterday","record":{}})")
            .find("/captured") != std::string::npos);
  CHECK(error_of(R"({"kind":"outbox.element","id":"","queue":"orders","origin":"a",)"
                 R"("captured":"2027-01-15T08:00:00.250Z","record":{}})")
            .find("/id: expected a non-empty string") != std::string::npos);
  CHECK(error_of(R"({"kind":"outbox.element","id":"o-1","queue":"orders","origin":"a",)"
                 R"("captured":"2027-01-15T08:00:00.250Z","record":"x"})")
            .find("/record: expected an object") != std::string::npos);

  Result<std::string> good = DeliveryLine(SampleDelivery());
  REQUIRE(good.ok());
  auto with = [&](std::string_view from, std::string_view to) {
    std::string line = *good;
    line.replace(line.find(from), from.size(), to);
    return line;
  };
  CHECK(error_of(with(R"("state":"dead_lettered")", R"("state":"lost")")).find("/state") != std::string::npos);
  CHECK(error_of(with(R"("attempts":3)", R"("attempts":-1)")).find("/attempts") != std::string::npos);
  CHECK(error_of(with(R"("attempts":3)", R"("attempts":"3")")).find("/attempts") != std::string::npos);
  CHECK(error_of(with(R"("status":400)", R"("status":1000)")).find("/status") != std::string::npos);
  CHECK(error_of(with(R"(,"by":"kiosk-b")", "")).find("/by: missing") != std::string::npos);
}

TEST_CASE("outbox replica wire: the join is a total order: final states, then retries, then rank, attempts, time") {
  Delivery pending = SampleDelivery();
  pending.state = DeliveryState::kPending;
  pending.retries = 0;
  Delivery dead = pending;
  dead.state = DeliveryState::kDeadLettered;
  Delivery delivered = pending;
  delivered.state = DeliveryState::kDelivered;
  Delivery dropped = pending;
  dropped.state = DeliveryState::kDropped;
  Delivery retried = pending;
  retried.retries = 1;

  CHECK(JoinPrefers(dead, pending));
  CHECK(JoinPrefers(retried, dead));          // an operator retry beats the dead letter it replaced
  CHECK(JoinPrefers(delivered, retried));     // but never a delivery
  CHECK(JoinPrefers(dropped, delivered));
  Delivery more = pending;
  more.attempts += 1;
  CHECK(JoinPrefers(more, pending));
  Delivery later = pending;
  later.updated_ms += 1;
  CHECK(JoinPrefers(later, pending));
  Delivery other_kiosk = pending;
  other_kiosk.by = "kiosk-c";
  // Rows differing only in a tie-breaking field still order one way.
  CHECK(JoinPrefers(other_kiosk, pending) != JoinPrefers(pending, other_kiosk));
  CHECK_FALSE(JoinPrefers(pending, pending));
  CHECK(&JoinDelivery(pending, dead) == &dead);
  CHECK(&JoinDelivery(dead, pending) == &dead);
}

}  // namespace
}  // namespace evt::outbox
