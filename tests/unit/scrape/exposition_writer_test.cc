#include <catch2/catch.hpp>

#include "tools/scrape/exposition_writer.h"
#include "tools/scrape/prometheus_names.h"

namespace evt::scrape {
namespace {

OutSample Gauge(std::string name, Labels labels, double value, std::string type = "gauge", std::string family = "") {
  return {std::move(name), std::move(labels), value, MakeMeta(std::move(type), "", "", std::move(family)), {}};
}

std::string Print(const std::vector<std::pair<std::string, OutSample>>& samples, bool openmetrics,
                  std::vector<std::string>* problems = nullptr) {
  ExpositionWriter writer(openmetrics);
  for (const auto& [source, sample] : samples) writer.Add(sample, source);
  if (problems) *problems = writer.problems();
  return writer.Text();
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
  CHECK(text ==
        "# TYPE up gauge\n"
        "up{source=\"ups\"} 0\n"
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
  CHECK(text ==
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
  CHECK(text ==
        "# TYPE up gauge\n"
        "up{source=\"p\"} 1\n"
        "up{source=\"p\",exported_source=\"x\"} 0\n"
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
  CHECK(text ==
        "# TYPE t gauge\n"
        "t{source=\"a\"} 1\n"
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
        "# TYPE req_total counter\nreq_total{source=\"s\"} 5\n"
        "# TYPE req_created untyped\nreq_created{source=\"s\"} 1700\n"
        "# TYPE h histogram\nh_bucket{source=\"s\",le=\"+Inf\"} 2\nh_count{source=\"s\"} 2\n"
        "# TYPE v_info untyped\nv_info{source=\"s\",version=\"1\"} 1\n"
        "# TYPE neg_total counter\nneg_total{source=\"s\"} -1\n");
  std::vector<std::string> problems;
  CHECK(Print(samples, true, &problems) ==
        "# TYPE req counter\nreq_total{source=\"s\"} 5\nreq_created{source=\"s\"} 1700\n"
        "# TYPE h histogram\nh_bucket{source=\"s\",le=\"+Inf\"} 2\nh_count{source=\"s\"} 2\n"
        "# TYPE v info\nv_info{source=\"s\",version=\"1\"} 1\n"
        "# EOF\n");
  CHECK(problems == std::vector<std::string>{"s: neg_total: an OpenMetrics counter is not negative or NaN: left out"});
}

}  // namespace
}  // namespace evt::scrape
