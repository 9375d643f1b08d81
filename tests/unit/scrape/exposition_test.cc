#include <catch2/catch.hpp>

#include <cmath>

#include "tools/scrape/exposition.h"
#include "tools/scrape/exposition_checks.h"

namespace evt::scrape {
namespace {

Exposition Parse(std::string_view text, ExpositionFormat format = ExpositionFormat::kPrometheus) {
  Result<Exposition> e = ParseExposition(text, format, "t");
  INFO((e.ok() ? std::string() : e.status().message()));
  REQUIRE(e.ok());
  return std::move(*e);
}

std::string ErrorOf(std::string_view text, ExpositionFormat format = ExpositionFormat::kPrometheus) {
  Result<Exposition> e = ParseExposition(text, format, "t");
  REQUIRE_FALSE(e.ok());
  CHECK(e.status().code() == ExitCode::kDataErr);
  return e.status().message();
}

TEST_CASE("scrape exposition: HELP, TYPE, labels with escapes, timestamps in ms") {
  Exposition e = Parse(
      "# HELP http_requests_total The total number of HTTP requests.\\nSecond line \\\\ done\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
      "http_requests_total{method=\"post\",code=\"400\",} 3 1395066363000\n"
      "# A plain comment\n"
      "\n"
      "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
      "metric_without_timestamp_and_labels 12.47\n");
  REQUIRE(e.families.size() == 3);
  const Family& http = e.families[0];
  CHECK(http.name == "http_requests_total");
  CHECK(http.type == "counter");
  CHECK(http.help == "The total number of HTTP requests.\nSecond line \\ done");
  REQUIRE(http.samples.size() == 2);
  CHECK(http.samples[0].labels == Labels{{"method", "post"}, {"code", "200"}});
  CHECK(http.samples[0].value == 1027);
  CHECK(http.samples[0].timestamp_ms == 1395066363000);
  CHECK(http.samples[1].labels.size() == 2);  // the trailing comma is allowed
  const Sample& msdos = e.families[1].samples.at(0);
  CHECK(e.families[1].type == "untyped");
  CHECK(msdos.labels[0].second == "C:\\DIR\\FILE.TXT");
  CHECK(msdos.labels[1].second == "Cannot find file:\n\"FILE.TXT\"");
  CHECK(msdos.value == 1.458255915e9);
  CHECK_FALSE(e.families[2].samples[0].timestamp_ms);
}

TEST_CASE("scrape exposition: a HELP text's stray bytes become U+FFFD, never passed on") {
  for (ExpositionFormat format : {ExpositionFormat::kPrometheus, ExpositionFormat::kOpenMetrics}) {
    std::string text = "# HELP a bad \xFF help\n# TYPE a gauge\na 1\n";
    if (format == ExpositionFormat::kOpenMetrics) text += "# EOF\n";
    Exposition e = Parse(text, format);
    REQUIRE(e.families.size() == 1);
    CHECK(e.families[0].help == "bad \xEF\xBF\xBD help");
  }
}

TEST_CASE("scrape exposition: NaN and infinities, Go ParseFloat spellings") {
  Exposition e = Parse("a NaN\nb +Inf\nc -Inf\nd Inf\ne 1e3\nf -0.5\ng 1e999\nh 1e-999\n");
  CHECK(std::isnan(e.families[0].samples[0].value));
  CHECK(e.families[1].samples[0].value == INFINITY);
  CHECK(e.families[2].samples[0].value == -INFINITY);
  CHECK(e.families[3].samples[0].value == INFINITY);
  CHECK(e.families[4].samples[0].value == 1000);
  CHECK(e.families[5].samples[0].value == -0.5);
  CHECK(e.families[6].samples[0].value == INFINITY);
  CHECK(e.families[7].samples[0].value == 0);
  CHECK_FALSE(ParseValue("1,5"));
  CHECK_FALSE(ParseValue("++1"));
  CHECK_FALSE(ParseValue(""));
  CHECK_FALSE(ParseValue("0x"));
}

TEST_CASE("scrape exposition: a histogram's buckets, sum and count") {
  Exposition e = Parse(
      "# TYPE http_request_duration_seconds histogram\n"
      "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
      "http_request_duration_seconds_bucket{le=\"0.1\"} 33444\n"
      "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
      "http_request_duration_seconds_sum 53423\n"
      "http_request_duration_seconds_count 144320\n");
  REQUIRE(e.families.size() == 1);
  CHECK(e.families[0].type == "histogram");
  CHECK(e.families[0].samples.size() == 5);
  CHECK(e.families[0].samples[3].name == "http_request_duration_seconds_sum");
}

TEST_CASE("scrape exposition: histograms that break the rules are refused") {
  std::string head = "# TYPE h histogram\n";
  CHECK_THAT(ErrorOf(head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"0.5\"} 2\nh_bucket{le=\"+Inf\"} 2\n"),
             Catch::Contains("le values must increase"));
  CHECK_THAT(ErrorOf(head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 2\n"), Catch::Contains("last bucket must be le=\"+Inf\""));
  CHECK_THAT(ErrorOf(head + "h_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\n"), Catch::Contains("must not decrease"));
  CHECK_THAT(ErrorOf(head + "h_bucket{le=\"+Inf\"} 2\nh_count 3\n"), Catch::Contains("_count is not"));
  CHECK_THAT(ErrorOf(head + "h_bucket 2\n"), Catch::Contains("needs an le label"));
}

TEST_CASE("scrape exposition: a summary's quantiles") {
  Exposition e = Parse(
      "# TYPE rpc_duration_seconds summary\n"
      "rpc_duration_seconds{quantile=\"0.5\"} 4773\n"
      "rpc_duration_seconds{quantile=\"0.99\"} 76656\n"
      "rpc_duration_seconds_sum 1.7560473e+07\n"
      "rpc_duration_seconds_count 2693\n");
  CHECK(e.families.size() == 1);
  CHECK(e.families[0].samples.size() == 4);
  CHECK_THAT(ErrorOf("# TYPE s summary\ns{quantile=\"1.5\"} 1\n"), Catch::Contains("quantile label from 0 to 1"));
}

TEST_CASE("scrape exposition: quoted UTF-8 metric and label names") {
  Exposition e = Parse("{\"my.dotted.metric\",\"k.é\"=\"v\"} 1\n# TYPE \"other.metric\" gauge\n{\"other.metric\"} 2\n");
  REQUIRE(e.families.size() == 2);
  CHECK(e.families[0].samples[0].name == "my.dotted.metric");
  CHECK(e.families[0].samples[0].labels == Labels{{"k.é", "v"}});
  CHECK(e.families[1].type == "gauge");
}

TEST_CASE("scrape exposition: broken lines name the line and what was expected") {
  CHECK(ErrorOf("ok 1\nbroken{a=\"1\" 2\n") == "t: line 2: labels: expected ',' or '}', got '2'");
  CHECK(ErrorOf("a{b=c} 1\n") == "t: line 1: label b value: expected '\"', got 'c'");
  CHECK(ErrorOf("a one\n") == "t: line 1: a: value: expected a number, NaN, +Inf or -Inf, got \"one\"");
  CHECK(ErrorOf("a 1 12.5\n") == "t: line 1: a: timestamp: expected milliseconds since the epoch (an integer), got \"12.5\"");
  CHECK(ErrorOf("a{b=\"\\x\"} 1\n") == "t: line 1: label b value: unknown escape '\\x' (expected \\\\, \\\" or \\n)");
  CHECK(ErrorOf("a{b=\"1\",b=\"2\"} 1\n") == "t: line 1: label b appears twice");
  CHECK(ErrorOf("# TYPE a gauge\n# TYPE a counter\n") == "t: line 2: a second # TYPE line for a");
  CHECK(ErrorOf("a 1\n# TYPE a gauge\n") == "t: line 2: # TYPE a comes after its samples");
  CHECK(ErrorOf("# TYPE a nope\n") == "t: line 1: # TYPE a: expected counter, gauge, histogram, summary or untyped, got \"nope\"");
  CHECK(ErrorOf("a 1\nb 1\na{x=\"1\"} 2\n") == "t: line 3: a: the family a appeared before; a family's lines must be one group");
  // A sample name that was its own family cannot come back under another
  // (found by the fuzzer: the same series twice, in two families).
  CHECK(ErrorOf("h_bucket{le=\"1\"} 1\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\n") ==
        "t: line 3: h_bucket: the family h_bucket appeared before; a family's lines must be one group");
  CHECK(ErrorOf("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\n# HELP x x\nh_bucket{le=\"+Inf\"} 1\n") ==
        "t: line 4: h_bucket: the family h appeared before; a family's lines must be one group");
  CHECK(ErrorOf("a{b=\"\xff\"} 1\n") == "t: line 1: label b value: not valid UTF-8");
  CHECK(ErrorOf("9a 1\n") == "t: line 1: metric name: expected a letter or '_', got '9'");
}

TEST_CASE("scrape exposition: a repeated series is reported and its first sample kept") {
  Exposition e = Parse("a{x=\"1\"} 1\na{x=\"1\"} 2\na{x=\"2\"} 3\n");
  REQUIRE(e.families.size() == 1);
  CHECK(e.families[0].samples.size() == 2);
  CHECK(e.families[0].samples[0].value == 1);
  CHECK(e.duplicates == std::vector<std::string>{"a{x=\"1\"}"});
}

TEST_CASE("scrape exposition: OpenMetrics timestamps in seconds, suffixes, UNIT and # EOF") {
  Exposition e = Parse(
      "# TYPE acme_http_router_request_seconds summary\n"
      "# UNIT acme_http_router_request_seconds seconds\n"
      "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.\n"
      "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32 1520879607.789\n"
      "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283.0\n"
      "# TYPE foo counter\n"
      "foo_total 17.0 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67\n"
      "foo_created 1520430000.123\n"
      "# TYPE x unknown\n"
      "x 1\n"
      "# EOF\n",
      ExpositionFormat::kOpenMetrics);
  REQUIRE(e.families.size() == 3);
  CHECK(e.families[0].unit == "seconds");
  CHECK(e.families[0].samples[0].timestamp_ms == 1520879607789);
  CHECK(e.families[1].samples.size() == 2);
  CHECK(e.families[1].samples[0].name == "foo_total");
  CHECK(e.families[2].type == "untyped");
}

TEST_CASE("scrape exposition: an invalid OpenMetrics exposition is refused whole") {
  auto om = ExpositionFormat::kOpenMetrics;
  CHECK(ErrorOf("a 1\n", om) == "t: OpenMetrics text must end with \"# EOF\"");
  CHECK(ErrorOf("a 1\n# EOF\nb 2\n", om) == "t: line 3: text after \"# EOF\"");
  CHECK(ErrorOf("a 1\n\n# EOF\n", om) == "t: line 2: an empty line is not allowed in OpenMetrics");
  CHECK(ErrorOf("a 1\r\n# EOF\n", om) == "t: line 1: a carriage return is not allowed");
  CHECK(ErrorOf("# TYPE c counter\nc_total -1\n# EOF\n", om) == "t: c_total{}: a counter must not be negative or NaN");
  CHECK(ErrorOf("# TYPE a_bytes gauge\n# UNIT a_bytes seconds\n# EOF\n", om) ==
        "t: line 2: # UNIT seconds: the metric name a_bytes must end with _seconds");
  CHECK(ErrorOf("a{b=\"1\",} 1\n# EOF\n", om) == "t: line 1: a: a trailing ',' in the labels is not allowed in OpenMetrics");
  CHECK(ErrorOf("a  1\n# EOF\n", om) == "t: line 1: expected one space before the value");
  CHECK(ErrorOf("# random comment\n# EOF\n", om) ==
        "t: line 1: expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\", got \"# random\"");
}

}  // namespace
}  // namespace evt::scrape
