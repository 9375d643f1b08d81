// Battery readings held back until they can be believed. During a planned
// swap (`evt-budget swap SOURCE --for D`) every NUT reading of the source is
// held back: packs being pulled read as an empty battery. At any time, a
// battery.charge no battery could reach from the reading before it (a jump
// in one interval, a misread register) waits for the next reading, which
// either confirms it (both are taken) or carries on from the old level (it
// was a glitch, and is dropped). The first reading after a swap starts the
// new pack's series: there is nothing to compare it with.
#pragma once

#include "common/status.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/ledger.h"

namespace evt::budget {

// How far a battery's charge (a ratio) can move between two readings:
// `per_hour` of a full charge per hour of time between them, plus `jitter`,
// which a UPS's charge estimate jumps by when its load changes.
struct ChargeMotion {
  double per_hour = 1.0;
  double jitter = 0.1;
  bool Reaches(const GaugeSample& from, const GaugeSample& to) const;
};

// The motion for the batteries of `source`: discharged at most at the UPS's
// nominal power and charged at most at 1C, per the energy budgets that read it.
ChargeMotion MotionOf(const BudgetConfig& config, const std::string& source);

enum class Reading {
  kTaken,      // in the ledger (and a held reading it confirmed)
  kDuplicate,  // already there
  kConflicting,  // another value already there for the same time: the ledger's stays
  kHeld,       // waits for the next reading
  kSwapping,   // within the source's swap window: not taken
  kDropped,    // a glitch its neighbours contradict: not taken
};

// Files `sample` (a NUT variable of an energy budget's source) as above.
// REQUIRES: a ledger batch is open.
Result<Reading> FileReading(Ledger& ledger, const GaugeSample& sample, const ChargeMotion& motion);

}  // namespace evt::budget
