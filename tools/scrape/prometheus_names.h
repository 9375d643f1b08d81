// The names Prometheus text 0.0.4 and OpenMetrics 1.0 can hold without
// quoting: metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label names
// [a-zA-Z_][a-zA-Z0-9_]*. Upstreams give more (quoted UTF-8 names, NUT's
// dotted variables); what evt-scrape prints is made to fit.
#pragma once

#include <string>
#include <string_view>

namespace evt::scrape {

bool IsMetricName(std::string_view name);
bool IsLabelName(std::string_view name);

// `name` with each character a name cannot hold replaced by '_', and '_'
// before a leading digit, as Prometheus's own "underscores" escaping.
std::string SanitizedMetricName(std::string_view name);
std::string SanitizedLabelName(std::string_view name);

}  // namespace evt::scrape
