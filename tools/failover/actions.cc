#include "tools/failover/actions.h"

#include <time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "tools/failover/action_config.h"
#include "tools/failover/template_render.h"

extern char** environ;

namespace evt::failover {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(c)) : '_';
  return s;
}

std::vector<std::string> Environment(const ActionContext& c) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::string_view(*e).rfind("EVT_FAILOVER_", 0) != 0) env.emplace_back(*e);
  env.push_back(std::string(kInActionVariable) + "=1");
  env.push_back("EVT_FAILOVER_PATH=" + c.path->name);
  env.push_back("EVT_FAILOVER_HOOK=" + c.hook);
  env.push_back("EVT_FAILOVER_OLD_STATE=" + c.old_state);
  env.push_back("EVT_FAILOVER_NEW_STATE=" + c.new_state);
  env.push_back("EVT_FAILOVER_OLD_PATH=" + c.old_path);
  env.push_back("EVT_FAILOVER_NEW_PATH=" + c.new_path);
  env.push_back("EVT_FAILOVER_REASON=" + c.reason);
  for (const auto& [name, value] : c.path->vars) env.push_back("EVT_FAILOVER_VAR_" + Upper(name) + "=" + value);
  return env;
}

std::map<std::string, std::string> TemplateVars(const ActionContext& c) {
  std::map<std::string, std::string> vars = c.path->site_vars;
  for (const auto& [name, value] : c.path->vars) vars[name] = value;
  vars["path"] = c.path->name;
  vars["hook"] = c.hook;
  vars["old_state"] = c.old_state;
  vars["new_state"] = c.new_state;
  vars["old_path"] = c.old_path;
  vars["new_path"] = c.new_path;
  vars["reason"] = c.reason;
  return vars;
}

Status WriteTemplate(const ActionSpec& a, const ActionContext& c) {
  std::ifstream in(a.template_file, std::ios::binary);
  if (!in) return Status::NoInput(a.template_file + ": cannot read the template");
  std::ostringstream text;
  text << in.rdbuf();
  Result<std::string> rendered = RenderTemplate(text.str(), TemplateVars(c));
  if (!rendered.ok()) return rendered.status().Prefixed(a.template_file);
  return WriteAtomically(a.write, *rendered);
}

// Between SIGTERM to a program's group and SIGKILL.
constexpr Duration kKillGrace{1000};

// The program's output goes to our stderr (stdout carries records); a stop
// signal lets it finish: an action half done is worse than one done late.
Status RunTracked(const std::vector<std::string>& argv, const ActionSpec& a, const ActionContext& c) {
  std::optional<std::string> path = FindProgram(argv[0], "");
  if (!path) return Status::Unavailable("cannot start " + argv[0] + ": " + std::strerror(ENOENT));
  ChildRequest request;
  request.path = *path;
  request.argv = argv;
  request.deadline = std::chrono::steady_clock::now() + a.timeout;
  request.grace = kKillGrace;
  request.env = Environment(c);
  request.env_mode = ChildRequest::Env::kOnly;
  request.output_fd = STDERR_FILENO;
  request.end_on_stop = false;
  if (c.reaper) request.started = [&c](int group) { c.reaper->Started(group); };
  Status s = ProgramOutcome(RunChild(request), a.timeout);
  if (c.reaper) c.reaper->Ended();
  return s;
}

Status RunOnce(const ActionSpec& a, const ActionContext& c) {
  if (!a.run.empty()) return RunTracked(a.run, a, c);
  EVT_RETURN_IF_ERROR(WriteTemplate(a, c));
  if (a.then.empty()) return Status::Ok();
  return RunTracked(a.then, a, c);
}

void PauseBeforeRetry() {
  timespec pause{0, 200 * 1000 * 1000};
  nanosleep(&pause, nullptr);
}

}  // namespace

Status ProgramOutcome(const Result<ChildResult>& ran, Duration timeout) {
  if (!ran.ok()) return ran.status();
  if (ran->timed_out) return Status::CheckFailed("timed out after " + FormatDuration(timeout));
  if (ran->signal != 0) return Status::CheckFailed("killed by signal " + std::to_string(ran->signal));
  if (ran->exit_code != 0) return Status::CheckFailed("exit status " + std::to_string(ran->exit_code));
  return Status::Ok();
}

bool RunHook(const std::vector<ActionSpec>& actions, const ActionContext& context,
             std::vector<ActionReport>* reports) {
  for (const ActionSpec& a : actions) {
    ActionReport report;
    report.hook = context.hook;
    report.path = context.path->name;
    report.action = a.run.empty() ? "write " + a.write : a.run[0];
    const auto start = std::chrono::steady_clock::now();
    Status last;
    for (int attempt = 0; attempt <= a.retries; ++attempt) {
      if (attempt > 0) PauseBeforeRetry();
      ++report.attempts;
      last = RunOnce(a, context);
      if (last.ok()) break;
    }
    report.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    report.ok = last.ok();
    if (!last.ok()) report.error = last.message();
    reports->push_back(std::move(report));
    if (!last.ok()) return false;
  }
  return true;
}

}  // namespace evt::failover
