#include <catch2/catch.hpp>

#include "common/exit_code.h"
#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/record_schema.h"
#include "tools/load/load_records.h"

namespace evt::load {
namespace {

using std::chrono::microseconds;
using namespace std::chrono_literals;

const MicroTime kStart = MicroTime(std::chrono::sys_days{std::chrono::year{2026} / 12 / 5}) + 10h;

RequestOutcome Outcome(std::int64_t seq, microseconds latency, std::optional<long> status = 200,
                       ErrorClass error = ErrorClass::kNone) {
  RequestOutcome o;
  o.seq = seq;
  o.url = "http://127.0.0.1:8080/";
  o.intended = kStart + microseconds(seq * 1000);
  o.sent = o.intended + 20us;
  o.done = o.intended + latency;
  if (status) o.first_byte = o.done - 5us;
  o.status = status;
  o.bytes = status ? 12 : 0;
  o.error_class = error;
  if (error != ErrorClass::kNone) o.error = status ? "status " + std::to_string(*status) : "connection reset by peer";
  return o;
}

void RequireValid(const Value& record) {
  Status valid = BuiltinRecordSchemas().Validate(record);
  INFO(ToJson(record).value() << "\n" << valid.ToString());
  REQUIRE(valid.ok());
}

LoadWindow SampleWindow() {
  LoadWindow w;
  w.start = kStart;
  w.target_rate = 100;
  w.intended = 100;
  w.sent = 100;
  w.in_flight = 2;
  for (int i = 1; i <= 96; ++i) w.Add(Outcome(i, microseconds(1000 + i)));
  w.Add(Outcome(97, 900ms, 503, ErrorClass::k5xx));
  w.Add(Outcome(98, 2s, std::nullopt, ErrorClass::kReset));
  w.slip.RecordMillis(0.02);
  return w;
}

TEST_CASE("load records: a window's record has its figures and validates") {
  LoadWindow w = SampleWindow();
  RequestOutcome pay = Outcome(99, 40ms);
  pay.step = "pay";
  w.slices.Add(pay);  // only in the slices, so the counts above stay those of SampleWindow
  Value record = WindowRecord(w);
  RequireValid(record);
  CHECK(ToJson(record).value().starts_with(
      R"({"kind":"load.window","v":1,"ts":"2026-12-05T10:00:00.000Z","synthetic":"load","duration_ms":1000.0,)"
      R"("target_rate":100.0,"achieved_rate":100.0,"intended":100,"sent":100,"completed":98,"in_flight":2,)"
      R"("slipped":0,"held_back":0,"errors":{"5xx":1,"reset":1},"error_ratio":)"));
  CHECK(record.find("error_ratio")->as_double() == Approx(2.0 / 98));
  const Value& latency = *record.find("latency");
  CHECK(latency.find("count")->as_int() == 98);
  CHECK(latency.find("p50_ms")->as_double() == Approx(1.049).margin(0.001));
  CHECK(latency.find("max_ms")->as_double() == 2000.0);
  CHECK(record.find("uncorrected")->find("max_ms")->as_double() == 1999.98);
  CHECK(record.find("slip")->find("max_ms")->as_double() == 0.02);
  const Value& classes = *record.find("classes");
  CHECK(classes.find("5xx")->find("errors")->as_int() == 1);
  CHECK(classes.find("reset")->find("max_ms")->as_double() == 2000.0);
  CHECK(record.find("steps")->find("pay")->find("count")->as_int() == 1);
}

TEST_CASE("load records: a quiet window has errors {} and no latency, slip or slices") {
  LoadWindow w;
  w.start = kStart + 1500us;
  w.seconds = 0.25;
  Value record = WindowRecord(w);
  RequireValid(record);
  CHECK(ToJson(record).value() ==
        R"({"kind":"load.window","v":1,"ts":"2026-12-05T10:00:00.001Z","synthetic":"load","duration_ms":250.0,)"
        R"("target_rate":0.0,"achieved_rate":0.0,"intended":0,"sent":0,"completed":0,"in_flight":0,"slipped":0,)"
        R"("held_back":0,"errors":{},"error_ratio":0.0})");
}

TEST_CASE("load records: the summary says what ran, why it stopped, and what was clamped") {
  LoadWindow w = SampleWindow();
  w.seconds = 10;
  w.corrected.Record(LatencyHistogram::kHighestMicros * 2);
  RunDescription run{"url", "http://127.0.0.1:8080/", "ramp:0-100/10s", StopCause::kAborted,
                     "p99 1234 ms > 800 ms for 10 s"};
  Value record = SummaryRecord(run, w);
  RequireValid(record);
  CHECK(record.find("kind")->as_string() == "load.summary");
  CHECK(record.find("synthetic")->as_string() == "load");
  CHECK(record.find("stopped")->as_string() == "aborted");
  CHECK(record.find("reason")->as_string() == "p99 1234 ms > 800 ms for 10 s");
  CHECK(record.find("duration_ms")->as_double() == 10000.0);
  CHECK(record.find("achieved_rate")->as_double() == 10.0);
  CHECK(record.find("clamped")->find("latency")->as_int() == 1);
  CHECK(record.find("latency")->find("max_ms")->as_double() == 3'600'000.0);

  for (StopCause cause : {StopCause::kDone, StopCause::kInterrupted, StopCause::kTimeBound, StopCause::kRequestBound}) {
    run.stopped = cause;
    run.reason = cause == StopCause::kDone ? "" : "why";
    Value r = SummaryRecord(run, LoadWindow{});
    RequireValid(r);
    CHECK((r.find("reason") == nullptr) == (cause == StopCause::kDone));
  }
}

TEST_CASE("load records: a request record carries microsecond instants and validates") {
  RequestOutcome o = Outcome(7, 1234567us);
  o.method = "POST";
  o.step = "pay";
  o.buyer = 3;
  std::string out = "prefix;";
  REQUIRE(AppendRequestRecord(out, o).ok());
  CHECK(out ==
        R"(prefix;{"kind":"load.request","v":1,"ts":"2026-12-05T10:00:01.241Z","synthetic":"load","seq":7,)"
        R"("method":"POST","url":"http://127.0.0.1:8080/","step":"pay","buyer":3,)"
        R"("intended":"2026-12-05T10:00:00.007000Z","sent":"2026-12-05T10:00:00.007020Z",)"
        R"("first_byte":"2026-12-05T10:00:01.241562Z","done":"2026-12-05T10:00:01.241567Z","status":200,"bytes":12})");
  Result<Value> parsed = ParseJson(out.substr(7), "load.request");
  REQUIRE(parsed.ok());
  RequireValid(*parsed);
}

TEST_CASE("load records: a failed request has its error and class, and no status or first byte") {
  std::string out;
  REQUIRE(AppendRequestRecord(out, Outcome(2, 3ms, std::nullopt, ErrorClass::kReset)).ok());
  Result<Value> parsed = ParseJson(out, "load.request");
  REQUIRE(parsed.ok());
  RequireValid(*parsed);
  CHECK(parsed->find("status") == nullptr);
  CHECK(parsed->find("first_byte") == nullptr);
  CHECK(parsed->find("step") == nullptr);
  CHECK(parsed->find("buyer") == nullptr);
  CHECK(parsed->find("error")->as_string() == "connection reset by peer");
  CHECK(parsed->find("error_class")->as_string() == "reset");
}

TEST_CASE("load records: a URL that is not UTF-8 is a data error and writes nothing") {
  RequestOutcome o = Outcome(1, 1ms);
  o.url = "http://x/\xff";
  std::string out = "kept";
  Status s = AppendRequestRecord(out, o);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == ExitCode::kDataErr);
  CHECK_THAT(s.message(), Catch::StartsWith("url: "));
  CHECK(out == "kept");
}

TEST_CASE("load records: microsecond timestamps keep all six digits") {
  CHECK(FormatRfc3339Micros(kStart) == "2026-12-05T10:00:00.000000Z");
  CHECK(FormatRfc3339Micros(kStart + 1us) == "2026-12-05T10:00:00.000001Z");
  CHECK(FormatRfc3339Micros(kStart + 59'999'999us) == "2026-12-05T10:00:59.999999Z");
  CHECK(FormatRfc3339Micros(kStart - 1us) == "2026-12-05T09:59:59.999999Z");
  // Beyond four-digit years the format clamps, as every record's ts does.
  const MicroTime far = MicroTime(std::chrono::sys_days{std::chrono::year{12000} / 1 / 1});
  CHECK(FormatRfc3339Micros(far) == "9999-12-31T23:59:59.999999Z");
}

}  // namespace
}  // namespace evt::load
