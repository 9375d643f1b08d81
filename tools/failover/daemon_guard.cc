#include "tools/failover/daemon_guard.h"

#include "common/state_root.h"

namespace evt::failover {

bool IsAutomaticSwitch(const ActionContext& context) {
  if (context.hook != "on_activate" && context.hook != "on_deactivate") return false;
  if (context.old_path.empty()) return false;
  return context.reason.rfind("forced by an operator", 0) != 0;
}

HookRunner HoldingHooks(HookRunner inner, HoldKeeper& hold, const Clock& clock) {
  return [inner = std::move(inner), &hold, &clock](const std::vector<ActionSpec>& actions, const ActionContext& context,
                                                   std::vector<ActionReport>* reports) {
    if (!IsAutomaticSwitch(context)) return inner(actions, context, reports);
    const std::optional<SiteHold>& held = hold.At(clock.Now());
    if (!held) return inner(actions, context, reports);
    ActionReport report;
    report.hook = context.hook;
    report.path = context.path ? context.path->name : "";
    report.action = "site hold";
    report.error = "site " + HoldText(*held);
    reports->push_back(std::move(report));
    return false;
  };
}

Result<DaemonGuard> StartDaemon(const Options& o, const char* daemon, const Clock& clock) {
  Result<std::string> dir = ResolveStateDir(o.common);
  if (!dir.ok()) return dir.status();
  DaemonGuard guard;
  Result<std::unique_ptr<Heartbeat>> beat = Heartbeat::Start(*dir, daemon);
  if (!beat.ok()) return beat.status();
  guard.heartbeat = std::move(*beat);
  guard.hold = std::make_unique<HoldKeeper>(*dir);
  guard.hooks = HoldingHooks(RunHook, *guard.hold, clock);
  return guard;
}

}  // namespace evt::failover
