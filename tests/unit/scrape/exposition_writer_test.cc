#include <catch2/catch.hpp>

#include "tools/scrape/exposition_writer.h"
#include "tools/scrape/prometheus_names.h"

namespace evt::scrape {
namespace {

OutSample Gauge(std::string name, Labels labels, double value, std::string type = "gauge", std::string family = "") {
  return {std::move(name), std::move(labels), value, MakeMeta(std::move(type), "", "", std::move(family)), {}};
}

// The HELP the writer gives a family whose source gave none.
std::string NoHelp(const std::string& family, const std::string& source) {
  return "# HELP " + family + " scraped from source " + source + ", which gave no HELP\n";
}

std::string Print(const std::vector<std::pair<std::string, OutSample>>& samples, bool openmetrics,
                  std::vector<std::string>* problems = nullptr) {
  ExpositionWriter writer(openmetrics);
  for (const auto& [source, sample] : samples) writer.Add(sample, source);
  if (problems) *problems = writer.problems();
  Result<std::string> text = writer.Text();
  REQUIRE(text.ok());
  return *text;
}

TEST_CASE("scrape names: sanitised as Prometheus does") {
  CHECK(SanitizedMetricName("node_load1") == "node_load1");
  CHECK(SanitizedMetricName("a.b:c") == "a_b:c");
  CHECK(SanitizedMetricName("9lives") == "_9lives");
  CHECK(SanitizedMetricName("temp.\xC2\xB0" "C") == "temp__C");  // one '_' per character, not per byte
  CHECK(SanitizedMetricName("") == "_");
  CHECK(SanitizedLabelName("a:b") == "a_b");
  CHECK(SanitizedLabelName("x\ny") == "x_y");
  CHECK(SanitizedMetricName("bad\xED\xA0\x80") == "bad___");  // a surrogate is three bad bytes
}

TEST_CASE("scrape exposition writer: a name holding a newline forges no series") {
  std::vector<std::string> problems;
  std::string text = Print({{"ups", Gauge("up", {}, 0)}, {"hostile", Gauge("evil\nup{source=\"ups\"} 1", {}, 7, "untyped")}},
                           false, &problems);
  CHECK(text == NoHelp("up", "ups") +
        "# TYPE up gauge\n"
        "up{source=\"ups\"} 0\n" +
        NoHelp("evil_up_source__ups___1", "hostile") +
        "# TYPE evil_up_source__ups___1 untyped\n"
        "evil_up_source__ups___1{source=\"hostile\"} 7\n");
  CHECK(problems == std::vector<std::string>{
                        "hostile: metric name \"evil\\nup{source=\\\"ups\\\"} 1\" is not a Prometheus name: printed as "
                        "evil_up_source__ups___1"});
}

TEST_CASE("scrape exposition writer: label names sanitised, an upstream source label renamed, values escaped") {
  std::vector<std::string> problems;
  std::string text = Print({{"p", Gauge("m", {{"source", "theirs"}, {"exported_source", "also"}, {"a.b", "x\"\n\xFF"}}, 1)}},
                           false, &problems);
  CHECK(text == NoHelp("m", "p") +
        "# TYPE m gauge\n"
        "m{source=\"p\",exported_exported_source=\"theirs\",exported_source=\"also\",a_b=\"x\\\"\\n\xEF\xBF\xBD\"} 1\n");
  CHECK(problems == std::vector<std::string>{"p: label name \"a.b\" is not a Prometheus name: printed as a_b"});
}

TEST_CASE("scrape exposition writer: evt's own series come first, a repeat is left out and reported") {
  std::vector<std::string> problems;
  std::string text = Print({{"p", Gauge("up", {}, 1)},
                            {"p", Gauge("up", {}, 0)},
                            {"p", Gauge("up", {{"source", "x"}}, 0)},
                            {"p", Gauge("m", {{"a", "1"}, {"b", "2"}}, 1)},
                            {"p", Gauge("m", {{"b", "2"}, {"a", "1"}}, 2)}},
                           false, &problems);
  CHECK(text == NoHelp("up", "p") +
        "# TYPE up gauge\n"
        "up{source=\"p\"} 1\n"
        "up{source=\"p\",exported_source=\"x\"} 0\n" +
        NoHelp("m", "p") +
        "# TYPE m gauge\n"
        "m{source=\"p\",a=\"1\",b=\"2\"} 1\n");
  CHECK(problems == std::vector<std::string>{"p: repeated series up{source=\"p\"} (first kept)",
                                             "p: repeated series m{source=\"p\",b=\"2\",a=\"1\"} (first kept)"});
}

TEST_CASE("scrape exposition writer: two labels that print alike, a family of two types, names two families share") {
  std::vector<std::string> problems;
  std::string text = Print({{"a", Gauge("m", {{"x.y", "1"}, {"x_y", "2"}}, 1)},
                            {"a", Gauge("t", {}, 1, "gauge")},
                            {"b", Gauge("t", {}, 2, "counter")},
                            {"a", Gauge("c_count", {}, 1)},
                            {"b", Gauge("c_sum", {}, 1, "summary", "c")}},
                           false, &problems);
  CHECK(text == NoHelp("t", "a") +
        "# TYPE t gauge\n"
        "t{source=\"a\"} 1\n" +
        NoHelp("c_count", "a") +
        "# TYPE c_count gauge\n"
        "c_count{source=\"a\"} 1\n");
  CHECK(problems == std::vector<std::string>{
                        "a: label name \"x.y\" is not a Prometheus name: printed as x_y",
                        "a: two labels print as x_y: those samples are left out",
                        "b: family t is typed counter here and gauge by an earlier source: its samples are left out",
                        "b: family c (summary) would print c_count, a name of family c_count: its samples are left out"});
}

TEST_CASE("scrape exposition writer: types and suffixes each format can hold") {
  std::vector<std::pair<std::string, OutSample>> samples = {
      {"s", Gauge("req_total", {}, 5, "counter", "req")},
      {"s", Gauge("req_created", {}, 1700, "counter", "req")},
      {"s", Gauge("h_bucket", {{"le", "+Inf"}}, 2, "histogram", "h")},
      {"s", Gauge("h_count", {}, 2, "histogram", "h")},
      {"s", Gauge("v_info", {{"version", "1"}}, 1, "info", "v")},
      {"s", Gauge("neg_total", {}, -1, "counter", "neg")}};
  CHECK(Print(samples, false) ==
        NoHelp("req_total", "s") + "# TYPE req_total counter\nreq_total{source=\"s\"} 5\n" +
        NoHelp("req_created", "s") + "# TYPE req_created untyped\nreq_created{source=\"s\"} 1700\n" +
        NoHelp("h", "s") + "# TYPE h histogram\nh_bucket{source=\"s\",le=\"+Inf\"} 2\nh_count{source=\"s\"} 2\n" +
        NoHelp("v_info", "s") + "# TYPE v_info untyped\nv_info{source=\"s\",version=\"1\"} 1\n" +
        NoHelp("neg_total", "s") + "# TYPE neg_total counter\nneg_total{source=\"s\"} -1\n");
  std::vector<std::string> problems;
  CHECK(Print(samples, true, &problems) ==
        NoHelp("req", "s") + "# TYPE req counter\nreq_total{source=\"s\"} 5\nreq_created{source=\"s\"} 1700\n" +
        NoHelp("h", "s") + "# TYPE h histogram\nh_bucket{source=\"s\",le=\"+Inf\"} 2\nh_count{source=\"s\"} 2\n" +
        NoHelp("v", "s") + "# TYPE v info\nv_info{source=\"s\",version=\"1\"} 1\n"
        "# EOF\n");
  CHECK(problems == std::vector<std::string>{"s: neg_total: an OpenMetrics counter is not negative or NaN: left out"});
}

TEST_CASE("scrape exposition writer: a counter's samples end in _total in the Prometheus format too") {
  std::vector<std::pair<std::string, OutSample>> samples = {{"cdn", Gauge("cdn_spend_cents", {}, 420, "counter")},
                                                            {"node", Gauge("http_requests_total", {}, 3, "counter")}};
  CHECK(Print(samples, false) ==
        NoHelp("cdn_spend_cents_total", "cdn") + "# TYPE cdn_spend_cents_total counter\ncdn_spend_cents_total{source=\"cdn\"} 420\n" +
        NoHelp("http_requests_total", "node") + "# TYPE http_requests_total counter\nhttp_requests_total{source=\"node\"} 3\n");
  // The same series whichever format Prometheus reads: OpenMetrics names the family without it.
  CHECK(Print(samples, true) ==
        NoHelp("cdn_spend_cents", "cdn") + "# TYPE cdn_spend_cents counter\ncdn_spend_cents_total{source=\"cdn\"} 420\n" +
        NoHelp("http_requests", "node") + "# TYPE http_requests counter\nhttp_requests_total{source=\"node\"} 3\n# EOF\n");
}

TEST_CASE("scrape exposition writer: a gauge named like a counter's _total sample is left out, not merged") {
  std::vector<std::string> problems;
  std::string text = Print({{"a", Gauge("x", {}, 1, "counter")}, {"b", Gauge("x_total", {}, 2)}}, false, &problems);
  CHECK(text == NoHelp("x_total", "a") + "# TYPE x_total counter\nx_total{source=\"a\"} 1\n");
  CHECK(problems == std::vector<std::string>{
                        "b: family x_total (gauge) would print x_total, a name of family x: its samples are left out"});
}

TEST_CASE("scrape exposition writer: HELP from the first source that gives one, UNIT only where the name ends in it") {
  auto with = [](std::string name, std::string unit, std::string help) {
    return OutSample{std::move(name), {}, 1, MakeMeta("gauge", std::move(unit), std::move(help)), {}};
  };
  std::vector<std::pair<std::string, OutSample>> samples = {
      {"a", with("temp_celsius", "celsius", "")},
      {"b", with("temp_celsius", "celsius", "a \"quoted\" \\ help\nline")},
      {"b", with("volts", "volts_x", "supply")}};
  CHECK(Print(samples, false) ==
        "# HELP temp_celsius a \"quoted\" \\\\ help\\nline\n# TYPE temp_celsius gauge\n"
        "temp_celsius{source=\"a\"} 1\ntemp_celsius{source=\"b\"} 1\n"
        "# HELP volts supply\n# TYPE volts gauge\nvolts{source=\"b\"} 1\n");
  CHECK(Print(samples, true) ==
        "# HELP temp_celsius a \\\"quoted\\\" \\\\ help\\nline\n# TYPE temp_celsius gauge\n# UNIT temp_celsius celsius\n"
        "temp_celsius{source=\"a\"} 1\ntemp_celsius{source=\"b\"} 1\n"
        "# HELP volts supply\n# TYPE volts gauge\nvolts{source=\"b\"} 1\n# EOF\n");
}

}  // namespace
}  // namespace evt::scrape
