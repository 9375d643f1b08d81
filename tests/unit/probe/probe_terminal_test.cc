#include <catch2/catch.hpp>

#include "common/color.h"
#include "tools/probe/terminal_sink.h"

namespace evt::probe {
namespace {

ProbeResult Result(std::string target, bool ok, double ms, std::string error = "") {
  ProbeResult r;
  r.target = std::move(target);
  r.type = CheckType::kHttp;
  r.subject = "https://edge.example.net/healthz";
  r.ok = ok;
  r.total_ms = ms;
  r.error = std::move(error);
  return r;
}

TEST_CASE("probe terminal: one row per target with its sparkline, window and error") {
  TerminalSink sink(stdout, false, false);
  for (double ms : {10.0, 20.0, 40.0}) REQUIRE(sink.OnProbe(Result("uplink", true, ms)).ok());
  REQUIRE(sink.OnProbe(Result("slice5g", false, 0, "connection refused")).ok());
  WindowSummary w;
  w.sent = 3;
  w.loss = 0;
  w.p50_ms = 20;
  w.p95_ms = 40;
  REQUIRE(sink.OnWindow({"uplink", CheckType::kHttp}, w).ok());
  std::string table = StripStyles(sink.Render(200));
  INFO(table);  // the scale starts at 0 ms, so 10, 20, 40 draw ▃▅█
  CHECK(table.find("target") == 0);
  CHECK(table.find("uplink   http   ok      40.0  ▃▅█") != std::string::npos);
  CHECK(table.find("0%  20.0  40.0") != std::string::npos);
  CHECK(table.find("https://edge.example.net/healthz") != std::string::npos);
  CHECK(table.find("slice5g  http   FAIL") != std::string::npos);
  CHECK(table.find("connection refused") != std::string::npos);
}

}  // namespace
}  // namespace evt::probe
