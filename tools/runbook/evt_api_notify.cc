#include "tools/runbook/evt_api_notify.h"

#include <cstdint>

#include "common/time_format.h"
#include "tools/runbook/content_hash.h"
#include "tools/runbook/evt_api_support.h"
#include "tools/runbook/notify_delivery.h"

namespace evt::runbook {
namespace {

NotifyMessage BuildMessage(const RunContext& ctx, const std::string& text, const std::string& key,
                           const std::string& severity, std::int64_t call_seq) {
  NotifyMessage message;
  message.text = text;
  message.key = key;
  message.severity = severity;
  if (ctx.config != nullptr) message.site = ctx.config->site().name;
  message.runbook = ctx.runbook;
  message.run_id = ctx.run_id;
  message.host = ctx.environment.host;
  message.id = ctx.run_id + "." + std::to_string(call_seq);
  message.ts = ctx.Now();
  return message;
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
      DeliveryOptions options;
      options.deadline = ctx.sandbox->EffectiveDeadline();
      options.kill_grace = ctx.settings.kill_grace;
      options.env = ctx.environment.env;
      options.failed = [&ctx](const Status& why) { ctx.Log("warning", "notify: " + why.message()); };
      undelivered = DeliverNotice(ctx.settings.notify,
                                  BuildMessage(ctx, message, ctx.redactor.Apply(key), severity, entry.seq), options);
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
