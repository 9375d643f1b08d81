#include "tools/runbook/runner.h"

#include <lauxlib.h>
#include <lua.h>
#include <pwd.h>
#include <unistd.h>

#include <iostream>
#include <set>

#include "common/output_mode.h"
#include "common/time_format.h"
#include "common/process_state.h"
#include "common/utf8.h"
#include "tools/runbook/content_hash.h"
#include "tools/runbook/evt_api.h"
#include "tools/runbook/hard_stop.h"
#include "tools/runbook/program_path.h"
#include "tools/runbook/run_lock.h"

namespace evt::runbook {
namespace {

using Steady = std::chrono::steady_clock;

struct HeaderRead {
  std::string where;
  Result<RunbookHeader> result;
};

// ReadHeader under lua_pcall: a Lua error while reading (out of memory)
// must not reach an unprotected state, where Lua would abort.
int ReadHeaderProtected(lua_State* L) {
  auto* read = static_cast<HeaderRead*>(lua_touserdata(L, 1));
  read->result = ReadHeader(L, 2, read->where);
  return 0;
}

// A sandbox with the runbook's chunk run and its header table read (kept
// in the registry as header_ref).
struct Loaded {
  std::unique_ptr<RunContext> context;
  std::unique_ptr<Sandbox> sandbox;
  RunbookHeader header;
  int header_ref = LUA_NOREF;
};

Result<Loaded> Load(const RunbookFile& file, const std::vector<std::string>& lib_dirs, const SandboxLimits& limits,
                    Duration timeout, const RunEnvironment& environment, bool dry_run) {
  Loaded loaded;
  loaded.context = std::make_unique<RunContext>();
  RunContext* context = loaded.context.get();
  context->runbook = file.name;
  context->environment = environment;
  context->dry_run = dry_run;
  SandboxOptions options;
  options.limits = limits;
  options.lib_dirs = lib_dirs;
  options.print = [context](std::string_view line) { context->Log(LogLevel::kInfo, line); };
  Result<std::unique_ptr<Sandbox>> sandbox = Sandbox::Create(std::move(options));
  if (!sandbox.ok()) return sandbox.status();
  loaded.sandbox = std::move(*sandbox);
  loaded.sandbox->SetRunDeadline(Steady::now() + timeout);
  InstallEvtApi(*loaded.sandbox, *context);
  EVT_RETURN_IF_ERROR(loaded.sandbox->Load(file.source, file.path));
  if (std::optional<std::string> error = loaded.sandbox->Call(0, 1)) return Status::DataErr(*error);
  lua_State* L = loaded.sandbox->state();
  HeaderRead read{file.path, Status::Internal("header not read")};
  lua_pushcfunction(L, ReadHeaderProtected);
  lua_pushlightuserdata(L, &read);
  lua_pushvalue(L, -3);
  if (std::optional<std::string> error = loaded.sandbox->Call(2, 0)) return Status::DataErr(file.path + ": " + *error);
  if (!read.result.ok()) return read.result.status();
  loaded.header = std::move(*read.result);
  loaded.header_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return loaded;
}

// --var name=value over the header's defaults.
Status ResolveVars(const RunbookHeader& header, const std::vector<std::string>& vars, RunContext& context) {
  std::set<std::string> declared;
  std::string list;
  for (const ParamSpec& p : header.params) {
    declared.insert(p.name);
    context.declared_params.push_back(p.name);
    list += (list.empty() ? "" : ", ") + p.name;
    if (p.default_value) context.vars[p.name] = *p.default_value;
  }
  for (const std::string& var : vars) {
    std::size_t eq = var.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::Usage("--var " + var + ": expected NAME=VALUE");
    }
    std::string name = var.substr(0, eq);
    if (!declared.contains(name)) {
      return Status::Usage("--var " + name + ": not a parameter of " + context.runbook + " (parameters: " +
                           (list.empty() ? "none" : list) + ")");
    }
    context.vars[name] = var.substr(eq + 1);
  }
  for (const ParamSpec& p : header.params) {
    if (p.secret && context.vars.contains(p.name)) context.redactor.Add(context.vars[p.name]);
    if (p.required && !context.vars.contains(p.name)) {
      return Status::Usage(context.runbook + ": parameter " + p.name + " is required: pass --var " + p.name +
                           "=VALUE");
    }
  }
  return Status::Ok();
}

Value RedactedParams(const RunbookHeader& header, const RunContext& context) {
  Value params = Value::object();
  for (const auto& [name, value] : context.vars) {
    bool secret = false;
    for (const ParamSpec& p : header.params) secret = secret || (p.name == name && p.secret);
    params.set(name, secret ? std::string(kRedacted) : context.redactor.Apply(value));
  }
  return params;
}

std::string Holder(const RunContext& context, const RunEnvironment& environment) {
  return "run " + context.run_id + " of " + context.runbook + " (pid " + std::to_string(::getpid()) + ", " +
         environment.user + "@" + environment.host + ", since " + FormatRfc3339(environment.clock->Now()) + ")";
}

SandboxLimits LimitsFrom(const Settings& settings) {
  SandboxLimits limits;
  limits.memory_bytes = static_cast<std::size_t>(settings.memory_limit_mb) << 20;
  limits.instructions = settings.max_instructions;
  return limits;
}

struct Outcome {
  std::string name;  // ok, failed, changes_pending, timeout, interrupted
  std::string message;
  Status status;
};

Outcome Decide(const RunContext& context, const Sandbox& sandbox, const std::optional<std::string>& error) {
  if (!context.fatal.ok()) return {"failed", context.fatal.message(), context.fatal};
  if (error) {
    std::string message = ToValidUtf8(context.redactor.Apply(*error));
    // A signal decides the exit code (130/143) whatever the runbook did
    // after it, so the audit row says the same.
    if (sandbox.limit() == LimitKind::kStopped || StopRequested()) {
      return {"interrupted", message, Status::CheckFailed(message)};
    }
    if (sandbox.limit() == LimitKind::kDeadline) return {"timeout", message, Status::CheckFailed(message)};
    return {"failed", message, Status::CheckFailed(message)};
  }
  if (StopRequested()) {
    std::string message = "runbook interrupted by a signal";
    return {"interrupted", message, Status::CheckFailed(message)};
  }
  const StepProgress& progress = context.progress;
  if (progress.failed()) return {"failed", progress.failure(), Status::CheckFailed(progress.failure())};
  if (context.dry_run && progress.changes_pending() > 0) {
    std::string message = "dry run: " + std::to_string(progress.changes_pending()) + " change" +
                          (progress.changes_pending() == 1 ? "" : "s") + " pending";
    return {"changes_pending", message, Status::WithCode(ExitCode::kDryRunPending, message)};
  }
  return {"ok", "", Status::Ok()};
}

}  // namespace

