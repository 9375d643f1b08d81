// The `anomaly` record (schemas/records/anomaly.json): written when a
// series' rule raises or clears, never for every sample, so a pipe into
// evt-runbook serve sees one record per alert edge.
#pragma once

#include "common/value.h"
#include "tools/detect/detect_config.h"
#include "tools/detect/series_bank.h"
#include "tools/detect/series_sample.h"

namespace evt::detect {

// REQUIRES: observed.series is set and observed.edge is not kNone.
Value AnomalyRecord(const SeriesSample& sample, const SeriesSpec& spec, const RuleSpec& rule, const Observed& observed);

// The sample's time as the records' ts: RFC 3339 UTC with milliseconds.
std::string SampleTs(double time_s);

}  // namespace evt::detect
