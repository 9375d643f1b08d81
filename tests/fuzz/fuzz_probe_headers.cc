// Feeds arbitrary bytes to evt-probe's readers of response headers, as a
// server hands them over: header lines, Cache-Status/X-Cache/vendor words,
// Server-Timing, and the status-range and HOST:PORT parsers of the command
// line. Beyond "no crash, no hang, no sanitizer report" it checks what they
// promise: at most 32 Server-Timing metrics, each named and with a
// non-negative duration; a cache verdict names its header unless unknown.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/probe/cache_status.h"
#include "engine/probe/check.h"
#include "engine/probe/headers.h"
#include "engine/probe/server_timing.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  evt::probe::Headers headers;
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    evt::probe::AddHeaderLine(input.substr(start, end - start), headers);
    start = end + 1;
  }
  for (const auto& [name, value] : headers) Require(!name.empty());
  evt::probe::CacheVerdict verdict = evt::probe::ClassifyCache(headers);
  Require((verdict.status == evt::probe::CacheStatus::kUnknown) == verdict.header.empty());
  evt::probe::CacheStatusFromRfc9211(input);
  evt::probe::CacheStatusFromXCache(input);
  std::vector<evt::probe::ServerTimingMetric> metrics =
      evt::probe::ParseServerTiming({{"server-timing", std::string(input)}});
  Require(metrics.size() <= 32);
  for (const auto& m : metrics) {
    Require(!m.name.empty());
    Require(!m.dur_ms || *m.dur_ms >= 0);
  }
  evt::Result<std::vector<evt::probe::StatusRange>> ranges = evt::probe::ParseStatusRanges(input);
  if (ranges.ok())
    for (const auto& r : *ranges) Require(r.low >= 100 && r.high <= 599 && r.low <= r.high);
  evt::Result<evt::probe::TcpSpec> tcp = evt::probe::ParseTcpAddress(input);
  if (tcp.ok()) Require(tcp->port >= 1 && tcp->port <= 65535 && !tcp->host.empty());
  return 0;
}
