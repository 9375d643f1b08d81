// evt-runbook status: the runs of the last day counted, the approvals still
// waiting, serve's liveness from its beats, and a record the schema takes;
// read through read-only stores beside the writer's.
#include "tools/runbook/runbook_status.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "common/record_schema.h"

namespace evt::runbook {
namespace {

TimePoint At(std::string_view text) {
  Result<TimePoint> t = ParseRfc3339(text);
  REQUIRE(t.ok());
  return *t;
}

void AddRun(AuditLog& log, const std::string& id, const std::string& runbook, TimePoint started,
            std::optional<std::string> outcome) {
  REQUIRE(log.BeginRun({id, runbook, "/rb/" + runbook + ".lua", "h", "ops", "kiosk1", Value::object(), false, started})
              .ok());
  if (outcome) REQUIRE(log.EndRun(id, {*outcome, "", started + std::chrono::seconds(2), 2000}).ok());
}

Beat ServeBeat(TimePoint at, std::int64_t pid) {
  return Beat{"runbook serve", pid, ThisHost(), at - std::chrono::hours(1), at, false};
}

std::string TempDir() {
  std::string dir = (std::filesystem::temp_directory_path() / ("evt-runbook-status-" + std::to_string(getpid()))).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directory(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
  return dir;
}

}  // namespace

TEST_CASE("runbook status: the last day's runs and failures, the newest runs first") {
  Result<AuditLog> log = AuditLog::OpenMemory();
  REQUIRE(log.ok());
  const TimePoint now = At("2026-12-05T14:00:00Z");
  AddRun(*log, "r0", "gate-sync", At("2026-12-04T13:00:00Z"), "failed");  // over a day ago
  AddRun(*log, "r1", "gate-sync", At("2026-12-05T09:00:00Z"), "failed");
  AddRun(*log, "r2", "shed", At("2026-12-05T10:00:00Z"), "timeout");
  AddRun(*log, "r3", "shed", At("2026-12-05T11:00:00Z"), "ok");
  AddRun(*log, "r4", "failover-local", At("2026-12-05T13:59:00Z"), std::nullopt);
  Result<RunCounts> day = log->CountRunsSince(now - kFailedWindow);
  REQUIRE(day.ok());
  CHECK(day->runs == 4);
  CHECK(day->failed == 2);

  Result<std::vector<RunSummary>> runs = log->History(kLastRuns, "");
  REQUIRE(runs.ok());
  RunbookStatus status;
  for (const RunSummary& run : *runs) status.last_runs.push_back(RunLineOf(run));
  status.last_day = *day;
  REQUIRE(status.last_runs.size() == 5);
  CHECK(status.last_runs[0].outcome == "running");
  CHECK_FALSE(status.last_runs[0].took_ms);
  CHECK(status.last_runs[1].took_ms == 2000);

  Value record = RunbookStatusRecord(status, now);
  CHECK(record.find("last_runbook")->as_string() == "failover-local");
  CHECK(record.find("failed_24h")->as_int() == 2);
  CHECK(record.find("serve")->as_string() == "none");
  Status valid = BuiltinRecordSchemas().Validate(record);
  INFO(valid.message());
  CHECK(valid.ok());
  std::string text = RunbookStatusText(status, now, false, 40);
  CHECK(text.find("serve not running") == 0);
  CHECK(text.find("failover-local") != std::string::npos);
}

TEST_CASE("runbook status: only approvals still waiting are pending, with their decision's rule") {
  Result<DispatchStore> store = DispatchStore::OpenMemory();
  REQUIRE(store.ok());
  const TimePoint asked = At("2026-12-05T14:00:00Z");
  DecisionRow decision;
  decision.id = "d1";
  decision.at = asked;
  decision.rule = "shed-on-budget";
  decision.runbook = "shed";
  decision.action = "await_approval";
  REQUIRE(store->RecordDecision(decision).ok());
  REQUIRE(store->AskApproval({"d1", asked, asked + std::chrono::minutes(10), false, "waiting", ""}).ok());
  REQUIRE(store->AskApproval({"d2", asked, asked + std::chrono::minutes(10), false, "waiting", ""}).ok());
  REQUIRE(store->SettleApproval("d2", "approved", "ops").ok());
  Result<std::vector<ApprovalRow>> waiting = store->WaitingApprovals();
  REQUIRE(waiting.ok());
  REQUIRE(waiting->size() == 1);
  Result<std::optional<DecisionRow>> found = store->FindDecision("d1");
  REQUIRE(found.ok());
  PendingDecision p = PendingOf(waiting->front(), *found);
  CHECK(p.rule == "shed-on-budget");
  CHECK(p.runbook == "shed");
  CHECK(p.expires_at == asked + std::chrono::minutes(10));
}

TEST_CASE("runbook status: serve is alive by a fresh beat of a live pid, stale past three beats, else none") {
  const TimePoint now = At("2026-12-05T14:00:00Z");
  RunbookStatus none;
  NoteServe(none, {Beat{"failover watch", getpid(), ThisHost(), now, now, false}}, now, ThisHost());
  CHECK(none.serve == ServeState::kNone);

  RunbookStatus alive;
  NoteServe(alive, {ServeBeat(now - std::chrono::seconds(20), getpid()), ServeBeat(now - std::chrono::seconds(2), getpid())},
            now, ThisHost());
  CHECK(alive.serve == ServeState::kAlive);
  CHECK(alive.serve_beat_at == now - std::chrono::seconds(2));

  RunbookStatus stale;
  NoteServe(stale, {ServeBeat(now - std::chrono::seconds(16), getpid())}, now, ThisHost());
  CHECK(stale.serve == ServeState::kStale);
  CHECK(RunbookStatusRecord(stale, now).find("serve_beat_at") != nullptr);
}

TEST_CASE("runbook status: the read-only stores see what the writer committed and create nothing") {
  std::string dir = TempDir();
  SECTION("an empty state directory stays empty") {
    Result<AuditLog> audit = AuditLog::OpenReadOnly(dir);
    REQUIRE(audit.ok());
    Result<RunCounts> counts = audit->CountRunsSince(TimePoint{});
    REQUIRE(counts.ok());
    CHECK(counts->runs == 0);
    Result<DispatchStore> dispatch = DispatchStore::OpenReadOnly(dir);
    REQUIRE(dispatch.ok());
    CHECK(dispatch->WaitingApprovals()->empty());
    CHECK(std::filesystem::is_empty(dir));
  }
  SECTION("beside an open writer") {
    Result<AuditLog> writer = AuditLog::Open(dir);
    REQUIRE(writer.ok());
    AddRun(*writer, "r1", "shed", At("2026-12-05T11:00:00Z"), "failed");
    Result<AuditLog> reader = AuditLog::OpenReadOnly(dir);
    REQUIRE(reader.ok());
    Result<RunCounts> counts = reader->CountRunsSince(TimePoint{});
    REQUIRE(counts.ok());
    CHECK(counts->failed == 1);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace evt::runbook
