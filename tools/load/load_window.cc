#include "tools/load/load_window.h"

#include <algorithm>
#include <chrono>

namespace evt::load {
namespace {

std::int64_t MicrosBetween(MicroTime from, MicroTime to) { return (to - from).count(); }

double SecondsBetween(MicroTime from, MicroTime to) { return std::chrono::duration<double>(to - from).count(); }

bool IsEmptyAccumulator(const LoadWindow& w) { return w.start == MicroTime{}; }

// Both windows on one time line, from the earlier start: consecutive
// windows make a longer one; the same second from two senders stays a
// second and its rates add.
void JoinTimeLine(LoadWindow& into, const LoadWindow& other) {
  if (IsEmptyAccumulator(into)) {
    into.start = other.start;
    into.seconds = other.seconds;
    into.target_rate = other.target_rate;
    into.in_flight = other.in_flight;
    return;
  }
  const MicroTime start = std::min(into.start, other.start);
  const double end = SecondsBetween(start, into.start) + into.seconds;
  const double other_end = SecondsBetween(start, other.start) + other.seconds;
  const double seconds = std::max(end, other_end);
  const double target_requests = into.target_rate * into.seconds + other.target_rate * other.seconds;
  into.target_rate = seconds > 0 ? target_requests / seconds : 0;
  if (other_end > end) into.in_flight = other.in_flight;
  else if (other_end == end) into.in_flight += other.in_flight;
  into.start = start;
  into.seconds = seconds;
}

}  // namespace

void LoadWindow::Add(const RequestOutcome& outcome) {
  ++completed;
  corrected.Record(MicrosBetween(outcome.intended, outcome.done));
  uncorrected.Record(MicrosBetween(outcome.sent, outcome.done));
  if (outcome.error_class != ErrorClass::kNone) ++errors[static_cast<std::size_t>(outcome.error_class)];
  slices.Add(outcome);
}

void LoadWindow::Merge(const LoadWindow& other) {
  if (!IsEmptyAccumulator(other)) JoinTimeLine(*this, other);
  intended += other.intended;
  sent += other.sent;
  completed += other.completed;
  slipped += other.slipped;
  slip.Merge(other.slip);
  held_back += other.held_back;
  for (std::size_t i = 0; i < errors.size(); ++i) errors[i] += other.errors[i];
  corrected.Merge(other.corrected);
  uncorrected.Merge(other.uncorrected);
  slices.Merge(other.slices);
}

double LoadWindow::achieved_rate() const { return seconds > 0 ? static_cast<double>(sent) / seconds : 0; }

std::int64_t LoadWindow::error_count() const {
  std::int64_t total = 0;
  for (std::size_t i = 1; i < errors.size(); ++i) total += errors[i];  // 0 is ErrorClass::kNone
  return total;
}

}  // namespace evt::load
