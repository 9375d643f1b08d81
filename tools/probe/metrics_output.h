// Where evt-probe's Prometheus or OpenMetrics text goes, for probes and
// flows alike: a --textfile replaced whole, else stdout.
#pragma once

#include <string>

#include "common/status.h"

namespace evt::probe {

enum class MetricsFormat { kPrometheus, kOpenMetrics };

// With a `textfile`, writes `text` there atomically (a temporary file
// renamed over it: node_exporter's collector never reads half a file);
// without, to stdout.
Status WriteMetrics(const std::string& textfile, const std::string& text);

}  // namespace evt::probe
