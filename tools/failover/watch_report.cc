#include "tools/failover/watch_report.h"

#include "common/atomic_file.h"
#include "common/messages.h"
#include "tools/failover/failover_metrics.h"

namespace evt::failover {

WatchReport::WatchReport(const Session& session, FailoverStore& store, HoldKeeper& hold, ServiceNotifier& notifier,
                         const Clock& clock, std::string textfile)
    : session_(session),
      store_(store),
      hold_(hold),
      notifier_(notifier),
      clock_(clock),
      textfile_(std::move(textfile)),
      watchdog_every_(notifier.WatchdogEvery()) {}

std::string WatchReport::StatusLine() const {
  const std::string& active = session_.announced_active();
  return active.empty() ? "no path is active" : "active: " + active;
}

Status WatchReport::Begin() {
  if (textfile_.empty()) return Status::Ok();
  last_write_ = clock_.Monotonic();
  return WriteTextfile(clock_.Now());
}

Status WatchReport::AfterTick(bool decided) {
  const auto mono = clock_.Monotonic();
  // The first decision is published at once, not up to a second later.
  const bool becoming_ready = !ready_ && decided;
  if (!textfile_.empty() && (becoming_ready || !last_write_ || mono - *last_write_ >= kTextfileEvery)) {
    last_write_ = mono;
    EVT_RETURN_IF_ERROR(WriteTextfile(clock_.Now()));
  }
  if (becoming_ready) {
    ready_ = true;
    status_ = StatusLine();
    notifier_.Notify("READY=1\nSTATUS=" + status_);
  } else if (ready_ && StatusLine() != status_) {
    status_ = StatusLine();
    notifier_.Notify("STATUS=" + status_);
  }
  if (watchdog_every_ && (!last_ping_ || mono - *last_ping_ >= *watchdog_every_)) {
    last_ping_ = mono;
    notifier_.Notify("WATCHDOG=1");
  }
  return Status::Ok();
}

Status WatchReport::WriteTextfile(TimePoint now) {
  Status written = [&]() -> Status {
    if (!stored_switches_) {
      EVT_ASSIGN_OR_RETURN(SwitchTally stored, store_.Switches());
      // What this session recorded before now is in the store already.
      stored.count -= session_.switches_recorded().count;
      stored_switches_ = stored;
    }
    SwitchTally switches = *stored_switches_;
    switches.count += session_.switches_recorded().count;
    if (session_.switches_recorded().last) switches.last = session_.switches_recorded().last;
    FailoverFigures f = FiguresOf(session_.decider(), session_.announced_active(), switches, hold_.At(now).has_value());
    f.heartbeat = now;
    return WriteFileAtomically(textfile_, FailoverMetricsText(f, OutputFormat::kPrometheus));
  }();
  if (written.ok()) {
    written_ = true;
    warned_ = false;
    return written;
  }
  if (!written_) return written.Prefixed("--textfile");
  if (!warned_) PrintWarning("--textfile: " + written.message() + "; going on without it");
  warned_ = true;
  return Status::Ok();
}

void WatchReport::Stopping() { notifier_.Notify("STOPPING=1"); }

}  // namespace evt::failover
