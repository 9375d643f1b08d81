// Turning records into ledger entries: `usage` records as they are;
// `metric` records from evt-scrape through the config's meters (counters
// become deltas, resets handled) and NUT variables kept as gauge samples
// (unless held back: charge_filter.h);
// `probe` and `flow` records as good and bad events of the error budgets
// that name them, and evt-load's `load.window` records as the second's
// completed requests, `errors` of them bad, under the run's target
// (`load.summary` and `load.request` repeat what the windows say, and are
// not taken). A record of synthetic traffic is taken only where the
// budgets that read it count it (synthetic_filter.h). Every record is checked whole before anything is written,
// so a bad record changes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/ledger.h"
#include "tools/budget/plain_usage_line.h"

namespace evt::budget {

struct IngestCounts {
  std::int64_t added = 0;      // records that changed the ledger
  std::int64_t duplicates = 0; // records whose id was already there, same usage
  std::int64_t conflicting = 0;  // usage or events whose id is already there with other content
  std::int64_t unmapped = 0;   // metric/probe/flow/load.window records no budget uses
  std::int64_t held = 0;       // battery readings held back (charge_filter.h)
  // Synthetic records no budget that reads them counts, by their tag ("load").
  std::map<std::string, std::int64_t> synthetic;
  std::string first_conflict;  // "file:line: what differs", for the warning
};

enum class Applied { kAdded, kDuplicate, kConflicting, kHeld, kUnmapped, kSynthetic, kNotTaken };

// The NUT variable a metric name stands for: "battery.charge",
// "battery_charge" and "nut_battery_charge" all give "battery.charge".
std::string NutVariable(std::string_view metric_name);

class Ingester {
 public:
  // `now` is what "too far in the future" is measured from. `strict`: a
  // usage, probe or flow record whose id is in the ledger with other
  // content is an error, not a count (kConflicting) and a warning.
  // REQUIRES: config and ledger outlive this object; a ledger batch is open
  // whenever Apply is called.
  Ingester(const BudgetConfig& config, Ledger& ledger, TimePoint now, bool strict = false);

  // Applies one record. DataErr naming the field and what was expected
  // (the caller adds "file:line: ") leaves the ledger untouched.
  Result<Applied> Apply(const Value& record);

  // A plain usage record (plain_usage_line.h) as Apply takes it; nullopt
  // where Apply must decide (a time that does not parse or is too far
  // ahead, a resource without a rate), so its messages stay the only ones.
  std::optional<Result<Applied>> ApplyPlainUsage(const PlainUsage& usage);

  // A usage entry another ledger kept (pulled from the hub, doc/design.md
  // §18), counted as Apply counts a usage record saying the same: refused
  // past budget.max_skew or without a rate, a replay or a conflict by id.
  Result<Applied> ApplyLedgerUsage(const UsageEntry& usage);

  IngestCounts& counts() { return counts_; }
  void set_now(TimePoint now) { now_ = now; }
  // After kConflicting: which field differs, and how.
  const std::string& last_conflict() const { return last_conflict_; }

 private:
  Status CheckSkew(TimePoint ts) const;
  Status CheckRate(const std::string& resource) const;
  Result<Applied> ApplyUsage(const Value& record, TimePoint ts);
  Result<Applied> ApplyMetric(const Value& record, TimePoint ts);
  Result<Applied> ApplyEvent(const Value& record, TimePoint ts, std::string_view kind);
  Result<Applied> ApplyLoadWindow(const Value& record, TimePoint ts);
  Result<Applied> ApplyMeter(const Value& record, TimePoint ts, const std::string& name, double value,
                             const std::string& source);
  Result<Applied> Count(Result<bool> added);
  Result<Applied> CountUsage(const UsageEntry& usage);
  Result<Applied> CountEvent(const EventEntry& event);
  Result<Applied> CountEvents(const EventBatch& batch);
  // Whether an error budget reads the events of `target`; counts the
  // record as unmapped when none does.
  bool ErrorBudgetReads(const std::string& target);
  // True (and counted) when the record being applied is synthetic and the
  // budgets `reads` picks do not all count it at `ts`.
  bool LeavesOutSynthetic(TimePoint ts, const std::function<bool(const BudgetSpec&)>& reads);

  const BudgetConfig& config_;
  Ledger& ledger_;
  TimePoint now_;
  bool strict_;
  IngestCounts counts_;
  std::string last_conflict_;
  std::optional<std::string> synthetic_;  // the tag of the record being applied
};

}  // namespace evt::budget
