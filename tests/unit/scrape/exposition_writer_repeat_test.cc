// The writer keeps series keys only where a printed series can repeat
// (exposition_writer.h, NameInSource): each case here prints one series
// from two upstream origins, and fails if that dedupe is taken away.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>

#include "tools/scrape/exposition_writer.h"

namespace evt::scrape {
namespace {

OutSample Typed(std::string name, Labels labels, double value, std::string type, std::string family = "") {
  return {std::move(name), std::move(labels), value, MakeMeta(std::move(type), "", "", std::move(family)), {}};
}

struct Parsed {
  OutSample sample;
  std::size_t parse = 1;
};

// The sample lines printed (not HELP/TYPE), and the problems.
std::string Lines(ExpositionWriter& writer, std::vector<std::string>* problems = nullptr) {
  Result<std::string> text = writer.Text();
  REQUIRE(text.ok());
  std::string lines;
  std::size_t at = 0;
  while (at < text->size()) {
    std::size_t end = text->find('\n', at);
    if ((*text)[at] != '#') lines += text->substr(at, end + 1 - at);
    at = end + 1;
  }
  if (problems) *problems = writer.problems();
  return lines;
}

std::string PrintParsed(const std::vector<Parsed>& samples, std::vector<std::string>* problems = nullptr) {
  ExpositionWriter writer(false);
  for (const Parsed& p : samples) writer.AddParsed(p.sample, "p", p.parse);
  return Lines(writer, problems);
}

TEST_CASE("scrape exposition writer repeats: counter x and x_total print one series") {
  std::vector<std::string> problems;
  CHECK(PrintParsed({{Typed("x", {{"a", "1"}}, 1, "counter", "x")}, {Typed("x_total", {{"a", "1"}}, 2, "counter", "x_total")}},
                    &problems) == "x_total{source=\"p\",a=\"1\"} 1\n");
  CHECK(problems == std::vector<std::string>{"p: repeated series x_total{source=\"p\",a=\"1\"} (first kept)"});
}

TEST_CASE("scrape exposition writer repeats: metric names that sanitise alike") {
  std::vector<std::string> problems;
  CHECK(PrintParsed({{Typed("a_b", {}, 1, "gauge")}, {Typed("a.b", {}, 2, "gauge")}}, &problems) ==
        "a_b{source=\"p\"} 1\n");
  CHECK(problems.back() == "p: repeated series a_b{source=\"p\"} (first kept)");
}

TEST_CASE("scrape exposition writer repeats: label names that sanitise or rename alike, labels in another order") {
  std::vector<std::string> problems;
  CHECK(PrintParsed({{Typed("m", {{"a_b", "1"}}, 1, "gauge")},
                     {Typed("m", {{"a.b", "1"}}, 2, "gauge")},
                     {Typed("m", {{"exported_source", "s"}}, 3, "gauge")},
                     {Typed("m", {{"source", "s"}}, 4, "gauge")},
                     {Typed("m", {{"x", "1"}, {"y", "2"}}, 5, "gauge")},
                     {Typed("m", {{"y", "2"}, {"x", "1"}}, 6, "gauge")},
                     {Typed("m", {{"y", "3"}, {"x", "1"}}, 7, "gauge")}},
                    &problems) ==
        "m{source=\"p\",a_b=\"1\"} 1\n"
        "m{source=\"p\",exported_source=\"s\"} 3\n"
        "m{source=\"p\",x=\"1\",y=\"2\"} 5\n"
        "m{source=\"p\",y=\"3\",x=\"1\"} 7\n");
  CHECK(problems == std::vector<std::string>{"p: label name \"a.b\" is not a Prometheus name: printed as a_b",
                                             "p: repeated series m{source=\"p\",a_b=\"1\"} (first kept)",
                                             "p: repeated series m{source=\"p\",exported_source=\"s\"} (first kept)",
                                             "p: repeated series m{source=\"p\",y=\"2\",x=\"1\"} (first kept)"});
}

TEST_CASE("scrape exposition writer repeats: an upstream series named like evt's own") {
  ExpositionWriter writer(false);
  writer.Add(Typed("evt_scrape_up", {}, 1, "gauge"), "p");
  writer.AddParsed(Typed("evt_scrape_up", {}, 0, "gauge"), "p", 1);
  writer.AddParsed(Typed("evt_scrape_up", {{"job", "x"}}, 0, "gauge"), "p", 1);
  std::vector<std::string> problems;
  CHECK(Lines(writer, &problems) == "evt_scrape_up{source=\"p\"} 1\nevt_scrape_up{source=\"p\",job=\"x\"} 0\n");
  CHECK(problems == std::vector<std::string>{"p: repeated series evt_scrape_up{source=\"p\"} (first kept)"});
}

TEST_CASE("scrape exposition writer repeats: a source given twice prints each series once") {
  std::vector<std::string> problems;
  CHECK(PrintParsed({{Typed("m", {{"a", "1"}}, 1, "gauge"), 1}, {Typed("m", {{"a", "1"}}, 2, "gauge"), 2}}, &problems) ==
        "m{source=\"p\"," "a=\"1\"} 1\n");
  CHECK(problems == std::vector<std::string>{"p: repeated series m{source=\"p\",a=\"1\"} (first kept)"});
}

TEST_CASE("scrape exposition writer repeats: one origin's series are trusted, other sources never collide") {
  ExpositionWriter writer(false);
  writer.AddParsed(Typed("m", {{"a", "1"}}, 1, "gauge"), "p", 1);
  writer.AddParsed(Typed("m", {{"a", "2"}}, 2, "gauge"), "p", 1);
  writer.AddParsed(Typed("m", {{"a", "1"}}, 3, "gauge"), "q", 2);
  std::vector<std::string> problems;
  CHECK(Lines(writer, &problems) == "m{source=\"p\",a=\"1\"} 1\nm{source=\"p\",a=\"2\"} 2\nm{source=\"q\",a=\"1\"} 3\n");
  CHECK(problems.empty());
}

TEST_CASE("scrape exposition writer repeats: series printed long before the second origin are read back from the spool") {
  ExpositionWriter writer(false);
  const int kSeries = 20000;  // about 800 kB of lines: most of them are on disk when the repeat comes
  std::string expected;
  for (int i = 0; i < kSeries; ++i) {
    std::string value = "v \"" + std::to_string(i) + "\"\\";  // escapes, so keys read back must match escaped text
    writer.AddParsed(Typed("x", {{"i", value}}, i, "counter", "x"), "p", 1);
    expected += "x_total{source=\"p\",i=\"v \\\"" + std::to_string(i) + "\\\"\\\\\"} " + std::to_string(i) + "\n";
  }
  writer.AddParsed(Typed("x", {{"i", "other"}}, 1, "counter", "x"), "q", 2);  // another source: no repeat
  writer.AddParsed(Typed("x_total", {{"i", "v \"7\"\\"}}, -1, "counter", "x_total"), "p", 1);
  writer.AddParsed(Typed("x_total", {{"i", "v \"19999\"\\"}}, -1, "counter", "x_total"), "p", 1);
  writer.AddParsed(Typed("x_total", {{"i", "new"}}, 5, "counter", "x_total"), "p", 1);
  // A family's lines in the order they came, so p's new series after q's.
  expected += "x_total{source=\"q\",i=\"other\"} 1\n";
  expected += "x_total{source=\"p\",i=\"new\"} 5\n";
  std::vector<std::string> problems;
  CHECK(Lines(writer, &problems) == expected);
  CHECK(problems == std::vector<std::string>{
                        "p: repeated series x_total{source=\"p\",i=\"v \\\"7\\\"\\\\\"} (first kept)",
                        "p: repeated series x_total{source=\"p\",i=\"v \\\"19999\\\"\\\\\"} (first kept)"});
}

// Samples from names and labels that print alike, each series once per
// (parse, family) as the parser lets them through; the writer trusting
// origins must print exactly what it prints keying every series.
TEST_CASE("scrape exposition writer repeats: trusting one origin prints what keying every series prints") {
  const char* env = std::getenv("EVT_TEST_SEED");
  const unsigned seed = env ? static_cast<unsigned>(std::strtoul(env, nullptr, 10)) : std::random_device{}();
  std::cout << "exposition_writer_repeat_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 random(seed);
  auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
  const std::vector<std::string> names = {"x", "x_total", "a.b", "a_b", "evt_scrape_up", "h_bucket", "h_count", "m"};
  const std::vector<std::string> types = {"gauge", "counter", "untyped", "histogram", "summary"};
  const std::vector<std::string> label_names = {"a", "b", "a.b", "a_b", "source", "exported_source", "__name__"};
  const std::vector<std::string> sources = {"", "p", "q", "p"};  // by parse: p's body is given twice
  for (int round = 0; round < 300; ++round) {
    for (bool openmetrics : {false, true}) {
      ExpositionWriter trusting(openmetrics), keying(openmetrics);
      for (const std::string source : {"p", "q"}) {
        OutSample up = Typed("evt_scrape_up", {}, 1, "gauge");
        trusting.Add(up, source);
        keying.Add(up, source);
      }
      for (std::size_t parse = 1; parse <= 3; ++parse) {
        std::map<std::string, std::shared_ptr<const FamilyMeta>> metas;
        std::set<std::pair<std::string, Labels>> let_through;
        for (int i = 0; i < 12; ++i) {
          std::string name = pick(names);
          std::string family = name.starts_with("h_") ? "h" : random() % 3 == 0 && name == "x_total" ? "x" : "";
          auto& meta = metas[family.empty() ? name : family];
          if (!meta) meta = MakeMeta(pick(types), "", "", family);
          Labels labels;
          for (unsigned n = random() % 3; labels.size() < n;) {
            std::string label = pick(label_names);
            bool taken = false;
            for (const auto& l : labels) taken = taken || l.first == label;
            if (!taken) labels.emplace_back(label, std::to_string(random() % 2));
          }
          if (!let_through.insert({meta->family + "/" + name, labels}).second) continue;
          OutSample sample{name, labels, static_cast<double>(i), meta, {}};
          trusting.AddParsed(sample, sources[parse], parse);
          keying.Add(sample, sources[parse]);
        }
      }
      Result<std::string> trusted = trusting.Text(), keyed = keying.Text();
      REQUIRE(trusted.ok());
      REQUIRE(keyed.ok());
      REQUIRE(*trusted == *keyed);
      REQUIRE(trusting.problems() == keying.problems());
    }
  }
}

}  // namespace
}  // namespace evt::scrape
