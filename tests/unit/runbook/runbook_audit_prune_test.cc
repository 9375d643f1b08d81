#include <catch2/catch.hpp>

#include "tools/runbook/audit_log.h"

namespace evt::runbook {
namespace {

TimePoint At(std::string_view text) {
  Result<TimePoint> t = ParseRfc3339(text);
  REQUIRE(t.ok());
  return *t;
}

void AddRun(AuditLog& log, const std::string& id, TimePoint started) {
  REQUIRE(log.BeginRun({id, "failover-to-local", "/rb/failover-to-local.lua", "h", "ops", "kiosk1", Value::object(), false, started})
              .ok());
  StepEntry step{1, "force local", started, "running", 1, 0, ""};
  REQUIRE(log.BeginStep(id, step).ok());
  CallEntry call;
  call.seq = 1;
  call.step_seq = 1;
  call.argv = Value::array({Value("evt-failover"), Value("force"), Value("local")});
  call.code = 0;
  REQUIRE(log.RecordCall(id, call).ok());
  step.outcome = "ok";
  REQUIRE(log.EndStep(id, step).ok());
  REQUIRE(log.EndRun(id, {"ok", "", started + std::chrono::seconds(3), 3000}).ok());
}

TEST_CASE("runbook audit prune: runs before the cutoff go with their steps and calls, later runs stay whole") {
  Result<AuditLog> log = AuditLog::OpenMemory();
  REQUIRE(log.ok());
  AddRun(*log, "old", At("2026-11-01T10:00:00Z"));
  AddRun(*log, "new", At("2026-12-05T10:00:00Z"));
  Result<std::vector<PrunedRows>> pruned = log->PruneBefore(At("2026-12-01T00:00:00Z"));
  REQUIRE(pruned.ok());
  REQUIRE(pruned->size() == 4);
  CHECK((*pruned)[0].what == "calls");
  CHECK((*pruned)[0].rows == 1);
  CHECK((*pruned)[1].rows == 1);
  CHECK((*pruned)[2].what == "runs");
  CHECK((*pruned)[2].rows == 1);
  Result<std::vector<RunSummary>> left = log->History(10, "");
  REQUIRE(left.ok());
  REQUIRE(left->size() == 1);
  CHECK(left->front().start.id == "new");
  Result<std::vector<CallEntry>> calls = log->Calls("new");
  REQUIRE(calls.ok());
  CHECK(calls->size() == 1);
}

}  // namespace
}  // namespace evt::runbook
