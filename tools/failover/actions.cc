#include "tools/failover/actions.h"

#include <time.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>

#include "tools/failover/child.h"
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
  std::map<std::string, std::string> vars = c.path->vars;
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

Status RunTracked(const std::vector<std::string>& argv, const ActionSpec& a, const ActionContext& c) {
  if (!c.reaper) return RunProgram(argv, Environment(c), a.timeout);
  Status s = RunProgram(argv, Environment(c), a.timeout, [&c](pid_t group) { c.reaper->Started(group); });
  c.reaper->Ended();
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
