#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "tests/unit/store_test_util.h"
#include "tools/evt/site_snapshot.h"
#include "tools/evt/status_gather.h"

using evt::Duration;
using evt::GatherOptions;
using evt::GatherSite;
using evt::SiteSnapshot;
using evt::ToolStatus;
using evt::store_test::TempDir;

namespace {

// A fake evt-NAME: a shell script the gatherer runs as it would the tool.
void WriteTool(const std::string& dir, const std::string& name, const std::string& body) {
  std::string path = dir + "/evt-" + name;
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  REQUIRE(::chmod(path.c_str(), 0755) == 0);
}

const ToolStatus* Find(const SiteSnapshot& snapshot, const std::string& tool) {
  for (const ToolStatus& t : snapshot.tools) {
    if (t.tool == tool) return &t;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("evt status gather: records, no status, failure, bad output and timeouts, each told apart", "[evt]") {
  TempDir bin;
  WriteTool(bin.path(), "alpha",
            "echo '{\"kind\":\"alpha.status\",\"v\":1,\"ts\":\"2026-12-06T10:00:00.000Z\",\"args\":\"'\"$*\"'\"}'");
  WriteTool(bin.path(), "nostatus", "echo 'evt-nostatus: The following argument was not expected: status' >&2; exit 2");
  WriteTool(bin.path(), "sysexit", "exit 64");
  WriteTool(bin.path(), "broken", "echo 'this is not json'");
  WriteTool(bin.path(), "failing", "echo 'evt-failing: cannot open failing.db: disk I/O error' >&2; exit 74");
  WriteTool(bin.path(), "slow", "exec sleep 30");
  GatherOptions options;
  options.self_dir = bin.path();
  options.config = "/site/event.json";
  options.state_dir = "/site/state";
  options.timeout = Duration{400};

  auto started = std::chrono::steady_clock::now();
  auto snapshot = GatherSite(options);
  auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(snapshot.ok());

  CHECK(Find(*snapshot, "nostatus") == nullptr);
  CHECK(Find(*snapshot, "sysexit") == nullptr);
  const ToolStatus* alpha = Find(*snapshot, "alpha");
  REQUIRE(alpha != nullptr);
  REQUIRE(alpha->records.size() == 1);
  CHECK(alpha->error.empty());
  CHECK(alpha->records[0].find("args")->as_string() ==
        "status --json --config /site/event.json --state-dir /site/state");
  const ToolStatus* broken = Find(*snapshot, "broken");
  REQUIRE(broken != nullptr);
  CHECK(broken->error.find("evt-broken status: line 1") != std::string::npos);
  const ToolStatus* failing = Find(*snapshot, "failing");
  REQUIRE(failing != nullptr);
  CHECK(failing->exit_code == 74);
  CHECK(failing->error == "evt-failing: cannot open failing.db: disk I/O error");
  const ToolStatus* slow = Find(*snapshot, "slow");
  REQUIRE(slow != nullptr);
  CHECK(slow->error == "timed out after 400ms");
  // In parallel, and a status that hangs holds the screen for its timeout only.
  CHECK(took < std::chrono::milliseconds(2500));
  REQUIRE(snapshot->tools.size() == 4);
  CHECK(snapshot->tools[0].tool == "alpha");
}

TEST_CASE("evt status gather: tools next to evt win over PATH, and PATH is searched after", "[evt]") {
  TempDir self;
  TempDir on_path;
  WriteTool(self.path(), "alpha", "echo '{\"kind\":\"from\",\"v\":1,\"ts\":\"2026-12-06T10:00:00.000Z\",\"where\":\"self\"}'");
  WriteTool(on_path.path(), "alpha", "echo '{\"kind\":\"from\",\"v\":1,\"ts\":\"2026-12-06T10:00:00.000Z\",\"where\":\"path\"}'");
  WriteTool(on_path.path(), "beta", "echo '{\"kind\":\"from\",\"v\":1,\"ts\":\"2026-12-06T10:00:00.000Z\",\"where\":\"path\"}'");
  GatherOptions options;
  options.self_dir = self.path();
  options.path = "/nonexistent:" + on_path.path();
  auto snapshot = GatherSite(options);
  REQUIRE(snapshot.ok());
  REQUIRE(snapshot->tools.size() == 2);
  CHECK(snapshot->tools[0].records[0].find("where")->as_string() == "self");
  CHECK(snapshot->tools[1].tool == "beta");
}

TEST_CASE("evt status gather: a line without a kind is not a record", "[evt]") {
  auto records = evt::front::ParseStatusRecords("x", "{\"kind\":\"a\"}\n\n{\"v\":1}\n");
  REQUIRE_FALSE(records.ok());
  CHECK(records.status().message() == "evt-x status: line 3: not a record (no string \"kind\")");
  CHECK(records.status().code() == evt::ExitCode::kDataErr);
}
