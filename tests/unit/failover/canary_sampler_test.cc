#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/http_server.h"
#include "common/json_parse.h"
#include "common/process_state.h"
#include "engine/probe/probe_engine.h"
#include "tests/unit/fake_probe_runner.h"
#include "tools/failover/canary_sampler.h"

using namespace evt;
using namespace evt::failover;

namespace {

Result<CanarySampleSpec> ReadSamples(const std::string& json) {
  Result<Value> value = ParseJson(json, "test");
  REQUIRE(value.ok());
  Result<ConfigObject> samples =
      ConfigObject::FromValue(*value, "/failover/canary/samples", ConfigOrigin{"event.json", "."});
  REQUIRE(samples.ok());
  return ReadCanarySampleSpec(*samples);
}

probe::ConfigTarget HttpTarget(std::string name, std::string url) {
  probe::ConfigTarget target;
  target.name = name;
  target.check = "http";
  probe::ScheduledTarget scheduled;
  scheduled.check.target = std::move(name);
  scheduled.check.type = probe::CheckType::kHttp;
  scheduled.check.http.url = std::move(url);
  target.probes.push_back(std::move(scheduled));
  return target;
}

probe::ConfigTarget TcpTarget(std::string name) {
  probe::ConfigTarget target;
  target.name = std::move(name);
  target.check = "tcp";
  return target;
}

RouteMember SideMember(std::string name, std::vector<std::string> targets) {
  RouteMember member;
  member.name = std::move(name);
  member.targets = std::move(targets);
  return member;
}

CanaryJudgeSpec LatencyAndErrors() {
  CanaryJudgeSpec judge;
  judge.metrics.push_back(CanaryMetricSpec{"latency", CanaryMetricKind::kLatency});
  judge.metrics.push_back(CanaryMetricSpec{"errors", CanaryMetricKind::kErrorRatio});
  return judge;
}

// A driver whose proxy keeps no counters (as nginx's), named as nginx's is.
class NoCountersDriver final : public SteeringDriver {
 public:
  std::string Name() const override { return "nginx:/etc/nginx/evt.conf"; }
  Result<BackendState> Read(const std::string&) override { return BackendState{}; }
  Result<BackendState> ApplyWeights(const std::string&, const std::vector<MemberWeight>&) override {
    return BackendState{};
  }
  Result<BackendState> SetAdmin(const std::string&, const std::string&, AdminState) override { return BackendState{}; }
  Result<std::string> EnterReduced(const std::vector<ClassLimit>&) override { return std::string(); }
  Status LeaveReduced(const std::string&) override { return Status::Ok(); }
};

// Counters that grow by `step` at every read.
// The backends read are noted in `backends`, which outlives the counters
// (the sampler makes them afresh for each step).
class GrowingCounters final : public ServerCounters {
 public:
  GrowingCounters(BackendCounts step, std::vector<std::string>* backends) : step_(std::move(step)), backends_(backends) {}
  std::string Name() const override { return "growing"; }
  Result<BackendCounts> ReadServerCounters(const std::string& backend) override {
    backends_->push_back(backend);
    for (const auto& [server, count] : step_) {
      now_[server].requests += count.requests;
      now_[server].server_errors += count.server_errors;
    }
    return now_;
  }

 private:
  BackendCounts step_;
  std::vector<std::string>* backends_;
  BackendCounts now_;
};

// A port nothing listens on: bound by us, then closed.
int RefusingPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::unique_ptr<HttpServer> Serve(HttpHandler handler) {
  auto server = HttpServer::Start(HttpServerOptions{}, std::move(handler));
  REQUIRE(server.ok());
  return std::move(server).value();
}

HttpResponse Answer(int status) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain";
  response.body = "ok";
  return response;
}

std::string Url(const HttpServer& server) { return "http://" + server.address() + "/healthz"; }

