#include "tools/failover/live_view.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "common/color.h"
#include "common/duration.h"
#include "common/json_parse.h"
#include "common/number_text.h"
#include "common/output_mode.h"
#include "common/table.h"
#include "common/text_fit.h"
#include "common/text_width.h"
#include "common/time_display.h"

namespace evt::failover {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(200);
// The hold is read from site.db at most this often: a person placing one
// sees it within a second, and a tick does not open the database each time.
constexpr Duration kHoldEvery{1000};
constexpr std::size_t kLabel = 8;

std::string Text(const Value& record, std::string_view key) {
  const Value* v = record.find(key);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

// "label   text", the text wrapped under itself (a switch's reason is what
// the on-call reads whole), each line cut to the width, then styled.
std::string Row(std::string_view label, std::string_view text, Style style, const ViewLook& look) {
  std::string head(label);
  head.append(head.size() < kLabel ? kLabel - head.size() : 1, ' ');
  const int room = look.width > 0 ? look.width - static_cast<int>(head.size()) : 0;
  if (room < 16) return Styled(FittedLine(head + std::string(text), look.width), style, look.color) + "\n";
  std::string out;
  for (const std::string& part : WrapToWidth(SanitizeForTerminal(text), room)) {
    out += Styled(FittedLine(head + part, look.width), style, look.color) + "\n";
    head.assign(head.size(), ' ');
  }
  return out;
}

std::string When(TimePoint t, const ViewLook& look) { return FormatLocalTime(t, *look.zone, look.now); }

std::string Age(TimePoint since, TimePoint now) {
  return AgeText(since, now);
}

std::string ActiveText(const FailoverView& v, const ViewLook& look) {
  if (v.active.empty()) return "none: no path carries traffic";
  if (!v.active_since) return v.active;
  return v.active + " since " + When(*v.active_since, look) + " (" + Age(*v.active_since, look.now) + ")";
}

std::string SwitchText(const SwitchView& s, const ViewLook& look) {
  std::string from = s.from.empty() ? "start" : s.from;
  std::string text = When(s.at, look) + " " + from + (s.failed ? " -x " : " -> ") + s.to;
  return s.reason.empty() ? text : text + ": " + s.reason;
}

std::string PathTable(const FailoverView& v, const ViewLook& look) {
  Table t;
  t.AddColumn("path", {.priority = Priority::kKey});
  t.AddColumn("state", {.priority = Priority::kHigh});
  t.AddColumn("health");
  t.AddColumn("penalty", {.priority = Priority::kLow});
  for (const PathView& p : v.paths) {
    std::string state = !p.up ? "down" : p.degraded ? "degraded" : p.suppressed ? "suppressed" : "up";
    Style style = !p.up ? Style::kBad : p.degraded || p.suppressed ? Style::kWarn : Style::kOk;
    t.AddRow({(p.active ? "* " : "  ") + p.name, {state, style}, std::to_string(p.health), FixedText(p.penalty, 0)});
  }
  return t.Render(look.color, look.width);
}

}  // namespace

std::string RenderFailoverView(const FailoverView& v, const ViewLook& look) {
  std::string out = Row("evt-failover " + v.mode, FormatLocalTimeSeconds(look.now, *look.zone, look.now),
                        Style::kHeader, look);
  out += Row("active", ActiveText(v, look), v.active.empty() ? Style::kBad : Style::kOk, look);
  if (v.last_switch) {
    out += Row("switch", SwitchText(*v.last_switch, look), v.last_switch->failed ? Style::kBad : Style::kPlain, look);
  } else {
    out += Row("switch", "none yet", Style::kDim, look);
  }
  if (v.hold) {
    out += Row("HOLD", "until " + When(v.hold->until, look) + " by " + v.hold->by + ": " + v.hold->reason,
               Style::kWarn, look);
  }
  out += PathTable(v, look);
  if (!v.last_event.empty()) out += Row("last", v.last_event, Style::kDim, look);
  return out;
}

void FoldRecord(FailoverView& view, const Value& record) {
  if (Text(record, "kind") != "failover") return;
  std::string event = Text(record, "event");
  std::string reason = Text(record, "reason");
  view.last_event = event + " " + Text(record, "path") + (reason.empty() ? "" : ": " + reason);
  if (event != "switch" && event != "switch_failed") return;
  SwitchView s{Text(record, "previous"), Text(record, "path"), reason, event == "switch_failed", {}};
  Result<TimePoint> at = ParseRfc3339(Text(record, "detected_at"));
  if (!at.ok()) at = ParseRfc3339(Text(record, "ts"));
  if (at.ok()) s.at = *at;
  view.last_switch = std::move(s);
}

FailoverLiveView::FailoverLiveView(std::string mode, const Clock& clock, std::string state_dir, bool color,
                                   const TimeZone& zone)
    : mode_(std::move(mode)),
      clock_(clock),
      state_dir_(std::move(state_dir)),
      color_(color),
      zone_(zone) {
  view_.mode = mode_;
  int fd = memfd_create("evt-failover-records", MFD_CLOEXEC);
  // Appending, so writes land at the end again once the view has emptied the file.
  if (fd >= 0 && fcntl(fd, F_SETFL, O_APPEND) == 0) file_ = fdopen(fd, "a");
  if (file_ == nullptr && fd >= 0) close(fd);
}

FailoverLiveView::~FailoverLiveView() {
  if (file_ != nullptr) std::fclose(file_);
}

bool FailoverLiveView::TakeRecords() {
  int fd = fileno(file_);
  char buffer[4096];
  bool took = false;
  off_t at = 0;
  ssize_t n;
  while ((n = pread(fd, buffer, sizeof buffer, at)) > 0) {
    partial_.append(buffer, static_cast<std::size_t>(n));
    at += n;
  }
  if (at > 0 && ftruncate(fd, 0) != 0) return false;
  std::size_t end;
  while ((end = partial_.find('\n')) != std::string::npos) {
    Result<Value> record = ParseJson(std::string_view(partial_).substr(0, end), "-");
    if (record.ok()) FoldRecord(view_, *record);
    partial_.erase(0, end + 1);
    took = true;
  }
  return took;
}

void FailoverLiveView::ReadState() {
  if (session_ == nullptr) return;
  const Decider& d = session_->decider();
  const DeciderSnapshot s = d.Snapshot();
  const TimePoint now = clock_.Now();
  view_.active = session_->announced_active();
  view_.active_since = d.active() == view_.active ? d.active_since() : std::nullopt;
  view_.paths.clear();
  for (std::size_t i = 0; i < d.spec().paths.size(); ++i) {
    view_.paths.push_back(PathView{d.spec().paths[i].name, d.spec().paths[i].name == view_.active, d.Up(i),
                                   d.Degraded(i), d.Suppressed(i), s.paths[i].health, d.Penalty(i, now)});
  }
  if (!state_dir_.empty() && (!hold_read_at_ || now - *hold_read_at_ >= kHoldEvery)) {
    hold_read_at_ = now;
    Result<std::optional<SiteHold>> hold = HoldAt(state_dir_, now);
    view_.hold = hold.ok() ? *hold : std::nullopt;
  }
}

Status FailoverLiveView::Refresh() {
  const bool force = TakeRecords();
  auto steady = std::chrono::steady_clock::now();
  if (!force && drawn_at_ && steady - *drawn_at_ < kRedrawEvery) return Status::Ok();
  drawn_at_ = steady;
  ReadState();
  ViewLook look{TerminalWidth(STDOUT_FILENO), color_, &zone_, clock_.Now()};
  std::string text = drawing_.Replace(RenderFailoverView(view_, look));
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    return Status::IoErr("write error");
  }
  return Status::Ok();
}

std::unique_ptr<FailoverLiveView> LiveViewOnTerminal(const CommonOptions& common, std::string mode,
                                                     std::string state_dir, const Clock& clock) {
  if (WantRecords(common)) return nullptr;
  auto view = std::make_unique<FailoverLiveView>(std::move(mode), clock, std::move(state_dir),
                                                 ColorEnabled(STDOUT_FILENO), DisplayZoneFor(common));
  if (view->records_file() == nullptr) return nullptr;
  return view;
}

}  // namespace evt::failover