RunEnvironment SystemRunEnvironment() {
  RunEnvironment environment;
  environment.self_dir = SelfDir();
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) {
    environment.user = pw->pw_name;
  } else {
    environment.user = "uid " + std::to_string(::geteuid());
  }
  char host[256] = {};
  environment.host = ::gethostname(host, sizeof host - 1) == 0 ? host : "unknown";
  environment.interactive = IsTerminal(STDIN_FILENO);
  environment.quietest_log_level = QuietestLogLevel(CurrentVerbosity(), IsTerminal(STDERR_FILENO));
  environment.ask = [](const std::string& question) -> std::optional<std::string> {
    std::cerr << question << " [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return std::nullopt;
    return answer;
  };
  return environment;
}

Result<RunbookHeader> LoadHeader(const RunbookFile& file, const std::vector<std::string>& lib_dirs,
                                 const SandboxLimits& limits, Duration timeout) {
  Result<Loaded> loaded = Load(file, lib_dirs, limits, timeout, RunEnvironment{}, false);
  if (!loaded.ok()) return loaded.status();
  return loaded->header;
}

Status RunRunbook(const RunInputs& inputs, AuditLog& audit, StepSink& sink, const RunEnvironment& environment) {
  const Clock& clock = *environment.clock;
  SteadyTime start = clock.Monotonic();
  TimePoint started_at = clock.Now();
  Duration timeout = inputs.options.timeout.value_or(inputs.settings.timeout);
  Result<Loaded> loaded = Load(inputs.file, inputs.lib_dirs, LimitsFrom(inputs.settings), timeout, environment,
                               inputs.options.dry_run);
  if (!loaded.ok()) return loaded.status();
  RunContext& context = *loaded->context;
  Sandbox& sandbox = *loaded->sandbox;
  context.run_id = NewRunId();
  context.yes = inputs.options.yes;
  context.config = inputs.config;
  context.settings = inputs.settings;
  for (const Secret* secret : NotifySecrets(inputs.settings.notify)) context.redactor.Add(secret->bytes());
  context.audit = &audit;
  context.sink = &sink;
  EVT_RETURN_IF_ERROR(ResolveVars(loaded->header, inputs.options.vars, context));

  std::optional<RunLock> lock;
  if (!inputs.options.dry_run && !inputs.state_dir.empty()) {
    Result<RunLock> taken = RunLock::Acquire(inputs.state_dir, loaded->header.lock.value_or(inputs.file.name),
                                             Holder(context, environment));
    if (!taken.ok()) return taken.status();
    lock.emplace(std::move(*taken));
  }

  RunStart run{context.run_id, inputs.file.name, inputs.file.path, inputs.file.hash, environment.user,
               environment.host, RedactedParams(loaded->header, context), inputs.options.dry_run, started_at};
  // The watchdog's own connection, opened before the run so that a stuck
  // run still gets its row; tests without a state folder run without one.
  std::shared_ptr<AuditLog> watchdog_audit;
  if (!inputs.state_dir.empty()) {
    Result<AuditLog> opened = AuditLog::Open(inputs.state_dir);
    if (!opened.ok()) return opened.status();
    watchdog_audit = std::make_shared<AuditLog>(std::move(*opened));
  }
  EVT_RETURN_IF_ERROR(audit.BeginRun(run));
  std::unique_ptr<Watchdog> watchdog;
  if (watchdog_audit && sandbox.run_deadline()) {
    watchdog = std::make_unique<Watchdog>(
        *sandbox.run_deadline(), inputs.settings.kill_grace,
        MakeHardStop({watchdog_audit, context.run_id, inputs.file.name, start, &clock}));
  }

  context.phase = Phase::kRun;
  lua_State* L = sandbox.state();
  lua_rawgeti(L, LUA_REGISTRYINDEX, loaded->header_ref);
  lua_pushliteral(L, "run");
  lua_rawget(L, -2);
  lua_remove(L, -2);
  std::optional<std::string> error = sandbox.Call(0, 0);
  if (watchdog) watchdog->Disarm();
  Outcome outcome = Decide(context, sandbox, error);

  RunEnd end{outcome.name, outcome.message, clock.Now(),
             std::chrono::duration_cast<std::chrono::milliseconds>(clock.Monotonic() - start).count()};
  Status ended = audit.EndRun(context.run_id, end);
  RunSummary summary{run, end, {}};
  Value record = RunRecord(summary);
  record.set("steps", context.steps);
  record.set("changes_pending", context.progress.changes_pending());
  Status written = sink.RunEnded(record);
  (void)written;  // a reader that went away is handled at exit
  if (!ended.ok() && outcome.status.ok()) return ended;
  return outcome.status;
}

