// The `probe` and `probe.window` records (schemas/records/probe.json,
// probe.window.json).
#pragma once

#include <string>

#include "common/time_format.h"
#include "common/value.h"
#include "engine/probe/probe_result.h"
#include "engine/probe/probe_sink.h"
#include "engine/probe/round_millis.h"
#include "engine/probe/window_stats.h"

namespace evt::probe {

// `ts` is when the attempt started; `now` serves cert_days_left.
Value ProbeRecord(const ProbeResult& result, TimePoint now);

Value WindowRecord(const WindowIdentity& who, const WindowSummary& summary, TimePoint ts);

// The "phases" object of a probe record (HTTP: every phase; TCP: dns and
// connect), also in each step of a flow record.
Value PhasesValue(const Phases& phases, CheckType type);

}  // namespace evt::probe
