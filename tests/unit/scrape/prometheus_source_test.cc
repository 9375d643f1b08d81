#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "common/clock.h"
#include "common/json_writer.h"
#include "tools/scrape/metric_output.h"
#include "tools/scrape/scraper.h"

namespace evt::scrape {
namespace {

class OneAnswer : public HttpClient {
 public:
  explicit OneAnswer(std::string body) : body_(std::move(body)) {}
  Result<HttpResponse> Send(const HttpRequest&) override {
    HttpResponse r;
    r.status = 200;
    r.body = body_;
    return r;
  }

 private:
  std::string body_;
};

// Answers after the clock has moved `takes`: a slow device.
class SlowAnswer : public HttpClient {
 public:
  SlowAnswer(ManualClock& clock, Duration takes) : clock_(clock), takes_(takes) {}
  Result<HttpResponse> Send(const HttpRequest&) override {
    clock_.Advance(takes_);
    HttpResponse r;
    r.status = 200;
    r.body = "node_up 1\n";
    return r;
  }

 private:
  ManualClock& clock_;
  Duration takes_;
};

Source PromSource() {
  Source s;
  s.name = "node";
  s.kind = SourceKind::kPrometheus;
  s.url = "http://node/metrics";
  s.match = {"node_*"};
  s.match_labels = {{"device", "eth0"}};
  return s;
}

std::vector<std::string> Records(const ScrapeOutcome& outcome) {
  std::vector<std::string> out;
  TimePoint at = TimePoint(std::chrono::milliseconds(1764936000000));
  REQUIRE(ForEachMetricRecord(outcome, at, [&](std::string_view json) {
            out.emplace_back(json);
            return Status::Ok();
          }).ok());
  return out;
}

TEST_CASE("scrape prometheus source: filtered samples are counted when fetched and read again when printed") {
  OneAnswer http(
      "# HELP node_network_receive_bytes_total Bytes received.\n"
      "# TYPE node_network_receive_bytes_total counter\n"
      "node_network_receive_bytes_total{device=\"eth0\"} 1024\n"
      "node_network_receive_bytes_total{device=\"lo\"} 5\n"
      "node_network_receive_bytes_total{device=\"eth0\"} 2048\n"
      "other_metric{device=\"eth0\"} 1\n");
  Source source = PromSource();
  FetchEnv env{http, nullptr, false, [](std::chrono::milliseconds) { return true; }, ""};
  ScrapeOutcome outcome = ScrapeSource(source, env);
  REQUIRE(outcome.up);
  CHECK(SampleCount(outcome) == 1);
  REQUIRE(outcome.problems.size() == 1);
  CHECK(outcome.problems[0] == "repeated series node_network_receive_bytes_total{device=\"eth0\"} (first kept)");
  std::vector<std::string> records = Records(outcome);
  REQUIRE(records.size() == 4);
  CHECK(records[0] ==
        R"({"kind":"metric","v":1,"ts":"2025-12-05T12:00:00.000Z","name":"node_network_receive_bytes_total","value":1024,)"
        R"("labels":{"device":"eth0"},"source":"node","type":"counter","help":"Bytes received."})");
  CHECK(records[3] ==
        R"({"kind":"metric","v":1,"ts":"2025-12-05T12:00:00.000Z","name":"samples","value":1,"labels":{},"source":"node","type":"gauge"})");
  // Printing twice (a table, then records) reads the same samples.
  CHECK(Records(outcome) == records);
}

TEST_CASE("scrape prometheus source: an exposition with a bad line gives no samples at all") {
  OneAnswer http("node_a 1\nnode_b{x=\"1\" 2\n");
  Source source = PromSource();
  source.match_labels.clear();
  FetchEnv env{http, nullptr, false, [](std::chrono::milliseconds) { return true; }, ""};
  ScrapeOutcome outcome = ScrapeSource(source, env);
  CHECK_FALSE(outcome.up);
  CHECK(outcome.error == "node: line 2: labels: expected ',' or '}', got '2'");
  CHECK(SampleCount(outcome) == 0);
  CHECK(Records(outcome).size() == 3);  // up, scrape_duration_ms, samples
}

// Counts the requests it is sent and answers each with `body`.
class CountingAnswer : public HttpClient {
 public:
  Result<HttpResponse> Send(const HttpRequest&) override {
    ++requests;
    HttpResponse r;
    r.status = 200;
    r.body = "node_up 1\n";
    return r;
  }
  int requests = 0;
};

TEST_CASE("scrape prometheus source: a plain local file is parsed where it lies, anything else is fetched") {
  std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/evt_local_source_" +
                     std::to_string(getpid()) + ".prom";
  std::FILE* file = std::fopen(path.c_str(), "w");
  REQUIRE(file);
  std::fputs("# TYPE node_a gauge\nnode_a{device=\"eth0\"} 1\nnode_a{device=\"eth0\"} 2\nnode_b{device=\"eth0\"} 3\n", file);
  std::fclose(file);
  CountingAnswer http;
  FetchEnv env{http, nullptr, false, [](std::chrono::milliseconds) { return true; }, ""};
  Source source = PromSource();
  source.url = "file://" + path;
  ScrapeOutcome outcome = ScrapeSource(source, env);
  CHECK(http.requests == 0);
  REQUIRE(outcome.up);
  CHECK(outcome.pages == 1);
  CHECK(SampleCount(outcome) == 2);
  REQUIRE(outcome.problems.size() == 1);
  CHECK(outcome.problems[0] == "repeated series node_a{device=\"eth0\"} (first kept)");
  std::vector<std::string> records = Records(outcome);
  REQUIRE(records.size() == 5);
  CHECK(records[1] ==
        R"({"kind":"metric","v":1,"ts":"2025-12-05T12:00:00.000Z","name":"node_b","value":3,)"
        R"("labels":{"device":"eth0"},"source":"node","type":"untyped"})");

  // Over max_body, with something to decode in the path, or sent with a
  // header: the HTTP client's, as before (its refusals and errors).
  Source over = source;
  over.max_body = 10;
  Source escaped = source;
  escaped.url = "file://" + path + "%00";
  Source headed = source;
  headed.headers = {{"Accept", "text/plain"}};
  Source missing = source;
  missing.url = "file:///nonexistent/evt/metrics.prom";
  for (const Source* s : {&over, &escaped, &headed, &missing}) ScrapeSource(*s, env);
  CHECK(http.requests == 4);
  std::remove(path.c_str());
}

TEST_CASE("scrape prometheus source: a scrape's duration is the clock's, so a test can pin it") {
  ManualClock clock(TimePoint(std::chrono::milliseconds(1764936000000)));
  SlowAnswer http(clock, Duration(250));
  Source source = PromSource();
  source.match_labels.clear();
  FetchEnv env{http, nullptr, false, [](std::chrono::milliseconds) { return true; }, "", &clock};
  ScrapeOutcome outcome = ScrapeSource(source, env);
  REQUIRE(outcome.up);
  CHECK(outcome.duration_ms == 250);
}

}  // namespace
}  // namespace evt::scrape

