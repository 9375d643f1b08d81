#include "tools/outbox/delivery_pass.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>

namespace evt::outbox {
namespace {

constexpr std::int64_t kT0 = 1796500000000;  // 2026-12-05

// The store's rows as the pass moves them, in memory.
class FakeLedger final : public DeliveryLedger {
 public:
  void Add(const std::string& id, std::int64_t captured_ms, const std::string& origin = "kiosk-a",
           std::string line = "") {
    if (line.empty()) line = R"({"kind":"order","v":1,"id":")" + id + R"(","total":100})";
    rows_[id] = {OutboxRecord{id, "orders", origin, captured_ms, line}, Delivery{}};
    rows_[id].delivery.id = id;
    rows_[id].delivery.destination = "shop";
  }
  Result<std::vector<DueDelivery>> Due(const std::string&, TimePoint now, std::size_t limit) override {
    std::vector<DueDelivery> due;
    for (auto& [id, d] : rows_) {
      if (d.delivery.state == DeliveryState::kPending && d.delivery.next_attempt_ms <= now.time_since_epoch().count()) due.push_back(d);
    }
    std::sort(due.begin(), due.end(), [](const DueDelivery& a, const DueDelivery& b) { return a.record.captured_ms < b.record.captured_ms; });
    if (due.size() > limit) due.resize(limit);
    return due;
  }
  Result<bool> MarkDelivered(const std::string& id, const std::string&, TimePoint now, int status,
                             const std::string& kiosk) override {
    return Move(id, DeliveryState::kDelivered, now, now, status, "", kiosk);
  }
  Result<bool> MarkRetry(const std::string& id, const std::string&, TimePoint now, TimePoint next, int status,
                         const std::string& error, const std::string& kiosk) override {
    return Move(id, DeliveryState::kPending, now, next, status, error, kiosk);
  }
  Result<bool> MarkDeadLettered(const std::string& id, const std::string&, TimePoint now, int status,
                                const std::string& text, const std::string& kiosk) override {
    return Move(id, DeliveryState::kDeadLettered, now, now, status, text, kiosk);
  }
  Result<std::optional<TimePoint>> PeerLastSeen(const std::string& kiosk) override {
    auto it = seen_.find(kiosk);
    if (it == seen_.end()) return std::optional<TimePoint>();
    return std::optional<TimePoint>(it->second);
  }
  const Delivery& Row(const std::string& id) { return rows_.at(id).delivery; }
  std::map<std::string, TimePoint> seen_;

 private:
  Result<bool> Move(const std::string& id, DeliveryState state, TimePoint now, TimePoint next, int status,
                    const std::string& error, const std::string& kiosk) {
    Delivery& d = rows_.at(id).delivery;
    if (d.state == DeliveryState::kDelivered || d.state == DeliveryState::kDropped) return false;
    d.state = state;
    ++d.attempts;
    d.next_attempt_ms = next.time_since_epoch().count();
    d.last_status = status;
    d.last_error = error;
    d.updated_ms = now.time_since_epoch().count();
    d.by = kiosk;
    return true;
  }
  std::map<std::string, DueDelivery> rows_;
};

struct Sent {
  HttpPost post;
  TimePoint at;
  std::string token;
};

// The shop: answers by a script, keeps what was posted and when.
class FakeTransport final : public HttpTransport {
 public:
  explicit FakeTransport(const Clock& clock) : clock_(clock) {}
  std::function<HttpReply(const HttpPost&)> answer = [](const HttpPost&) { return HttpReply{201, "{}", "", "", Duration(3)}; };
  HttpReply Post(const HttpPost& post) override {
    sent.push_back({post, clock_.Now(), post.token ? post.token->bytes() : ""});
    return answer(post);
  }
  std::vector<Sent> sent;

 private:
  const Clock& clock_;
};

struct Harness {
  ManualClock clock{TimePoint(Duration(kT0))};
  FakeLedger ledger;
  FakeTransport transport{clock};
  Secret token{"t0ken", "file shop.token"};
  std::vector<Value> records;
  HttpDestination dest;
  GateVerdict gate{true, ""};

