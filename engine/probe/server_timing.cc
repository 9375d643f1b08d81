#include "engine/probe/server_timing.h"

#include <cmath>
#include <cstdlib>

namespace evt::probe {
namespace {

constexpr std::size_t kMaxMetrics = 32;

std::string Unquoted(std::string_view v) {
  if (v.size() < 2 || v.front() != '"' || v.back() != '"') return std::string(v);
  std::string out;
  for (std::size_t i = 1; i + 1 < v.size(); ++i) {
    if (v[i] == '\\' && i + 2 < v.size()) ++i;
    out += v[i];
  }
  return out;
}

std::optional<double> ParseMillis(std::string_view v) {
  std::string text = Unquoted(v);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(d) || d < 0) return std::nullopt;
  return d;
}

std::optional<ServerTimingMetric> ParseMetric(std::string_view entry) {
  std::vector<std::string_view> params = SplitOutsideQuotes(entry, ';');
  if (params.empty() || params[0].empty()) return std::nullopt;
  ServerTimingMetric metric{std::string(params[0]), std::nullopt, std::nullopt};
  bool seen_dur = false, seen_desc = false;
  for (std::size_t i = 1; i < params.size(); ++i) {
    std::size_t eq = params[i].find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = ToLower(TrimSpaces(params[i].substr(0, eq)));
    std::string_view value = TrimSpaces(params[i].substr(eq + 1));
    // The first occurrence of a parameter counts; later ones are ignored.
    if (key == "dur" && !seen_dur) {
      metric.dur_ms = ParseMillis(value);
      seen_dur = true;
    }
    if (key == "desc" && !seen_desc) {
      metric.desc = Unquoted(value);
      seen_desc = true;
    }
  }
  return metric;
}

}  // namespace

std::vector<ServerTimingMetric> ParseServerTiming(const Headers& headers) {
  std::vector<ServerTimingMetric> metrics;
  std::optional<std::string> value = JoinedHeader(headers, "server-timing");
  if (!value) return metrics;
  for (std::string_view entry : SplitOutsideQuotes(*value, ',')) {
    if (metrics.size() == kMaxMetrics) break;
    if (auto metric = ParseMetric(entry)) metrics.push_back(std::move(*metric));
  }
  return metrics;
}

}  // namespace evt::probe
