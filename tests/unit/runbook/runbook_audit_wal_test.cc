#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/unit/runbook/runbook_test_util.h"
#include "tools/runbook/audit_log.h"

namespace evt::runbook {
namespace {

// One short run as `evt-runbook run` writes it, on its own connection.
void WriteRun(const std::string& state_dir, int n, TimePoint started) {
  Result<AuditLog> log = AuditLog::Open(state_dir);
  REQUIRE(log.ok());
  std::string id = "run" + std::to_string(n);
  REQUIRE(log->BeginRun({id, "one", "/rb/one.lua", "h", "ops", "kiosk1", Value::object(), false, started}).ok());
  StepEntry step{1, "first", started, "running", 1, 0, ""};
  REQUIRE(log->BeginStep(id, step).ok());
  step.outcome = "ok";
  REQUIRE(log->EndStep(id, step).ok());
  REQUIRE(log->EndRun(id, {"ok", "", started + std::chrono::seconds(1), 1000}).ok());
}

TEST_CASE("runbook audit log: the WAL kept between runs stays near 1 MiB, and every run is in the trail") {
  std::string dir = testing::TempDir();
  TimePoint started = SystemClock().Now();
  constexpr int kRuns = 300;  // ~2,000 pages of WAL: past SQLite's default checkpoint of 1,000
  for (int n = 0; n < kRuns; ++n) WriteRun(dir, n, started);
  // Kept on close (OnClose::kKeepWal), but checkpointed every 256 pages.
  REQUIRE(std::filesystem::exists(dir + "/runbook.db-wal"));
  CHECK(std::filesystem::file_size(dir + "/runbook.db-wal") < 1536u * 1024);
  Result<AuditLog> log = AuditLog::Open(dir);
  REQUIRE(log.ok());
  Result<RunCounts> counts = log->CountRunsSince(started);
  REQUIRE(counts.ok());
  CHECK(counts->runs == kRuns);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace evt::runbook
