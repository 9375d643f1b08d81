#include "tools/evt/status_gather.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/json_parse.h"
#include "common/site_status.h"
#include "tools/evt/tool_dispatch.h"

namespace evt {

namespace front {

namespace {

// A tool's stderr can be long (a usage text); its last non-empty line is
// what says why.
std::string LastLine(const std::string& text) {
  std::size_t end = text.find_last_not_of("\n\r ");
  if (end == std::string::npos) return "";
  std::size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end + 1 - (start == std::string::npos ? 0 : start + 1));
}

}  // namespace

std::vector<std::string> StatusArgv(const std::string& tool, const GatherOptions& options) {
  std::vector<std::string> argv = {"evt-" + tool, "status", "--json"};
  if (!options.config.empty()) argv.insert(argv.end(), {"--config", options.config});
  if (!options.state_dir.empty()) argv.insert(argv.end(), {"--state-dir", options.state_dir});
  return argv;
}

Result<std::vector<Value>> ParseStatusRecords(const std::string& tool, const std::string& out) {
  std::vector<Value> records;
  const std::string where = "evt-" + tool + " status";
  std::size_t start = 0;
  for (int line = 1; start < out.size(); ++line) {
    std::size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string text = out.substr(start, end - start);
    start = end + 1;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<Value> record = ParseJson(text, where + ": line " + std::to_string(line));
    if (!record.ok()) return Status::DataErr(record.status().message());
    const Value* kind = record->find("kind");
    if (!kind || !kind->is_string()) {
      return Status::DataErr(where + ": line " + std::to_string(line) + ": not a record (no string \"kind\")");
    }
    records.push_back(std::move(*record));
  }
  return records;
}

bool HasNoStatusCommand(const ChildResult& result) {
  return !result.timed_out && result.signal == 0 && (result.exit_code == 64 || result.exit_code == 2);
}

ToolStatus ToolStatusFrom(const std::string& tool, const ChildResult& result, Duration timeout) {
  ToolStatus status{tool, result.exit_code, {}, "", result.elapsed};
  if (result.timed_out) {
    status.error = "timed out after " + FormatDuration(timeout);
    return status;
  }
  Result<std::vector<Value>> records = ParseStatusRecords(tool, result.out);
  if (!records.ok()) {
    status.error = records.status().message();
    return status;
  }
  status.records = std::move(*records);
  // 1 is a check that ran and failed (a budget over): its records stand.
  if (result.exit_code != 0 && result.exit_code != 1) {
    std::string why = LastLine(result.err);
    status.error = why.empty() ? "exited with " + std::to_string(result.exit_code) : why;
  }
  return status;
}

}  // namespace front

namespace {

struct ToolRun {
  std::string tool;
  std::string path;
  Result<ChildResult> result = Status::Internal("not run");
};

void RunStatusOf(ToolRun& run, const GatherOptions& options) {
  ChildRequest request;
  request.path = run.path;
  request.argv = front::StatusArgv(run.tool, options);
  request.deadline = std::chrono::steady_clock::now() + options.timeout;
  // A status that ignores SIGTERM must not hold the screen for long.
  request.grace = Duration{200};
  run.result = RunChild(request);
}

}  // namespace

Result<SiteSnapshot> GatherSite(const GatherOptions& options) {
  std::vector<ToolRun> runs;
  for (const std::string& tool : front::ListTools(options.self_dir, options.path)) {
    if (std::optional<std::string> path = front::FindTool(tool, options.self_dir, options.path)) {
      ToolRun run;
      run.tool = tool;
      run.path = *path;
      runs.push_back(std::move(run));
    }
  }
  {
    std::vector<std::jthread> threads;
    for (ToolRun& run : runs) threads.emplace_back([&run, &options] { RunStatusOf(run, options); });
  }
  SiteSnapshot snapshot;
  snapshot.at = options.now;
  for (ToolRun& run : runs) {
    if (!run.result.ok()) {
      snapshot.tools.push_back({run.tool, 0, {}, run.result.status().message(), Duration{0}});
      continue;
    }
    if (front::HasNoStatusCommand(*run.result)) continue;
    snapshot.tools.push_back(front::ToolStatusFrom(run.tool, *run.result, options.timeout));
  }
  if (!options.state_root.empty()) {
    Result<SiteStatus> site = ReadSiteStatus(options.state_root, options.now);
    if (!site.ok()) return site.status();
    snapshot.hold = site->hold;
    snapshot.beats = site->beats;
  }
  return snapshot;
}

}  // namespace evt
