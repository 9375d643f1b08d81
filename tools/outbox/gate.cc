#include "tools/outbox/gate.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "common/child_process.h"
#include "common/json_parse.h"

namespace evt::outbox {

GateVerdict JudgeGate(const GateSpec& spec, const GateReadings& r) {
  if (r.hold) return {false, "site hold: " + HoldText(*r.hold)};
  if (!spec.active.empty()) {
    if (!r.failover_error.empty()) return {false, "failover state unreadable: " + r.failover_error};
    bool listed = r.active_path && std::find(spec.active.begin(), spec.active.end(), *r.active_path) != spec.active.end();
    if (!listed) {
      std::string now_active = r.active_path ? *r.active_path : "none";
      return {false, "no path of when.active is active (active: " + now_active + ")"};
    }
  }
  if (spec.max_shed_level) {
    if (!r.budget_error.empty()) return {false, "budget shed level unreadable: " + r.budget_error};
    if (!r.shed_level) return {false, "budget shed level unreadable"};
    if (*r.shed_level > *spec.max_shed_level) {
      return {false, "shed level " + std::to_string(*r.shed_level) + " is over when.max_shed_level " +
                         std::to_string(*spec.max_shed_level)};
    }
  }
  return {true, ""};
}

namespace {

// Each line of a tool's --json output that is a record of `kind`.
template <class F>
Status ForEachRecord(std::string_view jsonl, std::string_view kind, std::string_view source, F&& visit) {
  std::size_t line_no = 0;
  while (!jsonl.empty()) {
    std::size_t nl = jsonl.find('\n');
    std::string_view line = jsonl.substr(0, nl);
    jsonl = nl == std::string_view::npos ? std::string_view() : jsonl.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    auto record = ParseJson(line, std::string(source) + ":" + std::to_string(line_no));
    if (!record.ok()) return record.status();
    const Value* k = record->find("kind");
    if (k != nullptr && k->is_string() && k->as_string() == kind) visit(*record);
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<std::string>> ActivePathFromStatus(std::string_view jsonl) {
  std::optional<std::string> active;
  bool any = false;
  EVT_RETURN_IF_ERROR(ForEachRecord(jsonl, "failover.path", "evt-failover status", [&](const Value& r) {
    any = true;
    const Value* path = r.find("path");
    const Value* is_active = r.find("active");
    if (path && path->is_string() && is_active && is_active->is_bool() && is_active->as_bool()) active = path->as_string();
  }));
  if (!any) return Status::DataErr("evt-failover status: no failover.path record in its output");
  return active;
}

Result<int> ShedLevelFromGovernor(std::string_view jsonl) {
  std::optional<int> level;
  EVT_RETURN_IF_ERROR(ForEachRecord(jsonl, "budget.governor", "evt-budget governor", [&](const Value& r) {
    const Value* in_force = r.find("level");
    if (in_force && in_force->is_int()) level = static_cast<int>(in_force->as_int());
  }));
  if (!level) return Status::DataErr("evt-budget governor: no budget.governor record with a level in its output");
  return *level;
}

namespace {

bool IsExecutable(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

// Beside this binary first: an installed evt asks its own siblings, and a
// test asks the build's, whatever PATH holds.
std::string FindSibling(const std::string& binary) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && IsExecutable((self.parent_path() / binary).string())) return (self.parent_path() / binary).string();
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = std::min(dirs.find(':', start), dirs.size());
    std::string candidate = (end == start ? std::string(".") : dirs.substr(start, end - start)) + "/" + binary;
    if (IsExecutable(candidate)) return candidate;
    start = end + 1;
  }
  return "";
}

// A status read is quick; one that hangs must not hold the delivery loop.
constexpr std::chrono::seconds kChildTimeout{10};

}  // namespace

ToolRunner ChildToolRunner() {
  return [](const std::vector<std::string>& argv) -> Result<std::string> {
    std::string command;
    for (const std::string& a : argv) command += (command.empty() ? "" : " ") + a;
    std::string path = FindSibling(argv.at(0));
    if (path.empty()) return Status::Unavailable(argv[0] + " not found beside evt-outbox or on PATH");
    ChildRequest request;
    request.path = path;
    request.argv = argv;
    request.deadline = std::chrono::steady_clock::now() + kChildTimeout;
    EVT_ASSIGN_OR_RETURN(ChildResult result, RunChild(request));
    if (result.timed_out) return Status::Unavailable(command + ": timed out");
    // 3 is a dry run's "would change": its records are still the answer.
    if (result.exit_code != 0 && result.exit_code != 3) {
      std::string err = result.err.substr(0, result.err.find('\n'));
      return Status::Unavailable(command + ": exit " + std::to_string(result.exit_code) + (err.empty() ? "" : ": " + err));
    }
    return std::move(result.out);
  };
}

Gate::Gate(GateSpec spec, std::vector<std::string> common_args, std::string state_dir, ToolRunner run)
    : spec_(std::move(spec)), common_args_(std::move(common_args)), state_dir_(std::move(state_dir)), run_(std::move(run)) {}

GateReadings Gate::Read(TimePoint now) {
  GateReadings r;
  // Unlike failover's own loop, an unreadable hold closes the gate: an
  // order held back is delayed, an order sent during a person's work may
  // hit a half-configured shop.
  auto hold = HoldAt(state_dir_, now);
  if (!hold.ok()) {
    r.hold = SiteHold{"unreadable: " + hold.status().message(), "?", now, now};
  } else {
    r.hold = *hold;
  }
  if (!spec_.active.empty()) {
    std::vector<std::string> argv{"evt-failover", "status", "--json"};
    argv.insert(argv.end(), common_args_.begin(), common_args_.end());
    auto out = run_(argv);
    auto active = out.ok() ? ActivePathFromStatus(*out) : Result<std::optional<std::string>>(out.status());
    if (active.ok()) r.active_path = *active;
    else r.failover_error = active.status().message();
  }
  if (spec_.max_shed_level) {
    std::vector<std::string> argv{"evt-budget", "governor", "--json"};
    argv.insert(argv.end(), common_args_.begin(), common_args_.end());
    auto out = run_(argv);
    auto level = out.ok() ? ShedLevelFromGovernor(*out) : Result<int>(out.status());
    if (level.ok()) r.shed_level = *level;
    else r.budget_error = level.status().message();
  }
  return r;
}

GateVerdict Gate::Check(TimePoint now) { return JudgeGate(spec_, Read(now)); }

}  // namespace evt::outbox
