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
// The text is spooled (text_chunk_spool.h) as it is made and written out
// family by family, so neither the lines nor the whole text are held.
// A repeat is found exactly, yet without a key for every series: see
// NameInSource below.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "tools/scrape/scraper.h"
#include "tools/scrape/text_chunk_spool.h"

namespace evt::scrape {

class ExpositionWriter {
 public:
  explicit ExpositionWriter(bool openmetrics) : openmetrics_(openmetrics) {}

  // Adds one sample of `source`, with source="<source>" as its first label.
  // Whatever comes first keeps a series or a family: add evt's own health
  // series before the upstreams' samples.
  void Add(const OutSample& sample, std::string_view source) { AddFrom(sample, source, kUnparsed); }
  // The same for a sample of a parsed exposition (ExpositionParser), whose
  // series the parser let through once each: `parse` numbers the parse,
  // from 1, one number per parsed body even when a source is given twice.
  void AddParsed(const OutSample& sample, std::string_view source, std::size_t parse) { AddFrom(sample, source, parse); }

  // The text, in pieces; fails only when the spool could not be written
  // or read (IoErr).
  Status WriteTo(const std::function<Status(std::string_view)>& out) const;
  Result<std::string> Text() const;
  // "source: what", each once, in the order found.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  static constexpr std::size_t kUnparsed = 0;

  struct Family {
    std::string type;
    std::string help;
    std::string unit;
    std::string first_source;  // the source that gave the family first
    TextChunks lines;
  };
  struct Placed {
    std::string family, type, sample;  // sample: the name printed on the line
  };
  // Two lines of one source print the same series only when they came
  // from different origins: the parser lets one series of one family
  // through once, and a sample name, its family's name and its label
  // names in their order decide everything the writer changes on the way
  // (a sanitised or suffixed name, a renamed label). So a name keeps the
  // keys of its series only from its second origin on (counter x and
  // x_total, a.b and a_b, evt's own series and an upstream one of that
  // name, label names in another order, a source given twice), taking
  // those printed before from the spool; samples that were not parsed
  // are never trusted.
  struct NameInSource {
    std::string origin;  // OriginOf() its first sample
    bool keyed = false;
    std::unordered_set<std::string> series;
  };

  void AddFrom(const OutSample& sample, std::string_view source, std::size_t parse);
  // What made a sample's line: the parse, and the upstream family name,
  // sample name and label names in their order, as one string.
  static void OriginOf(std::string& out, const OutSample& sample, std::size_t parse);
  // Whether the sample has the origin of the name's first, never when it was not parsed.
  bool SameOrigin(const NameInSource& name, const OutSample& sample, std::size_t parse);
  Placed Place(const OutSample& sample) const;
  bool Claim(const Placed& placed, std::string_view source);
  // Appends {labels} as printed.
  bool AppendLabels(std::string& line, const Labels& labels, std::string_view source);
  // Whether the line (without its value) repeats a series printed before.
  bool Repeats(const OutSample& sample, const Placed& placed, std::string_view line, std::string_view source,
               std::size_t parse);
  Status KeyPrinted(NameInSource& name, const Placed& placed, std::string_view source);
  void Report(std::string_view source, const std::string& what);

  bool openmetrics_;
  std::map<std::string, Family> families_;
  std::vector<std::string> order_;
  std::unordered_map<std::string, std::string> claimed_;  // a sample name -> the family that may print it
  std::map<std::string, std::unordered_map<std::string, NameInSource>, std::less<>> names_;  // source -> printed name ->
  std::string origin_;  // the current sample's, reused
  TextChunkSpool spool_;
  Status spooled_ = Status::Ok();  // the first failure to spool, which WriteTo returns
  std::set<std::string> reported_;
  std::vector<std::string> problems_;
};

}  // namespace evt::scrape
