#include "tools/outbox/rollup.h"

#include <catch2/catch.hpp>
#include <vector>

#include "common/json_parse.h"
#include "tools/outbox/rollup_store.h"

namespace evt::outbox {
namespace {

Value Json(std::string_view text) { return ParseJson(text, "test").value(); }
TimePoint At(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }
const RollupSpec kMinute{std::chrono::minutes(1), {"kind", "target", "status_class"}};

TEST_CASE("rollup: status class from an HTTP status, else failed or ok") {
  CHECK(StatusClassOf(Json(R"({"status": 204})")) == "2xx");
  CHECK(StatusClassOf(Json(R"({"status": 503})")) == "5xx");
  CHECK(StatusClassOf(Json(R"({"ok": false})")) == "failed");
  CHECK(StatusClassOf(Json(R"({"ok": true})")) == "ok");
  CHECK(StatusClassOf(Json(R"({"status": 42, "error": "x"})")) == "failed");
}

TEST_CASE("rollup: intervals start at multiples of their length") {
  CHECK(IntervalStartMs(At(125'000), std::chrono::minutes(1)) == 120'000);
  CHECK(IntervalStartMs(At(120'000), std::chrono::minutes(1)) == 120'000);
  CHECK(IntervalStartMs(At(-1), std::chrono::seconds(1)) == -1000);
}

TEST_CASE("rollup: groups by the by fields, missing ones null") {
  CHECK(GroupOf(kMinute, Json(R"({"kind": "probe", "target": "shop", "status": 200, "x": 1})")) ==
        R"({"kind":"probe","target":"shop","status_class":"2xx"})");
  CHECK(GroupOf(RollupSpec{std::chrono::minutes(1), {"target"}}, Json(R"({"kind": "probe"})")) ==
        R"({"target":null})");
}

TEST_CASE("rollup: counts add up to the records offered, errors to the failures") {
  RollupCells cells;
  Offer(kMinute, Json(R"({"kind": "probe", "target": "a", "ok": true, "total_ms": 10})"), At(1000), cells);
  Offer(kMinute, Json(R"({"kind": "probe", "target": "a", "ok": true, "total_ms": 30})"), At(2000), cells);
  Offer(kMinute, Json(R"({"kind": "probe", "target": "a", "ok": false, "error": "t"})"), At(3000), cells);
  Offer(kMinute, Json(R"({"kind": "probe", "target": "a", "ok": true})"), At(61'000), cells);
  REQUIRE(cells.size() == 3);
  std::int64_t count = 0, errors = 0;
  for (const auto& [key, cell] : cells) {
    count += cell.count;
    errors += cell.errors;
  }
  CHECK(count == 4);
  CHECK(errors == 1);
  const RollupCell& ok = cells.at(RollupKey{0, R"({"kind":"probe","target":"a","status_class":"ok"})"});
  CHECK(ok.count == 2);
  CHECK(ok.latency.count() == 2);
  CHECK(ok.latency.min() == 10'000);
}

TEST_CASE("rollup: the histogram survives its compact form, percentiles and all") {
  LatencyHistogram h;
  for (std::int64_t us : std::vector<std::int64_t>{1, 900, 2047, 2048, 15'000, 15'001, 999'999, 3'600'000'000})
    h.Record(us);
  h.Record(15'000);
  Value v = HistogramValue(h);
  CHECK(v.find("buckets")->as_array().size() <= 9);
  Result<LatencyHistogram> back = HistogramFromValue(v, "test");
  REQUIRE(back.ok());
  CHECK(back->count() == h.count());
  for (double p : {1.0, 50.0, 90.0, 99.0, 100.0}) CHECK(back->ValueAtPercentile(p) == h.ValueAtPercentile(p));
  CHECK(HistogramValue(*back) == v);
}

TEST_CASE("rollup: a damaged histogram is a data error naming where") {
  Result<LatencyHistogram> sum = HistogramFromValue(Json(R"({"count": 3, "min_us": 10, "max_us": 10, "buckets": [[10, 1]]})"),
                                                      "rollup_cells x");
  REQUIRE_FALSE(sum.ok());
  CHECK(sum.status().code() == ExitCode::kDataErr);
  CHECK_THAT(sum.status().message(), Catch::Contains("rollup_cells x/count"));
  CHECK_FALSE(HistogramFromValue(Json(R"({"count": 1, "buckets": [[10, "1"]]})"), "t").ok());
  CHECK_FALSE(HistogramFromValue(Json(R"([])"), "t").ok());
}

TEST_CASE("rollup: a sealed group's record has an id of its own, the same when sealed again") {
  RollupCell cell;
  cell.Add(Json(R"({"ok": true, "latency_ms": 4})"));
  const RollupKey key{60'000, R"({"kind":"probe"})"};
  Value a = RollupRecord(SealedRollup{"telemetry", "kiosk-a", std::chrono::minutes(1), key}, cell, At(1)).value();
  Value b = RollupRecord(SealedRollup{"telemetry", "kiosk-a", std::chrono::minutes(1), key}, cell, At(2)).value();
  Value other = RollupRecord(SealedRollup{"telemetry", "kiosk-b", std::chrono::minutes(1), key}, cell, At(1)).value();
  CHECK(a.find("id")->as_string() == b.find("id")->as_string());
  CHECK(a.find("id")->as_string() != other.find("id")->as_string());
  CHECK(a.find("kind")->as_string() == "outbox.rollup");
  CHECK(a.find("start")->as_string() == "1970-01-01T00:01:00.000Z");
  CHECK(a.find("count")->as_int() == 1);
}

TEST_CASE("rollup store: cells merge across puts and are sealed only once their interval closed") {
  RollupStore store = RollupStore::OpenMemory().value();
  RollupCells first, second;
  Offer(kMinute, Json(R"({"kind": "probe", "target": "a", "ok": true, "total_ms": 5})"), At(1000), first);
  Offer(kMinute, Json(R"({"kind": "probe", "target": "a", "ok": true, "total_ms": 7})"), At(2000), second);
  Offer(kMinute, Json(R"({"kind": "probe", "target": "a", "ok": true})"), At(62'000), second);
  REQUIRE(store.Add("telemetry", first).ok());
  REQUIRE(store.Add("telemetry", second).ok());
  REQUIRE(store.Closed("telemetry", kMinute.interval, At(59'999)).value().empty());
  RollupCells closed = store.Closed("telemetry", kMinute.interval, At(60'000)).value();
  REQUIRE(closed.size() == 1);
  CHECK(closed.begin()->second.count == 2);
  CHECK(closed.begin()->second.latency.count() == 2);
  CHECK(store.Closed("other", kMinute.interval, At(600'000)).value().empty());
  REQUIRE(store.Remove("telemetry", closed).ok());
  RollupCells later = store.Closed("telemetry", kMinute.interval, At(600'000)).value();
  REQUIRE(later.size() == 1);
  CHECK(later.begin()->first.start_ms == 60'000);
}

}  // namespace
}  // namespace evt::outbox
