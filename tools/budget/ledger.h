// The budget ledger: what was used, when, by which component; good and bad
// events; gauge samples; the governor's last decision. One SQLite database
// in the state dir (common/store.h). This interface is the whole of the
// tool's storage, so a site may later put the same operations on another
// database.
//
// Writes happen in batches: Begin(), any number of Add*(), Commit(). A
// batch is one transaction, so a kill -9 leaves the ledger as it was before
// or after a whole batch. Every Add* is idempotent by its id: feeding the
// same records again changes nothing.
//
// Usage and events are also rolled up per minute (usage) and per second
// (events) as they are added, in the same transaction, so reading a window
// reads the rollups and never scans the rows.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "common/pruned_rows.h"
#include "common/time_format.h"
#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"

namespace evt::budget {

struct UsageEntry {
  std::string id;
  TimePoint ts;
  std::string component;
  std::string resource;
  std::int64_t qty_micro = 0;  // millionths of the resource's unit
};

// A usage entry with its place in the order usage arrived here.
struct SequencedUsage {
  std::int64_t seq = 0;
  UsageEntry entry;
};

struct EventEntry {
  std::string id;
  TimePoint ts;
  std::string component;
  bool good = true;
};

struct GaugeSample {
  std::string source;
  std::string name;  // a NUT variable: "battery.charge"
  TimePoint ts;
  double value = 0;
};

// A planned battery swap (`evt-budget swap`): the source's readings with
// from <= ts < until are held back, so packs pulled out do not read as an
// empty battery.
struct SwapWindow {
  std::string source;
  TimePoint from;
  TimePoint until;
};

struct UsageTotal {
  std::string component;
  std::string resource;
  std::int64_t qty_micro = 0;
};

struct EventCounts {
  std::int64_t good = 0;
  std::int64_t bad = 0;
};

// Events counted elsewhere and reported together under one id: a
// load.window's second of a load test, `counts.good + counts.bad` requests.
struct EventBatch {
  std::string id;
  TimePoint ts;
  std::string component;
  EventCounts counts;
};

struct GovernorState {
  int level = 0;            // 0: nothing shed; 1: non-essential; 2: and degraded
  TimePoint since{};        // when the level last changed
};

class Ledger {
 public:
  static Result<Ledger> Open(const std::string& state_dir);
  static Result<Ledger> OpenMemory();

  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;
  ~Ledger();

  // The store the ledger lives in, where the hub keeps this box's cursors.
  Store& store();

  // A batch of writes. REQUIRES: Add*/CounterDelta only between the two.
  Status Begin();
  Status Commit();
  // Discards the open batch, if any.
  void Abandon();

  // True when added, false when the id was already in the ledger. Only a
  // known id is passed over: any other constraint (a negative quantity, a
  // rollup that would overflow) is DataErr.
  Result<bool> AddUsage(const UsageEntry& entry);
  // The usage entry kept under `id`, if any (to tell a replay from an id
  // re-used for other usage).
  Result<std::optional<UsageEntry>> FindUsage(const std::string& id);
  Result<bool> AddEvent(const EventEntry& entry);
  // Whether the event kept under `id` was good; nullopt when there is none
  // or it was seen before the ledger kept its outcome.
  Result<std::optional<bool>> EventWasGood(const std::string& id);
  // A batch of events, idempotent by its id like one event; rolled up into
  // the same seconds, so an error budget reads it as that many events.
  Result<bool> AddEvents(const EventBatch& batch);
  // The counts of the batch kept under `id`; nullopt when there is none or
  // the id is a single event's.
  Result<std::optional<EventCounts>> EventsKept(const std::string& id);
  Result<bool> AddGauge(const GaugeSample& sample);
  // How much the counter `series` grew from its last remembered sample to
  // (ts, value): 0 for the first sample (a baseline), the value itself after
  // a reset (it went down), nullopt when ts is not after the last sample's
  // (a replay or an out-of-order sample: not counted). Changes nothing: the
  // caller checks the growth, then RememberCounter, so a refused sample
  // leaves the counter where it was.
  Result<std::optional<double>> CounterGrowth(const std::string& series, TimePoint ts, double value);
  Status RememberCounter(const std::string& series, TimePoint ts, double value);

  // Usage with from <= ts < to, at minute resolution (the rollups' grain),
  // per component and resource.
  Result<std::vector<UsageTotal>> UsageBetween(TimePoint from, TimePoint to);
  // Events of `component` with from <= ts < to, at second resolution.
  Result<EventCounts> EventsBetween(const std::string& component, TimePoint from, TimePoint to);
  // The latest sample of (source, name) at or before `at`.
  Result<std::optional<GaugeSample>> LatestGauge(const std::string& source, const std::string& name, TimePoint at);
  // Samples of (source, name) with from <= ts <= to, oldest first.
  Result<std::vector<GaugeSample>> Gauges(const std::string& source, const std::string& name, TimePoint from,
                                          TimePoint to);

  // The first sample of (source, name) after `after`.
  Result<std::optional<GaugeSample>> NextGauge(const std::string& source, const std::string& name, TimePoint after);
  // A sample held back until the next reading confirms it (one per source
  // and name; holding another replaces it), and its release.
  Result<std::optional<GaugeSample>> HeldGauge(const std::string& source, const std::string& name);
  Status HoldGauge(const GaugeSample& sample);
  Status ReleaseHeld(const std::string& source, const std::string& name);

  // The source's swap window, one per source (a new one replaces it); in
  // the open batch if there is one, else its own transaction.
  Status SetSwap(const SwapWindow& swap);
  Result<std::optional<SwapWindow>> SwapOf(const std::string& source);

  Result<GovernorState> Governor();
  // Within the open batch when there is one, so a read of Governor(), the
  // decision and this write are one transaction that no other process can
  // interleave with; else in a transaction of its own.
  Status SetGovernor(const GovernorState& state);

  // The usage that arrived after seq `since` (added here or pulled from
  // the hub), the first `limit` of it in arrival order. The first call
  // gives the ledger's usage its seqs (GiveUsageSeqs).
  Result<std::vector<SequencedUsage>> UsageSince(std::int64_t since, std::size_t limit);
  // From now on each usage row gets a seq as it is added; the rows already
  // here get theirs in time order. A ledger no hub has read gives none:
  // the index they need costs every ingest (doc/design.md §18). Within the
  // open batch if there is one.
  Status GiveUsageSeqs();

  // Rows in the usage ledger (for messages and tests).
  Result<std::int64_t> UsageRows();
  // `state prune`: usage (with its minute rollups) and gauge samples from
  // before the minute of `cutoff`, in one transaction. Events are kept:
  // their seen-ids carry no time to prune by, and the rollups must agree.
  Result<std::vector<PrunedRows>> PruneBefore(TimePoint cutoff);
  // DataErr unless the rollups hold exactly the rows: the usage per minute
  // adds up to the usage, the events per second to the events seen.
  Status CheckConsistency();

 private:
  struct Impl;
  explicit Ledger(std::unique_ptr<Impl> impl);
  Status FlushRollups();
  std::unique_ptr<Impl> impl_;
};

}  // namespace evt::budget
