// The records evt-load writes (schemas/records/load.window.json,
// load.summary.json, load.request.json). Every one carries
// "synthetic": "load", so evt-budget can leave load tests out of a live
// site's error budget.
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"
#include "tools/load/load_window.h"
#include "tools/load/request_outcome.h"

namespace evt::load {

inline constexpr const char* kSyntheticTag = "load";

// One second of the run; `ts` is the window's start.
Value WindowRecord(const LoadWindow& window);

// Why a run ended, as load.summary's "stopped" says it.
enum class StopCause { kDone, kInterrupted, kAborted, kTimeBound, kRequestBound };
const char* StopCauseName(StopCause cause);  // "done", "interrupted", "aborted", "time bound", "request bound"

struct RunDescription {
  std::string unit;     // "url", "flow" or "replay"
  std::string target;   // the URL, flow file or replay file
  std::string profile;  // as given ("constant", "ramp:0-2000/60s", "@profile.json")
  StopCause stopped = StopCause::kDone;
  std::string reason;   // why, when not done: the abort rule that fired, the signal, the bound
};

// The whole run: `whole_run` is every window merged; `ts` its start.
Value SummaryRecord(const RunDescription& run, const LoadWindow& whole_run);

// One request (--raw), appended to `out` as one compact JSON object for
// RecordWriter::WriteSerialized: built without a Value, since at 20,000
// requests/s the writer is on the hot path. The four instants carry
// microseconds, as a replay of these records needs them. DataErr (and `out`
// unchanged) when a string is not valid UTF-8.
Status AppendRequestRecord(std::string& out, const RequestOutcome& outcome);

// "2026-12-05T10:00:00.123456Z": RFC 3339 UTC with six fractional digits.
std::string FormatRfc3339Micros(MicroTime t);

}  // namespace evt::load
