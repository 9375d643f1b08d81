// Many runs of a flow at once on one runner (FlowRuns), driven by a fake
// runner on a ManualClock: each run steps on from its own callbacks, with
// its own captures, cleanup and whole-flow timeout, whatever the others do.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <random>

#include "common/json_parse.h"
#include "common/process_state.h"
#include "engine/flow/flow_file.h"
#include "engine/flow/flow_runner.h"
#include "engine/flow/flow_runs.h"
#include "tests/unit/fake_probe_runner.h"

namespace evt::probe {
namespace {

using testing::FakeProbeRunner;

constexpr const char* kBuyFlow = R"({"name": "buy", "timeout": "20s",
  "variables": {"base": "http://shop.test"},
  "steps": [
    {"name": "cart", "method": "POST", "url": "{base}/cart/{run}", "capture": {"cart_id": {"json": "/id"}}},
    {"name": "pay", "method": "POST", "url": "{base}/pay/{cart_id}"},
    {"name": "confirm", "url": "{base}/orders/{cart_id}"},
    {"name": "cancel", "method": "DELETE", "url": "{base}/cart/{cart_id}", "always": true}]})";

Flow ReadFlow(std::string text, const std::string& timeout = "20s") {
  if (std::size_t at = text.find("\"20s\""); at != std::string::npos) text.replace(at, 5, "\"" + timeout + "\"");
  Result<Value> doc = ParseJson(text, "buy.json");
  REQUIRE(doc.ok());
  Result<Flow> flow = ParseFlow(*doc, ConfigOrigin{"buy.json", "/tmp"});
  if (!flow.ok()) FAIL(flow.status().message());
  return *flow;
}

// The number after the last "/" of a URL, or after "c-" for a cart id.
std::int64_t TrailingNumber(const std::string& url) {
  std::size_t at = url.find_last_not_of("0123456789");
  return std::stoll(url.substr(at + 1));
}

// The shop: a cart made at /cart/N gets the id "c-N".
void AnswerAsShop(const Check& check, ProbeResult& response) {
  const std::string& url = check.http.url;
  if (check.http.method == "POST" && url.find("/cart/") != std::string::npos)
    response.body = R"({"id": "c-)" + std::to_string(TrailingNumber(url)) + "\"}";
}

struct Fixture {
  Fixture() { ResetProcessStateForTesting(); }
  ~Fixture() { ResetProcessStateForTesting(); }
  ManualClock clock;
  FakeProbeRunner runner{clock, Duration(3'600'000)};
};

// The URLs the runner was sent for run `run` (they end in N or c-N), in
// the order sent.
std::vector<std::string> SentFor(const FakeProbeRunner& runner, std::int64_t run) {
  std::vector<std::string> urls;
  for (const auto& a : runner.attempts)
    if (TrailingNumber(a.subject) == run) urls.push_back(a.subject);
  return urls;
}

std::vector<std::string> Outcomes(const FlowResult& r) {
  std::vector<std::string> out;
  for (const StepResult& s : r.steps) out.push_back(s.name + " " + StepOutcomeName(s.outcome));
  return out;
}

std::uint64_t TestSeed() {
  if (const char* env = std::getenv("EVT_TEST_SEED")) return std::stoull(env);
  return std::random_device{}();
}

