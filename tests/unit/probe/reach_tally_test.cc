#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/record_schema.h"
#include "tools/probe/reach_record.h"
#include "tools/probe/reach_tally.h"

namespace evt::probe {
namespace {

TimePoint At(int second) { return *ParseRfc3339("2026-12-05T10:00:00.000Z") + std::chrono::seconds(second); }

ReachAttempt Attempt(const char* from, const char* to, int second, bool ok) {
  return ReachAttempt{from, to, At(second), ok, ok ? "" : "timeout after 1000 ms in connect"};
}

// A probes B and B probes A every 2 s for `seconds`; `a_to_b_ok` and
// `b_to_a_ok` say which way works.
std::vector<ReachAttempt> Bilateral(int seconds, bool a_to_b_ok, bool b_to_a_ok) {
  std::vector<ReachAttempt> attempts;
  for (int s = 0; s < seconds; s += 2) {
    attempts.push_back(Attempt("a", "b", s, a_to_b_ok));
    attempts.push_back(Attempt("b", "a", s + 1, b_to_a_ok));
  }
  return attempts;
}

const ReachPair& PairOf(const ReachReport& report, const std::string& from) {
  for (const ReachPair& pair : report.pairs) {
    if (pair.there.from == from) return pair;
  }
  FAIL("no pair from " << from);
  return report.pairs.front();
}

TEST_CASE("reach: A reaching B while B does not reach A is asymmetric both ways round") {
  const ReachReport report = SummarizeReach(Bilateral(20, true, false), ReachOptions{});
  REQUIRE(report.pairs.size() == 2);
  const ReachPair& a_to_b = PairOf(report, "a");
  CHECK(a_to_b.there.attempts == 10);
  CHECK(a_to_b.there.ok == 10);
  CHECK(a_to_b.reaches);
  CHECK(a_to_b.back_reaches == std::optional<bool>(false));
  CHECK(a_to_b.Asymmetric());
  const ReachPair& b_to_a = PairOf(report, "b");
  CHECK_FALSE(b_to_a.reaches);
  CHECK(b_to_a.there.last_error == "timeout after 1000 ms in connect");
  CHECK_FALSE(b_to_a.there.last_ok.has_value());
  CHECK(b_to_a.Asymmetric());
}

TEST_CASE("reach: both ways working, or both broken, is not asymmetric") {
  for (bool works : {true, false}) {
    const ReachReport report = SummarizeReach(Bilateral(10, works, works), ReachOptions{});
    REQUIRE(report.pairs.size() == 2);
    for (const ReachPair& pair : report.pairs) {
      CHECK(pair.reaches == works);
      CHECK_FALSE(pair.Asymmetric());
    }
  }
}

TEST_CASE("reach: a direction nobody probed back is not called asymmetric") {
  std::vector<ReachAttempt> attempts = {Attempt("a", "b", 0, true), Attempt("a", "b", 2, true)};
  const ReachReport report = SummarizeReach(attempts, ReachOptions{});
  REQUIRE(report.pairs.size() == 1);
  CHECK_FALSE(report.pairs[0].back.has_value());
  CHECK_FALSE(report.pairs[0].Asymmetric());
}

TEST_CASE("reach: --since keeps only the attempts before the newest one, so a recovered link is not flagged") {
  // B could not reach A for the first minute, then could.
  std::vector<ReachAttempt> attempts = Bilateral(60, true, false);
  for (const ReachAttempt& later : Bilateral(30, true, true)) {
    attempts.push_back(ReachAttempt{later.from, later.to, later.at + std::chrono::seconds(60), later.ok, later.error});
  }
  CHECK(PairOf(SummarizeReach(attempts, ReachOptions{}), "b").Asymmetric());
  ReachOptions recent;
  recent.since = Duration(20000);
  const ReachReport report = SummarizeReach(attempts, recent);
  CHECK(report.end - report.start == std::chrono::seconds(20));
  CHECK_FALSE(PairOf(report, "b").Asymmetric());
  CHECK(PairOf(report, "b").there.attempts == 11);  // 69 s to 89 s, both ends in
}

TEST_CASE("reach: the ok-ratio threshold decides what reaching means") {
  std::vector<ReachAttempt> attempts;
  for (int s = 0; s < 10; ++s) attempts.push_back(Attempt("a", "b", s, s % 4 == 0));  // 3 of 10
  for (int s = 0; s < 10; ++s) attempts.push_back(Attempt("b", "a", s, true));
  ReachOptions strict;
  CHECK(PairOf(SummarizeReach(attempts, strict), "a").Asymmetric());
  ReachOptions lenient;
  lenient.min_ok_ratio = 0.3;
  CHECK_FALSE(PairOf(SummarizeReach(attempts, lenient), "a").Asymmetric());
}

TEST_CASE("reach: a probe record's origin and target name the boxes, and --peer maps a URL to its box") {
  Value probe = Value::object({{"kind", "probe"}, {"v", 1}, {"ts", "2026-12-05T10:00:02.000Z"},
                               {"target", "http://10.0.0.2:7450/healthz"}, {"origin", "edge"},
                               {"ok", false}, {"error", "connection refused"}});
  ReachOptions options;
  REQUIRE(AddPeer("gateway=http://10.0.0.2:7450/healthz", options.peers).ok());
  Result<ReachAttempt> attempt = AttemptFromRecord(probe, options);
  REQUIRE(attempt.ok());
  CHECK(attempt->from == "edge");
  CHECK(attempt->to == "gateway");
  CHECK(attempt->at == At(2));
  CHECK_FALSE(attempt->ok);
  CHECK(attempt->error == "connection refused");
  CHECK(AttemptFromRecord(probe, ReachOptions{})->to == "http://10.0.0.2:7450/healthz");
}

TEST_CASE("reach: a probe record without origin is bad data that says how to get one") {
  Value probe = Value::object({{"kind", "probe"}, {"v", 1}, {"ts", "2026-12-05T10:00:02.000Z"}, {"target", "b"}, {"ok", true}});
  Result<ReachAttempt> attempt = AttemptFromRecord(probe, ReachOptions{});
  REQUIRE_FALSE(attempt.ok());
  CHECK(attempt.status().code() == ExitCode::kDataErr);
  CHECK_THAT(attempt.status().message(), Catch::Contains("origin: missing") && Catch::Contains("--origin"));
  probe.set("origin", "a");
  probe.set("ts", "yesterday");
  CHECK(AttemptFromRecord(probe, ReachOptions{}).status().code() == ExitCode::kDataErr);
}

TEST_CASE("reach: --peer without BOX=TARGET is a usage error") {
  std::map<std::string, std::string> peers;
  for (const char* bad : {"gateway", "=http://x", "gateway="}) {
    Status status = AddPeer(bad, peers);
    CHECK(status.code() == ExitCode::kUsage);
    CHECK_THAT(status.message(), Catch::Contains(bad));
  }
  CHECK(peers.empty());
}

TEST_CASE("reach: the probe.reach records validate against their schema and carry the way back") {
  const ReachReport report = SummarizeReach(Bilateral(20, true, false), ReachOptions{});
  for (const ReachPair& pair : report.pairs) {
    const Value record = ReachRecord(pair, report);
    INFO(pair.there.from);
    CHECK(BuiltinRecordSchemas().Validate(record).ok());
    CHECK(record.find("asymmetric")->as_bool());
    CHECK(record.find("back")->find("reaches")->as_bool() == !pair.reaches);
  }
  const std::string table = ReachTable(report, false, 100);
  CHECK_THAT(table, Catch::Contains("ASYMMETRIC: reaches, not reached back"));
  CHECK_THAT(table, Catch::Contains("10/10"));
  CHECK_THAT(table, Catch::Contains("0/10"));
}

}  // namespace
}  // namespace evt::probe