Value RunRecord(const RunSummary& run, const std::vector<CallEntry>* calls) {
  Value record = Value::object({{"kind", "runbook"},
                                {"v", 1},
                                {"ts", FormatRfc3339(run.end ? run.end->ended_at : run.start.started_at)},
                                {"run_id", run.start.id},
                                {"runbook", run.start.runbook},
                                {"path", run.start.path},
                                {"hash", run.start.hash},
                                {"user", run.start.user},
                                {"host", run.start.host},
                                {"params", run.start.params},
                                {"dry_run", run.start.dry_run},
                                {"started_at", FormatRfc3339(run.start.started_at)},
                                {"outcome", run.end ? run.end->outcome : std::string("unfinished")}});
  if (run.end) record.set("duration_ms", run.end->duration_ms);
  if (run.end && !run.end->message.empty()) record.set("message", run.end->message);
  Value steps = Value::array();
  for (const StepEntry& step : run.steps) {
    Value s = Value::object({{"seq", step.seq}, {"step", step.name}, {"outcome", step.outcome},
                             {"attempts", step.attempts}, {"duration_ms", step.duration_ms}});
    if (!step.error.empty()) s.set("error", step.error);
    if (calls != nullptr) {
      s.set("started_at", FormatRfc3339(step.started_at));
      Value made = Value::array();
      for (const CallEntry& call : *calls) {
        if (call.step_seq != step.seq) continue;
        Value c = Value::object({{"argv", call.argv}, {"duration_ms", call.duration_ms}, {"dry_run", call.dry_run}});
        if (call.code) c.set("code", *call.code);
        made.push_back(std::move(c));
      }
      s.set("calls", std::move(made));
    }
    steps.push_back(std::move(s));
  }
  record.set("steps", std::move(steps));
  return record;
}

}  // namespace evt::runbook