namespace evt::scrape {
namespace {

// Every kind of byte a name, label or help can hold, each as the record
// writer (AppendJsonString) would escape it, whichever path a text takes.
TEST_CASE("scrape metric record: text is escaped as the record writer escapes it, plain or not") {
  const std::vector<std::string> texts = {"plain_name", "", "a \"quoted\" \\ path", "tab\there\nnewline", "caf\xC3\xA9 \xE2\x82\xAC",
                                          std::string("nul\0byte", 8), "del\x7F", "/api/v1/item/7"};
  for (const std::string& text : texts) {
    std::string expected_text;
    REQUIRE(AppendJsonString(expected_text, text).ok());
    Labels labels{{"k", text}};
    std::string got;
    REQUIRE(AppendSampleJson(got, {"m", labels, 1, "gauge", "", text}, text, "T").ok());
    std::string expected = R"({"kind":"metric","v":1,"ts":"T","name":"m","value":1,"labels":{"k":)" + expected_text +
                           R"(},"source":)" + expected_text + R"(,"type":"gauge")" +
                           (text.empty() ? "" : R"(,"help":)" + expected_text) + "}";
    CHECK(got == expected);
  }
  Labels bad{{"k", "\xFF"}};
  std::string out;
  CHECK(AppendSampleJson(out, {"m", bad, 1, "gauge", "", ""}, "s", "T").code() == ExitCode::kDataErr);
}

}  // namespace
}  // namespace evt::scrape