TEST_CASE("flow runs: 50 interleaved runs on one runner each run every step in order, with their own captures") {
  Fixture f;
  const std::uint64_t seed = TestSeed();
  std::cout << "flow_runs_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937_64 random(seed);
  std::map<std::string, Duration> lasts;  // per URL, so runs drift apart
  f.runner.takes_for = [&](const Check& check) {
    auto [it, fresh] = lasts.try_emplace(check.http.url, Duration(1 + random() % 40));
    return it->second;
  };
  f.runner.answer = AnswerAsShop;
  Flow flow = ReadFlow(kBuyFlow);

  FlowRuns runs(f.runner, f.clock);
  std::map<std::int64_t, FlowResult> results;
  std::map<std::int64_t, std::vector<std::string>> seen;  // the steps each run's hook saw
  std::int64_t started = 0;
  std::size_t most_in_flight = 0;
  while (started < 50 || runs.active() > 0) {
    // A new buyer every 3 ms, started between the runner's polls.
    if (started < 50 && f.runner.NowMs() >= started * 3) {
      ++started;
      runs.Start(
          flow, "checkout", started, [&results](FlowResult r) { results.emplace(r.run, std::move(r)); },
          [&seen](const FlowResult& run, const StepResult& step) {
            REQUIRE(&run.steps.back() == &step);
            seen[run.run].push_back(step.name);
          });
    }
    most_in_flight = std::max(most_in_flight, runs.active());
    f.runner.Poll(Duration(1));
  }

  REQUIRE(results.size() == 50);
  CHECK(most_in_flight > 10);
  for (const auto& [run, r] : results) {
    INFO("run " << run);
    CHECK(r.ok);
    CHECK(r.target == "checkout");
    CHECK(Outcomes(r) == std::vector<std::string>{"cart ok", "pay ok", "confirm ok", "cancel ok"});
    CHECK(seen[run] == std::vector<std::string>{"cart", "pay", "confirm", "cancel"});
    const std::string cart = "c-" + std::to_string(run);
    CHECK(SentFor(f.runner, run) == std::vector<std::string>{"http://shop.test/cart/" + std::to_string(run),
                                                             "http://shop.test/pay/" + cart,
                                                             "http://shop.test/orders/" + cart,
                                                             "http://shop.test/cart/" + cart});
    // Each step starts when the one before it ends, not when the others do.
    const std::int64_t sum = lasts["http://shop.test/cart/" + std::to_string(run)].count() +
                             lasts["http://shop.test/pay/" + cart].count() +
                             lasts["http://shop.test/orders/" + cart].count() +
                             lasts["http://shop.test/cart/" + cart].count();
    CHECK(r.total_ms == Approx(static_cast<double>(sum)));
  }
  // The attempts of different runs did interleave on the runner.
  std::size_t switches = 0;
  for (std::size_t i = 1; i < f.runner.attempts.size(); ++i)
    switches += TrailingNumber(f.runner.attempts[i].subject) != TrailingNumber(f.runner.attempts[i - 1].subject);
  CHECK(switches > 100);
}

TEST_CASE("flow runs: a failing step runs only its own run's cleanup, the other runs go on untouched") {
  Fixture f;
  f.runner.answer = [](const Check& check, ProbeResult& response) {
    AnswerAsShop(check, response);
    if (check.http.url == "http://shop.test/pay/c-3" || check.http.url == "http://shop.test/pay/c-7") {
      response.ok = false;
      response.status = 502;
      response.error = "expected status 2xx, got 502";
    }
  };
  Flow flow = ReadFlow(kBuyFlow);
  FlowRuns runs(f.runner, f.clock);
  std::map<std::int64_t, FlowResult> results;
  for (std::int64_t run = 1; run <= 10; ++run)
    runs.Start(flow, "", run, [&results](FlowResult r) { results.emplace(r.run, std::move(r)); });
  while (runs.active() > 0) f.runner.Poll(Duration(50));

  REQUIRE(results.size() == 10);
  for (const auto& [run, r] : results) {
    INFO("run " << run);
    const std::string cart = "c-" + std::to_string(run);
    if (run == 3 || run == 7) {
      CHECK_FALSE(r.ok);
      CHECK(r.failed_step == "pay");
      CHECK(r.error == "expected status 2xx, got 502");
      CHECK(Outcomes(r) == std::vector<std::string>{"cart ok", "pay failed", "confirm skipped", "cancel ok"});
      CHECK(SentFor(f.runner, run) == std::vector<std::string>{"http://shop.test/cart/" + std::to_string(run),
                                                               "http://shop.test/pay/" + cart,
                                                               "http://shop.test/cart/" + cart});
    } else {
      CHECK(r.ok);
      CHECK(r.target == "buy");
      CHECK(Outcomes(r) == std::vector<std::string>{"cart ok", "pay ok", "confirm ok", "cancel ok"});
      CHECK(SentFor(f.runner, run).size() == 4);
    }
  }
}

