#include "tools/runbook/evt_api_notify.h"

#include "common/child_process.h"
#include "common/exit_code.h"
#include "common/json_writer.h"
#include "common/time_format.h"
#include "tools/runbook/content_hash.h"
#include "tools/runbook/evt_api_support.h"
#include "tools/runbook/notifier.h"
#include "tools/runbook/program_path.h"

namespace evt::runbook {
namespace {

// Sends through each configured transport: Ok when one delivered, else the
// failure most worth retrying (TempFail, else Unavailable).
Status Deliver(RunContext& ctx, const std::string& message, const std::string& severity) {
  const NotifySettings& notify = ctx.settings.notify;
  Status failure;
  auto failed = [&](Status why) {
    ctx.Log("warning", "notify: " + why.message());
    if (failure.ok() || why.code() == ExitCode::kTempFail) failure = std::move(why);
  };
  auto deadline = ctx.sandbox->EffectiveDeadline();
  if (notify.webhook) {
    Value body = Value::object({{"kind", "notify"},
                                {"v", 1},
                                {"ts", FormatRfc3339(ctx.Now())},
                                {"runbook", ctx.runbook},
                                {"run_id", ctx.run_id},
                                {"host", ctx.environment.host},
                                {"severity", severity},
                                {"message", message}});
    Result<std::string> text = ToJson(body);
    Status sent = text.ok() ? PostWebhook(*notify.webhook, *text, deadline) : text.status();
    if (sent.ok()) return sent;
    failed(sent);
  }
  if (!notify.command.empty()) {
    Result<std::string> path = FindProgram(notify.command[0], ctx.environment.env);
    Result<ChildResult> ran = path.status();
    if (path.ok()) {
      ChildRequest request;
      request.path = *path;
      request.argv = notify.command;
      request.stdin_data = message + "\n";
      request.deadline = deadline;
      request.grace = ctx.settings.kill_grace;
      ran = RunChild(request);
    }
    if (ran.ok() && ran->exit_code == 0) return Status::Ok();
    std::string why = notify.command[0] + ": " + (ran.ok() ? "exit " + std::to_string(ran->exit_code) : ran.status().message());
    // The command's own sysexits word on whether to try again.
    bool transient = ran.ok() && (ran->exit_code == static_cast<int>(ExitCode::kTempFail) || ran->timed_out);
    failed(transient ? Status::TempFail(why) : Status::Unavailable(why));
  }
  return failure;
}

}  // namespace

int EvtNotify(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.notify");
  std::string raw = ArgString(L, 1, ctx, "evt.notify: message");
  CheckOptKeys(L, 2, ctx, "evt.notify", {"key", "severity", "required"});
  std::string key = raw;
  if (OptField(L, 2, "key") != LUA_TNIL) key = ArgString(L, -1, ctx, "evt.notify: key");
  lua_pop(L, 1);
  std::string severity = "warning";
  if (OptField(L, 2, "severity") != LUA_TNIL) severity = ArgString(L, -1, ctx, "evt.notify: severity");
  lua_pop(L, 1);
  if (severity != "info" && severity != "warning" && severity != "critical") {
    Raise(L, ctx, "evt.notify: severity: expected info, warning or critical, got \"" + severity + "\"");
  }
  bool required = OptField(L, 2, "required") != LUA_TNIL && lua_toboolean(L, -1);
  lua_pop(L, 1);
  Status undelivered;
  std::string message = ctx.redactor.Apply(raw);
  CallEntry entry;
  entry.seq = ctx.next_call_seq++;
  entry.step_seq = ctx.progress.Current();
  entry.argv = Value::array({Value("notify"), Value(message)});
  entry.dry_run = ctx.dry_run;
  bool delivered = false;
  if (ctx.dry_run) {
    ctx.Log("dry run", "would notify: " + message);
  } else if (!ctx.settings.notify.configured()) {
    ctx.Log("warning", "notify: no transport in runbook.notify of the config; not sent: " + message);
    undelivered = Status::Config("notify: no transport in runbook.notify of the config (" +
                                 std::string(kNotifyTransports) + "); not sent: " + message);
  } else {
    Result<bool> fresh = ctx.audit->ClaimNotification(ContentHash(ctx.runbook + "\n" + key), ctx.Now(),
                                                      ctx.settings.notify.dedup_window);
    Audited(L, ctx, fresh.status());
    if (!*fresh) {
      ctx.Log("info", "notify: already sent within " + FormatDuration(ctx.settings.notify.dedup_window) + ": " +
                          message);
    } else {
      undelivered = Deliver(ctx, message, severity);
      delivered = undelivered.ok();
      entry.code = delivered ? 0 : 1;
    }
  }
  Audited(L, ctx, ctx.audit->RecordCall(ctx.run_id, entry));
  if (required && !undelivered.ok()) {
    // A pcall cannot turn a page that did not go out into a success.
    if (ctx.fatal.ok()) ctx.fatal = Status::WithCode(undelivered.code(), ctx.redactor.Apply(undelivered.message()));
    Raise(L, ctx, undelivered.message());
  }
  lua_pushboolean(L, delivered);
  return 1;
}

}  // namespace evt::runbook
