#include "tools/runbook/evt_api_notify.h"

#include <cstdint>

#include "common/time_format.h"
#include "tools/runbook/content_hash.h"
#include "tools/runbook/evt_api_support.h"
#include "tools/runbook/notify_delivery.h"

namespace evt::runbook {
namespace {

// What a runbook asked of evt.notify besides the message.
struct NotifyOptions {
  std::string key;
  std::string severity = "warning";
  bool required = false;
  bool resolved = false;
};

NotifyOptions ReadOptions(lua_State* L, RunContext& ctx, const std::string& raw) {
  CheckOptKeys(L, 2, ctx, "evt.notify", {"key", "severity", "required", "resolved"});
  NotifyOptions options;
  options.key = raw;
  if (OptField(L, 2, "key") != LUA_TNIL) options.key = ArgString(L, -1, ctx, "evt.notify: key");
  lua_pop(L, 1);
  if (OptField(L, 2, "severity") != LUA_TNIL) options.severity = ArgString(L, -1, ctx, "evt.notify: severity");
  lua_pop(L, 1);
  if (options.severity != "info" && options.severity != "warning" && options.severity != "critical") {
    Raise(L, ctx, "evt.notify: severity: expected info, warning or critical, got \"" + options.severity + "\"");
  }
  options.required = OptField(L, 2, "required") != LUA_TNIL && lua_toboolean(L, -1);
  lua_pop(L, 1);
  options.resolved = OptField(L, 2, "resolved") != LUA_TNIL && lua_toboolean(L, -1);
  lua_pop(L, 1);
  return options;
}

NotifyMessage BuildMessage(const RunContext& ctx, const std::string& text, const NotifyOptions& options,
                           std::int64_t call_seq) {
  NotifyMessage message;
  message.text = text;
  message.key = ctx.redactor.Apply(options.key);
  message.severity = options.severity;
  message.resolved = options.resolved;
  if (ctx.config != nullptr) message.site = ctx.config->site().name;
  message.runbook = ctx.runbook;
  message.run_id = ctx.run_id;
  message.host = ctx.environment.host;
  message.id = ctx.run_id + "." + std::to_string(call_seq);
  message.ts = ctx.Now();
  return message;
}

// Whether the message may go out now: once per key, state and dedup
// window. Firing and resolved are claimed apart, and each forgets the
// other, so a resolve is not held back by the firing it ends, nor the
// next firing by the resolve.
bool Claim(lua_State* L, RunContext& ctx, const NotifyOptions& options) {
  std::string firing = ContentHash(ctx.runbook + "\n" + options.key);
  std::string resolved = ContentHash(ctx.runbook + "\n" + options.key + "\nresolved");
  Result<bool> fresh = ctx.audit->ClaimNotification(options.resolved ? resolved : firing, ctx.Now(),
                                                    ctx.settings.notify.dedup_window);
  Audited(L, ctx, fresh.status());
  if (*fresh) Audited(L, ctx, ctx.audit->ForgetNotification(options.resolved ? firing : resolved));
  return *fresh;
}

Status Send(RunContext& ctx, const NotifyMessage& message) {
  DeliveryOptions delivery;
  delivery.deadline = ctx.sandbox->EffectiveDeadline();
  delivery.kill_grace = ctx.settings.kill_grace;
  delivery.env = ctx.environment.env;
  delivery.failed = [&ctx](const Status& why) { ctx.Log(LogLevel::kWarning, "notify: " + why.message()); };
  return DeliverNotice(ctx.settings.notify, message, delivery);
}

}  // namespace

int EvtNotify(lua_State* L) {
  RunContext& ctx = Ctx(L);
  RequireRun(L, ctx, "evt.notify");
  std::string raw = ArgString(L, 1, ctx, "evt.notify: message");
  NotifyOptions options = ReadOptions(L, ctx, raw);
  Status undelivered;
  std::string message = ctx.redactor.Apply(raw);
  CallEntry entry;
  entry.seq = ctx.next_call_seq++;
  entry.step_seq = ctx.progress.Current();
  entry.argv = Value::array({Value("notify"), Value(message)});
  entry.dry_run = ctx.dry_run;
  bool delivered = false;
  if (ctx.dry_run) {
    ctx.Log(LogLevel::kDryRun, "would notify: " + message);
  } else if (!ctx.settings.notify.configured()) {
    ctx.Log(LogLevel::kWarning, "notify: no transport in runbook.notify of the config; not sent: " + message);
    undelivered = Status::Config("notify: no transport in runbook.notify of the config (" +
                                 std::string(kNotifyTransports) + "); not sent: " + message);
  } else if (!Claim(L, ctx, options)) {
    ctx.Log(LogLevel::kInfo, "notify: already sent within " + FormatDuration(ctx.settings.notify.dedup_window) + ": " + message);
  } else {
    undelivered = Send(ctx, BuildMessage(ctx, message, options, entry.seq));
    delivered = undelivered.ok();
    entry.code = delivered ? 0 : 1;
  }
  Audited(L, ctx, ctx.audit->RecordCall(ctx.run_id, entry));
  if (options.required && !undelivered.ok()) {
    // A pcall cannot turn a page that did not go out into a success.
    if (ctx.fatal.ok()) ctx.fatal = Status::WithCode(undelivered.code(), ctx.redactor.Apply(undelivered.message()));
    Raise(L, ctx, undelivered.message());
  }
  lua_pushboolean(L, delivered);
  return 1;
}

}  // namespace evt::runbook
