#include "tools/load/open_loop.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "common/process_state.h"

namespace evt::load {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using MonoTime = LoadClock::MonoTime;

namespace {

// The engine's wait is in whole milliseconds; rounding up could overshoot
// the next send, so this rounds down.
milliseconds WholeMillisBefore(MonoTime from, MonoTime to) {
  return std::max(milliseconds(0), std::chrono::floor<milliseconds>(to - from));
}

// Polls wake at least this often, so a stop signal is seen promptly even
// when nothing is due for a while.
constexpr milliseconds kLongestPoll(100);

}  // namespace

const char* StopReasonName(StopReason reason) {
  switch (reason) {
    case StopReason::kDone: return "done";
    case StopReason::kInterrupted: return "interrupted";
    case StopReason::kAborted: return "aborted";
    case StopReason::kTimeBound: return "time bound";
  }
  return "done";
}

struct OpenLoopDriver::State {
  bool running = false;  // outside Run(), late completions are dropped
  MonoTime start_mono{};
  MicroTime start_wall{};
  LoadWindow window;  // the open one
  std::int64_t window_index = 0;
  MonoTime window_end{};
  LoadWindow total;
  bool any_window_closed = false;
  std::int64_t in_flight = 0;
  std::int64_t last_seq = 0;
  // The last time an arrival was due but the in-flight bound held it: every
  // arrival due by then and sent later was held back.
  std::optional<MonoTime> blocked_at;
  std::string abort_reason;
  // How long a Poll(0) of the engine takes (a moving average), and when
  // the engine was last polled before a precise sleep.
  LoadClock::MonoTime::duration poll_cost{};
  MonoTime last_poll{};
};

OpenLoopDriver::OpenLoopDriver(probe::ProbeRunner& runner, LoadClock& clock, LoadUnit& unit, Arrivals arrivals,
                               OpenLoopSettings settings)
    : runner_(runner),
      clock_(clock),
      unit_(unit),
      schedule_(arrivals),
      tally_(std::move(arrivals)),
      settings_(settings),
      state_(std::make_shared<State>()) {
  // A bound of 0 would hold every arrival back until the time bound.
  settings_.max_in_flight = std::max<std::int64_t>(settings_.max_in_flight, 1);
}

OpenLoopDriver::~OpenLoopDriver() { state_->running = false; }

microseconds OpenLoopDriver::SinceStart(MonoTime t) const {
  return std::chrono::duration_cast<microseconds>(t - state_->start_mono);
}

OpenLoopSummary OpenLoopDriver::Run() {
  State& s = *state_;
  s.running = true;
  s.start_mono = clock_.Monotonic();
  s.start_wall = clock_.Wall();
  s.window.start = s.start_wall;
  s.window_end = s.start_mono + std::chrono::seconds(1);
  const MonoTime time_bound = s.start_mono +
                              std::chrono::duration_cast<microseconds>(std::chrono::duration<double>(schedule_.seconds())) +
                              settings_.late_grace;
  OpenLoopSummary summary;
  while (!StopBeforeNextSend(time_bound, summary)) SendOrWait(time_bound);
  summary.unsent = CountUnsent();
  Drain();
  s.running = false;
  summary.abandoned = s.in_flight;
  summary.total = s.total;
  summary.total.seconds = std::chrono::duration<double>(clock_.Monotonic() - s.start_mono).count();
  // Over the schedule's span, not the drain after it: a run that took 5.01 s
  // to finish a 1000/s schedule of 5 s was asked for 1000/s, not 998/s.
  const double scheduled = std::min(summary.total.seconds, schedule_.seconds());
  summary.total.target_rate = scheduled > 0 ? tally_.ExpectedBetween(0, scheduled) / scheduled : 0;
  summary.total.in_flight = s.in_flight;
  return summary;
}

bool OpenLoopDriver::StopBeforeNextSend(MonoTime time_bound, OpenLoopSummary& summary) {
  State& s = *state_;
  MonoTime now = clock_.Monotonic();
  CloseWindowsUpTo(now);
  if (!s.abort_reason.empty()) {
    summary.reason = StopReason::kAborted;
    summary.abort_reason = s.abort_reason;
  } else if (StopRequested()) {
    summary.reason = StopReason::kInterrupted;
    summary.signal = StopSignal();
  } else if (!schedule_.Peek()) {
    summary.reason = StopReason::kDone;
  } else if (now >= time_bound) {
    summary.reason = StopReason::kTimeBound;
  } else {
    return false;
  }
  return true;
}

void OpenLoopDriver::SendOrWait(MonoTime time_bound) {
  State& s = *state_;
  MonoTime now = clock_.Monotonic();
  microseconds next = *schedule_.Peek();
  MonoTime due = s.start_mono + next;
  if (due > now) {
    WaitForNextSend(std::min(due, time_bound));
  } else if (s.in_flight < settings_.max_in_flight) {
    schedule_.Pop();
    SendDue(next);
  } else {
    s.blocked_at = now;
    runner_.Poll(std::clamp(WholeMillisBefore(now, std::min(s.window_end, time_bound)), milliseconds(1), kLongestPoll));
  }
}

void OpenLoopDriver::SendDue(microseconds offset) {
  State& s = *state_;
  MonoTime now = clock_.Monotonic();
  MicroTime intended = s.start_wall + offset;
  MicroTime sent = s.start_wall + std::max(SinceStart(now), offset);
  microseconds slip = sent - intended;
  ++s.window.sent;
  s.window.slip.Record(slip.count());
  if (slip > settings_.slip_threshold) ++s.window.slipped;
  if (s.blocked_at && s.start_mono + offset <= *s.blocked_at) ++s.window.held_back;
  ++s.in_flight;
  std::shared_ptr<State> shared = state_;
  auto outcome = [this, shared](RequestOutcome o) {
    if (!shared->running) return;
    // An answer at a window's last instant counts in that window, so a run
    // whose last answer lands on a second does not end with an empty one.
    CloseWindowsUpTo(clock_.Monotonic() - microseconds(1));
    shared->window.Add(o);
    on_outcome(o);
  };
  auto finished = [shared] {
    if (shared->running) --shared->in_flight;
  };
  unit_.Start(++s.last_seq, intended, sent, std::move(outcome), std::move(finished));
}

void OpenLoopDriver::WaitForNextSend(MonoTime due) {
  MonoTime now = clock_.Monotonic();
  if (due - now > settings_.precise_sleep) {
    MonoTime wake = std::min(due - settings_.precise_sleep + milliseconds(1), state_->window_end);
    runner_.Poll(std::clamp(WholeMillisBefore(now, wake), milliseconds(0), kLongestPoll));
    return;
  }
  State& s = *state_;
  // A poll expected to run past the send waits until after it, unless the
  // engine has not been polled for a millisecond (its transfers must move).
  if (due - now > s.poll_cost || now - s.last_poll > milliseconds(1)) {
    runner_.Poll(milliseconds(0));
    MonoTime after = clock_.Monotonic();
    s.poll_cost = (s.poll_cost * 7 + (after - now)) / 8;
    s.last_poll = after;
  }
  if (clock_.Monotonic() < due) clock_.SleepUntil(due);
}

std::int64_t OpenLoopDriver::CountUnsent() {
  State& s = *state_;
  MonoTime now = clock_.Monotonic();
  // Those already due were held back if the bound was biting when they
  // were: they count in the window, as never sent. The rest of a long
  // schedule is counted, not walked.
  for (std::optional<microseconds> next = schedule_.Peek(); next && s.start_mono + *next <= now;
       next = schedule_.Peek()) {
    if (s.blocked_at && s.start_mono + *next <= *s.blocked_at) ++s.window.held_back;
    schedule_.Pop();
  }
  return std::max<std::int64_t>(0, schedule_.total() - s.last_seq);
}

void OpenLoopDriver::Drain() {
  State& s = *state_;
  const MonoTime deadline = clock_.Monotonic() + settings_.drain_timeout;
  while (s.in_flight > 0) {
    MonoTime now = clock_.Monotonic();
    CloseWindowsUpTo(now);
    if (now >= deadline) break;
    runner_.Poll(std::clamp(WholeMillisBefore(now, std::min(deadline, s.window_end)), milliseconds(1), kLongestPoll));
  }
  MonoTime now = clock_.Monotonic();
  CloseWindowsUpTo(now - microseconds(1));
  // The last window is shorter; it may even be empty of time when the run
  // ended on a second, and still hold the arrivals counted as never sent.
  const LoadWindow& w = s.window;
  bool has_counts = w.sent + w.completed + w.held_back + w.in_flight > 0;
  if (now > s.window_end - std::chrono::seconds(1) || has_counts || !s.any_window_closed) CloseWindow(now);
}

void OpenLoopDriver::CloseWindowsUpTo(MonoTime now) {
  while (state_->running && now >= state_->window_end) CloseWindow(state_->window_end);
}

void OpenLoopDriver::CloseWindow(MonoTime end) {
  State& s = *state_;
  LoadWindow& w = s.window;
  const double from = static_cast<double>(s.window_index);
  const double to = std::chrono::duration<double>(end - s.start_mono).count();
  w.seconds = to - from;
  w.target_rate = w.seconds > 0 ? tally_.ExpectedBetween(from, to) / w.seconds : 0;
  for (std::optional<microseconds> next = tally_.Peek(); next && s.start_mono + *next < end; next = tally_.Peek()) {
    tally_.Pop();
    ++w.intended;
  }
  w.in_flight = s.in_flight;
  on_window(w);
  if (s.any_window_closed) {
    s.total.Merge(w);
  } else {
    s.total = w;
  }
  s.any_window_closed = true;
  if (s.abort_reason.empty()) s.abort_reason = abort_check(w);
  w = LoadWindow();
  ++s.window_index;
  w.start = s.start_wall + std::chrono::seconds(s.window_index);
  s.window_end = s.start_mono + std::chrono::seconds(s.window_index + 1);
}

}  // namespace evt::load