struct RealSampler {
  RealSampler(const CanarySampleSpec& spec, std::vector<probe::ConfigTarget> targets,
              std::function<std::unique_ptr<ServerCounters>(SteeringDriver&)> counters = nullptr) {
    CanarySamplerSeams seams;
    seams.clock = &clock;
    seams.runner = std::make_unique<probe::ProbeEngine>(clock, 64);
    seams.counters = std::move(counters);
    seams.note = [this](std::string_view text) { notes.emplace_back(text); };
    auto made = MakeCanarySamplerWith(spec, LatencyAndErrors(), targets, std::move(seams));
    REQUIRE(made.ok());
    sampler = std::move(made).value();
  }
  Result<CanaryStepSamples> Collect(const RouteMember& baseline, const RouteMember& canary, Duration window) {
    return sampler->Collect(CanarySide{&baseline}, CanarySide{&canary}, "reads", driver, window);
  }
  SystemClock clock;
  NoCountersDriver driver;
  std::unique_ptr<CanarySampler> sampler;
  std::vector<std::string> notes;
};

double Elapsed(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

TEST_CASE("canary sampler: samples read strictly, with a rate such as \"50/s\"") {
  Result<CanarySampleSpec> all =
      ReadSamples(R"({"requests": 200, "rate": "100/s", "timeout": "1s", "error_status": 502, "real_traffic": false})");
  REQUIRE(all.ok());
  CHECK(all->requests == 200);
  CHECK(all->rate_per_second == 100);
  CHECK(all->timeout == Duration(1000));
  CHECK(all->error_status == 502);
  CHECK_FALSE(all->real_traffic);

  Result<CanarySampleSpec> defaults = ReadSamples("{}");
  REQUIRE(defaults.ok());
  CHECK(defaults->requests == 50);
  CHECK(defaults->rate_per_second == 50);
  CHECK(defaults->real_traffic);

  Result<CanarySampleSpec> quiet = ReadSamples(R"({"requests": 0})");
  REQUIRE(quiet.ok());
  CHECK(quiet->requests == 0);

  const std::pair<std::string, std::string> refused[] = {
      {R"({"requests": -1})", "/failover/canary/samples/requests: expected 0 to 100000"},
      {R"({"rate": "fast"})", "/failover/canary/samples/rate: expected a rate such as"},
      {R"({"rate": 50})", "/failover/canary/samples/rate"},
      {R"({"timeout": "0s"})", "/failover/canary/samples/timeout: expected a duration above 0"},
      {R"({"error_status": 700})", "/failover/canary/samples/error_status: expected an HTTP status"},
      {R"({"real_trafic": true})", "/failover/canary/samples/real_trafic: unknown key"},
  };
  for (const auto& [json, message] : refused) {
    Result<CanarySampleSpec> spec = ReadSamples(json);
    INFO(json);
    REQUIRE_FALSE(spec.ok());
    CHECK(spec.status().code() == ExitCode::kConfig);
    CHECK_THAT(spec.status().message(), Catch::Contains(message));
  }
}

TEST_CASE("canary sampler: each side's latency and errors are counted from its own server") {
  std::atomic<int> canary_calls{0};
  auto baseline = Serve([](const HttpRequest&) { return Answer(200); });
  auto canary = Serve([&canary_calls](const HttpRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    // Every fourth request fails; one in eight is a 404, below error_status.
    const int n = canary_calls++;
    return Answer(n % 4 == 3 ? 503 : n % 8 == 1 ? 404 : 200);
  });
  CanarySampleSpec spec;
  spec.requests = 16;
  spec.rate_per_second = 400;
  RealSampler sampler(spec, {HttpTarget("v1-health", Url(*baseline)), HttpTarget("v2-health", Url(*canary))});
  const RouteMember v1 = SideMember("v1", {"v1-health"});
  const RouteMember v2 = SideMember("v2", {"v2-health"});
  Result<CanaryStepSamples> samples = sampler.Collect(v1, v2, Duration(0));
  REQUIRE(samples.ok());
  REQUIRE(samples->baseline.size() == 2);
  REQUIRE(samples->canary.size() == 2);
  CHECK(canary_calls == 16);

  const CanaryMetricSamples& base_latency = samples->baseline[0];
  const CanaryMetricSamples& canary_latency = samples->canary[0];
  CHECK(base_latency.latency_ms.size() == 16);
  REQUIRE(canary_latency.latency_ms.size() == 16);
  for (double ms : canary_latency.latency_ms) CHECK(ms >= 29.0);
  double base_max = 0;
  for (double ms : base_latency.latency_ms) base_max = std::max(base_max, ms);
  CHECK(base_max < 29.0);

  CHECK(samples->baseline[1].requests == 16);
  CHECK(samples->baseline[1].errors == 0);
  CHECK(samples->canary[1].requests == 16);
  CHECK(samples->canary[1].errors == 4);  // the 503s; the 404s are below error_status
  CHECK(samples->canary[1].latency_ms.empty());  // latency samples go to latency metrics only
  CHECK(sampler.notes == std::vector<std::string>{"real traffic not counted: nginx:/etc/nginx/evt.conf keeps no per-server counters"});
}

TEST_CASE("canary sampler: a refused port and a timeout are errors and give no latency sample") {
  auto slow = Serve([](const HttpRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    return Answer(200);
  });
  CanarySampleSpec spec;
  spec.requests = 3;
  spec.rate_per_second = 100;
  spec.timeout = Duration(100);
  spec.real_traffic = false;
  const std::string refused = "http://127.0.0.1:" + std::to_string(RefusingPort()) + "/healthz";
  RealSampler sampler(spec, {HttpTarget("gone", refused), HttpTarget("slow", Url(*slow))});
  Result<CanaryStepSamples> samples = sampler.Collect(SideMember("v1", {"gone"}), SideMember("v2", {"slow"}), Duration(0));
  REQUIRE(samples.ok());
  CHECK(samples->baseline[1].requests == 3);
  CHECK(samples->baseline[1].errors == 3);
  CHECK(samples->baseline[0].latency_ms.empty());
  CHECK(samples->canary[1].requests == 3);
  CHECK(samples->canary[1].errors == 3);
  CHECK(samples->canary[0].latency_ms.empty());
  CHECK(sampler.notes.empty());  // real traffic was not asked for
}

TEST_CASE("canary sampler: requests are paced at the rate, and a step lasts its window") {
  std::atomic<int> calls{0};
  auto server = Serve([&calls](const HttpRequest&) {
    ++calls;
    return Answer(200);
  });
  CanarySampleSpec spec;
  spec.requests = 6;
  spec.rate_per_second = 20;  // request k of each side at k × 50 ms
  spec.real_traffic = false;
  RealSampler sampler(spec, {HttpTarget("a", Url(*server)), HttpTarget("b", Url(*server))});
  const RouteMember v1 = SideMember("v1", {"a"});
  const RouteMember v2 = SideMember("v2", {"b"});
  auto started = std::chrono::steady_clock::now();
  REQUIRE(sampler.Collect(v1, v2, Duration(0)).ok());
  const double paced = Elapsed(started);
  CHECK(calls == 12);
  CHECK(paced >= 245.0);  // the sixth pair is due at 250 ms
  CHECK(paced < 2000.0);

  started = std::chrono::steady_clock::now();
  REQUIRE(sampler.Collect(v1, v2, Duration(600)).ok());
  const double windowed = Elapsed(started);
  CHECK(windowed >= 595.0);
  CHECK(windowed < 2500.0);
}

TEST_CASE("canary sampler: the two sides are interleaved, open loop, the first of each pair alternating") {
  ManualClock clock;
  auto fake = std::make_unique<probe::testing::FakeProbeRunner>(clock, Duration(3'600'000));
  probe::testing::FakeProbeRunner& runner = *fake;
  runner.takes = Duration(120);  // slower than the pace: the schedule does not wait for answers
  runner.answer = [](const probe::Check&, probe::ProbeResult& response) { response.status = 200; };
  CanarySamplerSeams seams;
  seams.clock = &clock;
  seams.runner = std::move(fake);
  CanarySampleSpec spec;
  spec.requests = 4;
  spec.rate_per_second = 10;
  spec.real_traffic = false;
  auto made = MakeCanarySamplerWith(spec, LatencyAndErrors(),
                                    {HttpTarget("a", "http://a/"), HttpTarget("b1", "http://b1/"),
                                     HttpTarget("b2", "http://b2/")},
                                    std::move(seams));
  REQUIRE(made.ok());
  NoCountersDriver driver;
  const RouteMember v1 = SideMember("v1", {"a"});
  const RouteMember v2 = SideMember("v2", {"b1", "b2"});
  Result<CanaryStepSamples> samples = (*made)->Collect(CanarySide{&v1}, CanarySide{&v2}, "reads", driver, Duration(1000));
  REQUIRE(samples.ok());
  std::vector<std::string> order;
  std::vector<std::int64_t> starts;
  for (const auto& a : runner.attempts) {
    order.push_back(a.target);
    starts.push_back(a.started_ms);
  }
  CHECK(order == std::vector<std::string>{"a", "b1", "b2", "a", "a", "b1", "b2", "a"});
  CHECK(starts == std::vector<std::int64_t>{0, 0, 100, 100, 200, 200, 300, 300});
  CHECK(runner.NowMs() == 1000);  // the window, though the last answer came at 420 ms
  CHECK(samples->canary[0].latency_ms == std::vector<double>{120, 120, 120, 120});
  ResetProcessStateForTesting();
}

TEST_CASE("canary sampler: the proxy's counts over the window are added to the error ratio, per side") {
  auto server = Serve([](const HttpRequest&) { return Answer(200); });
  CanarySampleSpec spec;
  spec.requests = 2;
  spec.rate_per_second = 100;
  std::vector<std::string> backends;
  RealSampler sampler(spec, {HttpTarget("a", Url(*server)), HttpTarget("b", Url(*server))},
                      [&backends](SteeringDriver&) {
                        return std::make_unique<GrowingCounters>(
                            BackendCounts{{"v1", {100, 1}}, {"v2", {10, 2}}, {"other", {5, 5}}}, &backends);
                      });
  Result<CanaryStepSamples> samples = sampler.Collect(SideMember("v1", {"a"}), SideMember("v2", {"b"}), Duration(0));
  REQUIRE(samples.ok());
  CHECK(backends == std::vector<std::string>{"reads", "reads"});
  CHECK(samples->baseline[1].requests == 2 + 100);
  CHECK(samples->baseline[1].errors == 1);
  CHECK(samples->canary[1].requests == 2 + 10);
  CHECK(samples->canary[1].errors == 2);
  CHECK(samples->canary[0].requests == 2);  // latency is the synthetic requests' alone
  CHECK(samples->canary[0].latency_ms.size() == 2);
  CHECK(sampler.notes.empty());
}

TEST_CASE("canary sampler: real traffic alone when requests is 0, and a proxy without counters said once") {
  CanarySampleSpec spec;
  spec.requests = 0;
  // No http target needed when nothing synthetic is sent.
  RealSampler sampler(spec, {TcpTarget("tcp-only")});
  const RouteMember v1 = SideMember("v1", {"tcp-only"});
  const RouteMember v2 = SideMember("v2", {"tcp-only"});
  for (int step = 0; step < 2; ++step) {
    Result<CanaryStepSamples> samples = sampler.Collect(v1, v2, Duration(0));
    REQUIRE(samples.ok());
    CHECK(samples->baseline[1].requests == 0);
    CHECK(samples->canary[0].latency_ms.empty());
  }
  CHECK(sampler.notes.size() == 1);
}

TEST_CASE("canary sampler: a member without an http probe target is a config error naming it") {
  CanarySampleSpec spec;
  spec.real_traffic = false;
  RealSampler sampler(spec, {TcpTarget("v2-tcp"), HttpTarget("a", "http://127.0.0.1:1/")});
  Result<CanaryStepSamples> samples = sampler.Collect(SideMember("v1", {"a"}), SideMember("v2", {"v2-tcp"}), Duration(0));
  REQUIRE_FALSE(samples.ok());
  CHECK(samples.status().code() == ExitCode::kConfig);
  CHECK_THAT(samples.status().message(),
             Catch::Contains("member \"v2\" has no `check: http` probe target (it names v2-tcp)"));
}
