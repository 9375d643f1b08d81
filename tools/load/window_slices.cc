#include "tools/load/window_slices.h"

namespace evt::load {
namespace {

void AddTo(LatencySlice& slice, const RequestOutcome& outcome) {
  if (outcome.error_class != ErrorClass::kNone) ++slice.errors;
  slice.latency.RecordMillis(outcome.corrected_ms());
}

void MergeInto(std::map<std::string, LatencySlice>& into, const std::map<std::string, LatencySlice>& from) {
  for (const auto& [name, slice] : from) {
    LatencySlice& mine = into[name];
    mine.errors += slice.errors;
    mine.latency.Merge(slice.latency);
  }
}

}  // namespace

std::string StatusClassOf(const RequestOutcome& outcome) {
  if (outcome.status && *outcome.status >= 100 && *outcome.status <= 599)
    return std::to_string(*outcome.status / 100) + "xx";
  if (outcome.error_class == ErrorClass::kNone) return "other";
  return ErrorClassName(outcome.error_class);
}

void WindowSlices::Add(const RequestOutcome& outcome) {
  AddTo(by_class[StatusClassOf(outcome)], outcome);
  if (!outcome.step.empty()) AddTo(by_step[outcome.step], outcome);
}

void WindowSlices::Merge(const WindowSlices& other) {
  MergeInto(by_class, other.by_class);
  MergeInto(by_step, other.by_step);
}

}  // namespace evt::load
