// Runs a runbook given as text through the real runner, in memory: an
// in-memory audit log, collected records, captured log lines.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tools/runbook/runner.h"

namespace evt::runbook::testing {

struct RunResult {
  Status status;
  CollectingSink sink;
  std::string log;  // what evt.log and print wrote
  std::vector<RunSummary> history;
  std::vector<CallEntry> calls;
};

inline std::string TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "evt-runbook-unit.XXXXXX").string();
  return mkdtemp(pattern.data());
}

struct TestRun {
  std::string source;
  RunOptions options;
  Settings settings;
  const Config* config = nullptr;
  RunEnvironment environment;
  std::vector<std::string> lib_dirs;
  std::string state_dir;  // empty: no lock
};

inline RunResult RunText(TestRun test) {
  RunResult result;
  RunInputs inputs;
  inputs.file.name = "test";
  inputs.file.path = "test.lua";
  inputs.file.source = test.source;
  inputs.file.hash = "sha256:test";
  inputs.options = test.options;
  inputs.settings = test.settings;
  inputs.config = test.config;
  inputs.lib_dirs = test.lib_dirs;
  inputs.state_dir = test.state_dir;
  std::FILE* log = std::tmpfile();
  test.environment.log = log;
  if (test.environment.user.empty()) test.environment.user = "tester";
  if (test.environment.host.empty()) test.environment.host = "testhost";
  Result<AuditLog> audit = AuditLog::OpenMemory();
  if (!audit.ok()) {
    result.status = audit.status();
    return result;
  }
  result.status = RunRunbook(inputs, *audit, result.sink, test.environment);
  std::fflush(log);
  std::rewind(log);
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, log)) > 0) result.log.append(buffer, n);
  std::fclose(log);
  Result<std::vector<RunSummary>> history = audit->History(10, "");
  if (history.ok()) result.history = *history;
  if (!result.history.empty()) {
    Result<std::vector<CallEntry>> calls = audit->Calls(result.history.front().start.id);
    if (calls.ok()) result.calls = *calls;
  }
  return result;
}

// A runbook whose body is `body`.
inline std::string Body(const std::string& body) {
  return "return { description = \"test\", run = function()\n" + body + "\nend }\n";
}

}  // namespace evt::runbook::testing
