#include "tools/runbook/serve_launcher.h"

#include <sstream>

#include "common/child_process.h"
#include "common/json_parse.h"

namespace evt::runbook {

std::vector<std::string> RunArgv(const std::string& self, const CommonOptions& common, const LaunchRequest& request) {
  std::vector<std::string> argv{self, "run", "--yes", "--json"};
  if (!common.config.empty()) argv.insert(argv.end(), {"--config", common.config});
  if (!common.state_dir.empty()) argv.insert(argv.end(), {"--state-dir", common.state_dir});
  argv.push_back(request.runbook);
  for (const auto& [name, value] : request.vars) argv.insert(argv.end(), {"--var", name + "=" + value});
  return argv;
}

std::string RunIdFromOutput(const std::string& out) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    Result<Value> record = ParseJson(line, "run output");
    if (!record.ok() || !record->is_object()) continue;
    const Value* kind = record->find("kind");
    const Value* run_id = record->find("run_id");
    if (kind && kind->is_string() && kind->as_string() == "runbook" && run_id && run_id->is_string()) {
      return run_id->as_string();
    }
  }
  return "";
}

namespace {

std::string LastLine(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  std::size_t cut = trimmed.rfind('\n');
  return cut == std::string::npos ? trimmed : trimmed.substr(cut + 1);
}

}  // namespace

RunLauncher::~RunLauncher() { WaitAll(); }

void RunLauncher::WaitAll() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) thread.join();
}

void RunLauncher::Launch(LaunchRequest request) {
  std::lock_guard lock(mutex_);
  ++running_;
  threads_.emplace_back([this, request = std::move(request)]() mutable { Wait(std::move(request)); });
}

void RunLauncher::Wait(LaunchRequest request) {
  ChildRequest child;
  child.path = self_;
  child.argv = RunArgv(self_, common_, request);
  Result<ChildResult> result = RunChild(child);
  EndedRun ended{request.decision_id, request.runbook, "", 0, ""};
  if (!result.ok()) {
    ended.exit_code = static_cast<int>(result.status().code());
    ended.error = result.status().message();
  } else {
    ended.exit_code = result->exit_code;
    ended.run_id = RunIdFromOutput(result->out);
    if (result->exit_code != 0) ended.error = LastLine(result->err);
  }
  std::lock_guard lock(mutex_);
  ended_.push_back(std::move(ended));
  --running_;
}

std::vector<EndedRun> RunLauncher::TakeEnded() {
  std::lock_guard lock(mutex_);
  return std::exchange(ended_, {});
}

std::size_t RunLauncher::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

}  // namespace evt::runbook
