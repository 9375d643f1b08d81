#include "tools/budget/charge_filter.h"

#include <algorithm>
#include <cmath>

namespace evt::budget {
namespace {

constexpr double kMsPerHour = 3600.0 * 1000.0;

// A reading at a time the ledger has already read: a replay when it says
// the same, a conflict (two readings of one instant disagree) when not.
Reading Repeated(const GaugeSample& kept, const GaugeSample& sample) {
  return kept.value == sample.value ? Reading::kDuplicate : Reading::kConflicting;
}

Result<Reading> Take(Ledger& ledger, const GaugeSample& sample) {
  Result<bool> added = ledger.AddGauge(sample);
  if (!added.ok()) return added.status();
  if (*added) return Reading::kTaken;
  Result<std::optional<GaugeSample>> kept = ledger.LatestGauge(sample.source, sample.name, sample.ts);
  if (!kept.ok()) return kept.status();
  return *kept && (*kept)->ts == sample.ts ? Repeated(**kept, sample) : Reading::kDuplicate;
}

// A reading with one already after it (a replay, a late sample) is judged
// by its neighbours at once: taken when either could have led to it.
Result<Reading> FileBetween(Ledger& ledger, const GaugeSample& sample, const std::optional<GaugeSample>& before,
                            const GaugeSample& after, const ChargeMotion& motion) {
  bool fits = !before || motion.Reaches(*before, sample) || motion.Reaches(sample, after);
  return fits ? Take(ledger, sample) : Reading::kDropped;
}

// The newest reading, with one perhaps held back before it.
Result<Reading> FileNewest(Ledger& ledger, const GaugeSample& sample, const std::optional<GaugeSample>& before,
                           const ChargeMotion& motion) {
  Result<std::optional<GaugeSample>> held = ledger.HeldGauge(sample.source, sample.name);
  if (!held.ok()) return held.status();
  bool fits = !before || motion.Reaches(*before, sample);
  if (*held && (*held)->ts == sample.ts) return Reading::kDuplicate;
  if (*held && (*held)->ts > sample.ts) return fits ? Take(ledger, sample) : Reading::kDropped;
  if (*held) {
    EVT_RETURN_IF_ERROR(ledger.ReleaseHeld(sample.source, sample.name));
    if (motion.Reaches(**held, sample)) {
      Result<bool> confirmed = ledger.AddGauge(**held);
      if (!confirmed.ok()) return confirmed.status();
      return Take(ledger, sample);
    }
  }
  if (fits) return Take(ledger, sample);
  EVT_RETURN_IF_ERROR(ledger.HoldGauge(sample));
  return Reading::kHeld;
}

}  // namespace

bool ChargeMotion::Reaches(const GaugeSample& from, const GaugeSample& to) const {
  double hours = std::abs(static_cast<double>((to.ts - from.ts).count())) / kMsPerHour;
  return std::abs(to.value - from.value) <= jitter + per_hour * hours;
}

ChargeMotion MotionOf(const BudgetConfig& config, const std::string& source) {
  ChargeMotion motion;
  for (const BudgetSpec& b : config.budgets) {
    if (b.unit != BudgetUnit::kEnergy || b.source != source || b.capacity_wh <= 0 || !b.nominal_w) continue;
    motion.per_hour = std::max(motion.per_hour, *b.nominal_w / b.capacity_wh);
  }
  return motion;
}

Result<Reading> FileReading(Ledger& ledger, const GaugeSample& sample, const ChargeMotion& motion) {
  Result<std::optional<SwapWindow>> swap = ledger.SwapOf(sample.source);
  if (!swap.ok()) return swap.status();
  if (*swap && (*swap)->from <= sample.ts && sample.ts < (*swap)->until) return Reading::kSwapping;
  if (sample.name != "battery.charge") return Take(ledger, sample);
  Result<std::optional<GaugeSample>> before = ledger.LatestGauge(sample.source, sample.name, sample.ts);
  if (!before.ok()) return before.status();
  if (*before && (*before)->ts == sample.ts) return Repeated(**before, sample);
  // The old pack's readings say nothing about the new one's.
  if (*before && *swap && (*before)->ts < (*swap)->until && (*swap)->until <= sample.ts) before->reset();
  Result<std::optional<GaugeSample>> after = ledger.NextGauge(sample.source, sample.name, sample.ts);
  if (!after.ok()) return after.status();
  if (*after) return FileBetween(ledger, sample, *before, **after, motion);
  return FileNewest(ledger, sample, *before, motion);
}

}  // namespace evt::budget
