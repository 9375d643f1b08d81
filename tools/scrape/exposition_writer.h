// The text --format prometheus and openmetrics print: valid 0.0.4 or
// OpenMetrics 1.0 whatever the upstreams send, since node_exporter's
// textfile collector (and promtool) refuse a whole file for one bad line.
// Names are sanitised (prometheus_names.h), an upstream label named like
// evt's own `source` is renamed exported_source as Prometheus does, and what
// cannot be printed is left out and reported: a repeated series (the first
// kept), a family two sources give with different types, sample names two
// families would share, an OpenMetrics counter below zero or NaN. Every
// family gets HELP (promtool's lint wants it) and every counter sample ends
// in _total, in both formats.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tools/scrape/scraper.h"

namespace evt::scrape {

class ExpositionWriter {
 public:
  explicit ExpositionWriter(bool openmetrics) : openmetrics_(openmetrics) {}

  // Adds one sample of `source`, with source="<source>" as its first label.
  // Whatever comes first keeps a series or a family: add evt's own health
  // series before the upstreams' samples.
  void Add(const OutSample& sample, std::string_view source);

  std::string Text() const;
  // "source: what", each once, in the order found.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  struct Family {
    std::string type;
    std::string help;
    std::string unit;
    std::string first_source;  // the source that gave the family first
    std::vector<std::string> lines;
  };
  struct Placed {
    std::string family, type, sample;  // sample: the name printed on the line
  };

  Placed Place(const OutSample& sample) const;
  bool Claim(const Placed& placed, std::string_view source);
  // Appends {labels} as printed, and sets `series` to them sorted.
  bool AppendLabels(std::string& line, std::string& series, const Labels& labels, std::string_view source);
  void Report(std::string_view source, const std::string& what);

  bool openmetrics_;
  std::map<std::string, Family> families_;
  std::vector<std::string> order_;
  std::unordered_map<std::string, std::string> claimed_;  // a sample name -> the family that may print it
  std::unordered_set<std::string> series_;
  std::set<std::string> reported_;
  std::vector<std::string> problems_;
};

}  // namespace evt::scrape