TEST_CASE("flow runs: the whole-flow timeout counts from each run's own start, and cleanup still runs") {
  Fixture f;
  // Run 2's payment hangs; run 3 starts later and is slow, but within its
  // own second.
  f.runner.takes_for = [](const Check& check) {
    if (check.http.url == "http://shop.test/pay/c-2") return Duration(5000);
    if (check.http.url.ends_with("c-3")) return Duration(250);
    return Duration(10);
  };
  f.runner.answer = AnswerAsShop;
  Flow flow = ReadFlow(kBuyFlow, "1s");
  FlowRuns runs(f.runner, f.clock);
  std::map<std::int64_t, FlowResult> results;
  auto keep = [&results](FlowResult r) { results.emplace(r.run, std::move(r)); };
  runs.Start(flow, "", 1, keep);
  runs.Start(flow, "", 2, keep);
  while (f.runner.NowMs() < 600) f.runner.Poll(Duration(600 - f.runner.NowMs()));
  runs.Start(flow, "", 3, keep);
  while (runs.active() > 0) f.runner.Poll(Duration(50));

  REQUIRE(results.size() == 3);
  CHECK(results[1].ok);
  CHECK_FALSE(results[1].timed_out);

  const FlowResult& hung = results[2];
  CHECK_FALSE(hung.ok);
  CHECK(hung.timed_out);
  CHECK(hung.failed_step == "pay");
  // The cart took 10 ms, so the payment had the 990 ms left of the flow.
  CHECK(hung.error == "flow timeout after 1000 ms (timeout after 990 ms)");
  CHECK(Outcomes(hung) == std::vector<std::string>{"cart ok", "pay failed", "confirm skipped", "cancel ok"});
  CHECK(hung.total_ms == Approx(1010));  // the cleanup is not bounded by the flow's timeout

  // Started at 600 ms, 10 + 3 x 250 ms: its confirm step ends past the
  // first runs' deadline, within its own.
  const FlowResult& late = results[3];
  CHECK(late.ok);
  CHECK_FALSE(late.timed_out);
  CHECK(late.total_ms == Approx(760));
}

TEST_CASE("flow runs: a stop before a run starts fails it without a request, and done runs inside Start") {
  Fixture f;
  Flow flow = ReadFlow(kBuyFlow);
  FlowRuns runs(f.runner, f.clock);
  RequestStop(SIGTERM);
  std::optional<FlowResult> result;
  runs.Start(flow, "", 1, [&result](FlowResult r) { result = std::move(r); });
  REQUIRE(result);
  CHECK(runs.active() == 0);
  CHECK(f.runner.attempts.empty());
  CHECK(result->error == "stopped by a signal before this step");
  CHECK(Outcomes(*result) == std::vector<std::string>{"cart failed", "pay skipped", "confirm skipped",
                                                      "cancel skipped"});
  CHECK(result->steps[3].error == "needs {cart_id}, which no step of this run captured");
}

TEST_CASE("flow runs: runs still in flight when their FlowRuns goes call nothing back") {
  Fixture f;
  f.runner.answer = AnswerAsShop;
  Flow flow = ReadFlow(kBuyFlow);
  int done = 0;
  {
    FlowRuns runs(f.runner, f.clock);
    for (std::int64_t run = 1; run <= 3; ++run) runs.Start(flow, "", run, [&done](FlowResult) { ++done; });
    CHECK(runs.active() == 3);
  }
  f.runner.Poll(Duration(50));
  CHECK(done == 0);
  CHECK(f.runner.attempts.size() == 3);  // the first steps only
}

TEST_CASE("flow runs: RunFlowOnce is one run polled to its end") {
  Fixture f;
  f.runner.answer = AnswerAsShop;
  Flow flow = ReadFlow(kBuyFlow);
  FlowResult r = RunFlowOnce(flow, "checkout", 4, f.runner, f.clock);
  CHECK(r.ok);
  CHECK(r.run == 4);
  CHECK(r.total_ms == Approx(40));
  CHECK(SentFor(f.runner, 4) == std::vector<std::string>{"http://shop.test/cart/4", "http://shop.test/pay/c-4",
                                                         "http://shop.test/orders/c-4", "http://shop.test/cart/c-4"});
  // A record carries neither the response body nor its headers.
  REQUIRE(r.steps[0].probe);
  CHECK(r.steps[0].probe->body.empty());
}

}  // namespace
}  // namespace evt::probe