  Harness() {
    dest.name = "shop";
    dest.url = "http://127.0.0.1:9/orders";
    dest.rate_per_s = 10;
    dest.ramp = {0.5, Duration(1000), 0.05};
    dest.retry = {Duration(1000), Duration(60000)};
  }
  SenderEnv Env(std::uint64_t seed = 1) {
    SenderEnv env;
    env.kiosk = "kiosk-a";
    env.takeover_after = Duration(120000);
    env.clock = &clock;
    env.transport = &transport;
    env.token = &token;
    env.gate = [this](TimePoint) { return gate; };
    env.emit = [this](const Value& r) {
      records.push_back(r);
      return Status::Ok();
    };
    env.sleep = [this](Duration d) { clock.Advance(d); };
    env.seed = seed;
    return env;
  }
  std::vector<Value> Events(std::string_view event) const {
    std::vector<Value> out;
    for (const Value& r : records) {
      if (r.find("event")->as_string() == event) out.push_back(r);
    }
    return out;
  }
};

TEST_CASE("delivery_pass: posts each due record once, oldest first, with its id as Idempotency-Key and the token") {
  Harness h;
  h.ledger.Add("o-2", kT0 - 1000);
  h.ledger.Add("o-1", kT0 - 2000);
  DestinationSender sender(h.dest, h.Env());
  auto report = sender.RunPass(h.ledger);
  REQUIRE(report.ok());
  CHECK(report->delivered == 2);
  REQUIRE(h.transport.sent.size() == 2);
  CHECK(h.transport.sent[0].post.idempotency_key == "o-1");
  CHECK(h.transport.sent[1].post.idempotency_key == "o-2");
  CHECK(h.transport.sent[0].token == "t0ken");
  CHECK(h.transport.sent[0].post.body == R"({"kind":"order","v":1,"id":"o-1","total":100})");
  CHECK(h.ledger.Row("o-1").state == DeliveryState::kDelivered);
  CHECK(h.ledger.Row("o-1").by == "kiosk-a");
  REQUIRE(h.Events("delivered").size() == 2);
  Value r = h.Events("delivered")[0];
  CHECK(r.find("kind")->as_string() == "outbox.delivery");
  CHECK(r.find("status")->as_int() == 201);
  CHECK(r.find("attempt")->as_int() == 1);
  CHECK(r.find("latency_ms")->as_int() == 3);
  CHECK(r.find("rate_per_s")->as_double() == Approx(5));
  // A second pass finds nothing due and sends nothing.
  REQUIRE(sender.RunPass(h.ledger).ok());
  CHECK(h.transport.sent.size() == 2);
}

TEST_CASE("delivery_pass: a 5xx or a lost connection is retried after a jittered backoff, never at once") {
  Harness h;
  h.ledger.Add("o-1", kT0);
  h.transport.answer = [](const HttpPost&) { return HttpReply{0, "", "", "Connection refused", Duration(1)}; };
  DestinationSender sender(h.dest, h.Env());
  auto report = sender.RunPass(h.ledger);
  REQUIRE(report.ok());
  CHECK(report->retried == 1);
  const Delivery& row = h.ledger.Row("o-1");
  CHECK(row.state == DeliveryState::kPending);
  CHECK(row.attempts == 1);
  CHECK(row.next_attempt_ms >= kT0);
  CHECK(row.next_attempt_ms <= kT0 + 1000);
  CHECK(row.last_error == "Connection refused");
  CHECK(h.transport.sent.size() == 1);  // tried once a pass
  h.transport.answer = [](const HttpPost&) { return HttpReply{503, "busy", "", "", Duration(1)}; };
  h.clock.Advance(Duration(1000));
  REQUIRE(sender.RunPass(h.ledger).ok());
  CHECK(h.ledger.Row("o-1").attempts == 2);
  CHECK(h.ledger.Row("o-1").last_error == "HTTP 503");
  CHECK(h.ledger.Row("o-1").next_attempt_ms <= h.clock.Now().time_since_epoch().count() + 2000);
}

TEST_CASE("delivery_pass: 429 with Retry-After: no request to the shop before it, then the order goes") {
  Harness h;
  h.ledger.Add("o-1", kT0 - 2);
  h.ledger.Add("o-2", kT0 - 1);
  int calls = 0;
  h.transport.answer = [&](const HttpPost&) {
    return ++calls == 1 ? HttpReply{429, "slow down", "5", "", Duration(1)} : HttpReply{201, "{}", "", "", Duration(1)};
  };
  DestinationSender sender(h.dest, h.Env());
  auto first = sender.RunPass(h.ledger);
  REQUIRE(first.ok());
  CHECK(first->cut_short);
  CHECK(h.transport.sent.size() == 1);  // o-2 waits too: the shop asked for a pause
  CHECK(h.ledger.Row("o-1").next_attempt_ms >= kT0 + 5000);
  CHECK(h.Events("retry")[0].find("retry_after_ms")->as_int() == 5000);
  // o-2 is due at once, but the sender waits out the shop's pause first;
  // by then o-1 is due again, and both go.
  REQUIRE(sender.RunPass(h.ledger).ok());
  REQUIRE(h.transport.sent.size() == 3);
  CHECK(h.transport.sent[1].post.idempotency_key == "o-2");
  CHECK(h.transport.sent[1].at >= TimePoint(Duration(kT0 + 5000)));
  CHECK(h.transport.sent[2].post.idempotency_key == "o-1");
  CHECK(h.ledger.Row("o-1").state == DeliveryState::kDelivered);
  CHECK(h.ledger.Row("o-2").state == DeliveryState::kDelivered);
}

TEST_CASE("delivery_pass: another 4xx dead-letters the record with the shop's response") {
  Harness h;
  h.ledger.Add("o-1", kT0 - 1);
  h.ledger.Add("o-2", kT0);
  h.transport.answer = [](const HttpPost& p) {
    if (p.idempotency_key == "o-1") return HttpReply{400, R"({"error":"unknown sku"})", "", "", Duration(1)};
    return HttpReply{201, "{}", "", "", Duration(1)};
  };
  DestinationSender sender(h.dest, h.Env());
  auto report = sender.RunPass(h.ledger);
  REQUIRE(report.ok());
  CHECK(report->dead_lettered == 1);
  CHECK(report->delivered == 1);
  CHECK(h.ledger.Row("o-1").state == DeliveryState::kDeadLettered);
  CHECK(h.ledger.Row("o-1").last_status == 400);
  CHECK(h.ledger.Row("o-1").last_error == R"({"error":"unknown sku"})");
  CHECK(h.Events("dead_letter")[0].find("response")->as_string() == R"({"error":"unknown sku"})");
}

TEST_CASE("delivery_pass: a refused token stops the destination with a config error, the order left pending") {
  Harness h;
  h.ledger.Add("o-1", kT0);
  h.ledger.Add("o-2", kT0 + 1);
  h.transport.answer = [](const HttpPost&) { return HttpReply{401, "bad token", "", "", Duration(1)}; };
  DestinationSender sender(h.dest, h.Env());
  auto report = sender.RunPass(h.ledger);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == ExitCode::kConfig);
  CHECK(report.status().message() ==
        "destination shop: the API refused the credentials (HTTP 401) with <secret from file shop.token>; "
        "nothing was marked, o-1 stays pending");
  CHECK(h.transport.sent.size() == 1);
  CHECK(h.ledger.Row("o-1").state == DeliveryState::kPending);
  CHECK(h.ledger.Row("o-1").attempts == 0);
}

TEST_CASE("delivery_pass: a failure burst ends the pass instead of pushing every order back") {
  Harness h;
  for (int i = 0; i < 10; ++i) h.ledger.Add("o-" + std::to_string(i), kT0 + i);
  h.transport.answer = [](const HttpPost&) { return HttpReply{0, "", "", "Connection refused", Duration(1)}; };
  DestinationSender sender(h.dest, h.Env());
  auto report = sender.RunPass(h.ledger);
  REQUIRE(report.ok());
  CHECK(report->cut_short);
  CHECK(h.transport.sent.size() == static_cast<std::size_t>(kFailureBurst));
  CHECK(h.ledger.Row("o-9").attempts == 0);
}

TEST_CASE("delivery_pass: another kiosk's order waits for takeover_after unless the shop honours keys") {
  Harness h;
  h.ledger.Add("b-1", kT0 - 1000, "kiosk-b");
  h.ledger.seen_["kiosk-b"] = TimePoint(Duration(kT0 - 60000));
  {
    DestinationSender sender(h.dest, h.Env());
    auto report = sender.RunPass(h.ledger);
    REQUIRE(report.ok());
    CHECK(report->awaiting_origin == 1);
    CHECK(h.transport.sent.empty());
    h.clock.Advance(Duration(60000));  // silent for 2 minutes now
    REQUIRE(sender.RunPass(h.ledger).ok());
    CHECK(h.transport.sent.size() == 1);
    CHECK(h.ledger.Row("b-1").by == "kiosk-a");
  }
  Harness k;
  k.dest.idempotency = true;
  k.ledger.Add("b-1", kT0, "kiosk-b");
  k.ledger.seen_["kiosk-b"] = TimePoint(Duration(kT0));
  DestinationSender sender(k.dest, k.Env());
  REQUIRE(sender.RunPass(k.ledger).ok());
  CHECK(k.transport.sent.size() == 1);
  // Never heard from: silent since the record was captured.
  Harness n;
  n.ledger.Add("c-1", kT0 - 120000, "kiosk-c");
  n.ledger.Add("c-2", kT0 - 1000, "kiosk-c");
  DestinationSender fresh(n.dest, n.Env());
  auto report = fresh.RunPass(n.ledger);
  REQUIRE(report.ok());
  CHECK(report->delivered == 1);
  CHECK(report->awaiting_origin == 1);
}

TEST_CASE("delivery_pass: a closed gate sends nothing and says why once, and reopening restarts the ramp") {
  Harness h;
  h.ledger.Add("o-1", kT0);
  h.gate = {false, "no path of when.active is active (active: mesh)"};
  DestinationSender sender(h.dest, h.Env());
  REQUIRE(sender.RunPass(h.ledger)->gated);
  REQUIRE(sender.RunPass(h.ledger)->gated);
  CHECK(h.transport.sent.empty());
  REQUIRE(h.Events("gated").size() == 1);
  CHECK(h.Events("gated")[0].find("reason")->as_string() == "no path of when.active is active (active: mesh)");
  h.gate = {true, ""};
  REQUIRE(sender.RunPass(h.ledger)->delivered == 1);
  // Ramped up to the cap by a drain, then the gate closes and reopens:
  // the first send after it is back at the start.
  for (int i = 0; i < 30; ++i) h.ledger.Add("r-" + std::to_string(i), kT0 + 10 + i);
  REQUIRE(sender.RunPass(h.ledger)->delivered == 30);
  CHECK(h.Events("delivered").back().find("rate_per_s")->as_double() == Approx(10));
  h.gate = {false, "site hold: lunch"};
  REQUIRE(sender.RunPass(h.ledger)->gated);
  h.gate = {true, ""};
  h.ledger.Add("after", kT0 + 100);
  REQUIRE(sender.RunPass(h.ledger)->delivered == 1);
  CHECK(h.Events("delivered").back().find("rate_per_s")->as_double() == Approx(5));
}

TEST_CASE("delivery_pass: the ramp shows in the records: the rate rises interval by interval while sends succeed") {
  Harness h;
  for (int i = 0; i < 60; ++i) h.ledger.Add("o-" + std::to_string(100 + i), kT0 + i);
  h.dest.ramp = {0.2, Duration(1000), 0.05};
  h.dest.rate_per_s = 20;
  DestinationSender sender(h.dest, h.Env());
  REQUIRE(sender.RunPass(h.ledger)->delivered == 60);
  std::vector<double> rates;
  for (const Value& r : h.Events("delivered")) rates.push_back(r.find("rate_per_s")->as_double());
  CHECK(rates.front() == Approx(4));
  CHECK(rates.back() == Approx(20));
  CHECK(std::is_sorted(rates.begin(), rates.end()));
  // The sends were paced: 60 sends starting at 4/s take several seconds.
  CHECK(h.clock.Now() - TimePoint(Duration(kT0)) >= Duration(3000));
}

TEST_CASE("delivery_pass: a record the template cannot fill is dead-lettered naming the template line") {
  Harness h;
  h.dest.body = *BodyTemplate::Parse("{\n\"ref\": {{customer.ref}}\n}", "shop-order.json");
  h.ledger.Add("o-1", kT0);
  DestinationSender sender(h.dest, h.Env());
  REQUIRE(sender.RunPass(h.ledger)->dead_lettered == 1);
  CHECK(h.transport.sent.empty());
  CHECK(h.ledger.Row("o-1").last_error == "shop-order.json:2: {{customer.ref}}: the record has no field customer.ref");
}

// The shop as doc/design.md §15.3 has it: commits a key once, and sometimes fails
// before or after committing (the ambiguous failure).
TEST_CASE("delivery_pass: through random failures every order is committed once, none lost (seeded)") {
  std::uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("EVT_TEST_SEED")) seed = std::strtoull(s, nullptr, 10);
  std::cout << "delivery_pass random failures: EVT_TEST_SEED=" << seed << "\n";
  INFO("EVT_TEST_SEED=" << seed);
  std::mt19937_64 rng(seed);
  Harness h;
  const int kOrders = 40;
  for (int i = 0; i < kOrders; ++i) h.ledger.Add("o-" + std::to_string(i), kT0 + i);
  std::set<std::string> committed;
  int posts_after_delivery = 0;
  h.transport.answer = [&](const HttpPost& p) {
    if (h.ledger.Row(p.idempotency_key).state == DeliveryState::kDelivered) ++posts_after_delivery;
    int roll = static_cast<int>(rng() % 10);
    if (roll == 0) return HttpReply{0, "", "", "Connection refused", Duration(1)};
    if (roll == 1) return HttpReply{503, "", "", "", Duration(1)};
    if (roll == 2) return HttpReply{429, "", "1", "", Duration(1)};
    bool first = committed.insert(p.idempotency_key).second;
    if (first && roll == 3) return HttpReply{0, "", "", "Empty reply from server", Duration(1)};  // committed, answer lost
    return HttpReply{first ? 201L : 200L, "{}", "", "", Duration(1)};
  };
  DestinationSender sender(h.dest, h.Env(seed));
  for (int pass = 0; pass < 400; ++pass) {
    REQUIRE(sender.RunPass(h.ledger).ok());
    h.clock.Advance(Duration(2000));
  }
  for (int i = 0; i < kOrders; ++i) {
    std::string id = "o-" + std::to_string(i);
    INFO(id);
    CHECK(h.ledger.Row(id).state == DeliveryState::kDelivered);
    CHECK(committed.count(id) == 1);
  }
  CHECK(posts_after_delivery == 0);
}

}  // namespace
}  // namespace evt::outbox
