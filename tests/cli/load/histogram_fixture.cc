// A test-only program (not a tool, not installed): feeds LatencyHistogram
// one integer microsecond value per line from stdin and prints what
// evt-load would report, as one JSON object, so histogram_oracle.sh can
// hold it against npm's hdr-histogram-js on the same samples.
//
//   histogram_fixture < values   {"count":..,"clamped":..,"min":..,"max":..,"mean":..,"p50":..,...}
#include <charconv>
#include <cstdint>
#include <iostream>
#include <string>
#include <system_error>

#include "common/exit_code.h"
#include "common/latency_histogram.h"
#include "common/messages.h"
#include "common/quoted.h"

namespace evt {
namespace {

std::string ShortestDouble(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

void PrintReport(const LatencyHistogram& h) {
  std::cout << "{\"count\":" << h.count() << ",\"clamped\":" << h.clamped() << ",\"min\":" << h.min()
            << ",\"max\":" << h.max() << ",\"mean\":" << ShortestDouble(h.mean());
  for (const char* p : {"50", "90", "99", "99.9", "100"}) {
    std::cout << ",\"p" << p << "\":" << h.ValueAtPercentile(std::stod(p));
  }
  std::cout << "}\n";
}

int Run() {
  LatencyHistogram histogram;
  std::string line;
  for (std::int64_t line_number = 1; std::getline(std::cin, line); ++line_number) {
    if (line.empty()) continue;
    std::int64_t micros = 0;
    auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), micros);
    if (ec != std::errc() || end != line.data() + line.size()) {
      PrintError("stdin:" + std::to_string(line_number) + ": expected an integer number of microseconds, got " +
                 QuotedForMessage(line));
      return ToInt(ExitCode::kDataErr);
    }
    histogram.Record(micros);
  }
  PrintReport(histogram);
  return ToInt(ExitCode::kOk);
}

}  // namespace
}  // namespace evt

int main(int, char** argv) {
  evt::SetProgramName(argv[0]);
  return evt::Run();
}
