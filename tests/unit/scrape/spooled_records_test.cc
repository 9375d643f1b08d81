#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "tools/scrape/metric_output.h"
#include "tools/scrape/sample_spool.h"
#include "tools/scrape/scraper.h"
#include "tools/scrape/spooled_records.h"

namespace evt::scrape {
namespace {

std::uint32_t TestSeed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  return env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                        : std::random_device{}();
}

struct TempFile {
  TempFile() : file(std::tmpfile()) { REQUIRE(file); }
  ~TempFile() { std::fclose(file); }
  int fd() const { return fileno(file); }
  std::FILE* file;
};

constexpr std::string_view kScrapedTs = "2025-12-05T12:00:00.000Z";

// What metric_output's one-record writer makes of the sample, the
// reference the cached fragments must match byte for byte.
Status Reference(std::string& out, const Family& f, const Sample& s, std::string_view source) {
  std::string ts(kScrapedTs);
  if (s.timestamp_ms) ts = FormatRfc3339(TimePoint(std::chrono::milliseconds(*s.timestamp_ms)));
  EVT_RETURN_IF_ERROR(AppendSampleJson(out, {s.name, s.labels, s.value, f.type, f.unit, f.help}, source, ts));
  out.push_back('\n');
  return Status::Ok();
}

// Spools the families and writes their records through SpooledRecordJson.
Status Spooled(std::string& out, const std::vector<Family>& families, std::string_view source) {
  TempFile file;
  SampleSpoolWriter spool(file.fd(), "spool");
  for (const Family& f : families) {
    REQUIRE(spool.AddFamily(f).ok());
    for (const Sample& s : f.samples) REQUIRE(spool.AddSample(s).ok());
  }
  REQUIRE(spool.Flush().ok());
  SpooledRecordJson records(source, kScrapedTs);
  return ReadSpooledSamples(file.fd(), "spool", [&](const SpooledSample& s) { return records.Append(out, s); });
}

// Texts that take every path of the string writer: plain, escaped,
// multi-byte UTF-8, long enough for the word-at-a-time scan, empty.
std::string RandomText(std::mt19937_64& rng) {
  static const std::vector<std::string> pieces = {
      "a", "path", "/api/v1/item/", "GET", "le", "0.005", "+Inf", "\"", "\\", "\n", "\t", std::string(1, '\x01'),
      "\x7f", "é", "€", "😀", "\u2028", "x y", "0123456789abcdef", ""};
  std::uniform_int_distribution<std::size_t> count(0, 4), piece(0, pieces.size() - 1);
  std::string out;
  for (std::size_t n = count(rng); n > 0; --n) out += pieces[piece(rng)];
  return out;
}

double RandomValue(std::mt19937_64& rng) {
  static const std::vector<double> special = {0.0, -0.0, 1.0, -1.0, 0.5, 1e15, 9e15, -9e15, 8999999999999999.0,
                                              1e21, 1e-7, 123456789.125, std::numeric_limits<double>::quiet_NaN(),
                                              std::numeric_limits<double>::infinity(),
                                              -std::numeric_limits<double>::infinity(),
                                              std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()};
  std::uniform_int_distribution<int> kind(0, 3);
  std::uniform_int_distribution<std::size_t> pick(0, special.size() - 1);
  std::uniform_int_distribution<std::int64_t> whole(-1'000'000, 1'000'000);
  std::uniform_real_distribution<double> real(-1e6, 1e6);
  switch (kind(rng)) {
    case 0: return special[pick(rng)];
    case 1: return static_cast<double>(whole(rng));
    case 2: return real(rng);
    default: return static_cast<double>(whole(rng)) / 1000;
  }
}

// Families whose samples repeat their names, label names and timestamps
// in runs, as expositions do, and sometimes do not.
std::vector<Family> RandomFamilies(std::mt19937_64& rng) {
  static const std::vector<std::string> types = {"counter", "gauge", "histogram", "summary", "untyped"};
  std::uniform_int_distribution<int> families(1, 8), samples(0, 40), labels(0, 11), coin(0, 3);
  std::uniform_int_distribution<std::size_t> type(0, types.size() - 1);
  std::uniform_int_distribution<std::int64_t> ts(-10'000'000'000'000, 10'000'000'000'000);
  std::vector<Family> out;
  for (int f = families(rng); f > 0; --f) {
    Family family{RandomText(rng), types[type(rng)], coin(rng) ? RandomText(rng) : "", coin(rng) ? "" : RandomText(rng), {}};
    Sample sample;
    for (int n = samples(rng); n > 0; --n) {
      if (family.samples.empty() || coin(rng) == 0) sample.name = RandomText(rng);
      if (family.samples.empty() || coin(rng) == 0) {
        sample.labels.resize(static_cast<std::size_t>(labels(rng)));
        for (auto& label : sample.labels) label.first = RandomText(rng);
      }
      // Values repeat often, names less: a histogram's buckets differ in le only.
      for (auto& label : sample.labels) {
        if (coin(rng) == 0) label.second = RandomText(rng);
      }
      sample.value = RandomValue(rng);
      if (coin(rng) == 0) sample.timestamp_ms = coin(rng) ? std::optional<std::int64_t>(ts(rng)) : std::nullopt;
      family.samples.push_back(sample);
    }
    out.push_back(std::move(family));
  }
  return out;
}

TEST_CASE("spooled records: the same bytes as the one-record writer (random samples)") {
  const std::uint32_t seed = TestSeed();
  std::cout << "spooled_records_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 300; ++round) {
    std::vector<Family> families = RandomFamilies(rng);
    std::string source = RandomText(rng);
    std::string expected;
    for (const Family& f : families) {
      for (const Sample& s : f.samples) REQUIRE(Reference(expected, f, s, source).ok());
    }
    std::string got;
    REQUIRE(Spooled(got, families, source).ok());
    INFO("round " << round);
    REQUIRE(got == expected);
  }
}

TEST_CASE("spooled records: invalid UTF-8 is refused where the one-record writer refuses it, records before it kept") {
  const std::vector<std::string> bad_places = {"name", "key", "value", "help", "unit", "source"};
  for (const std::string& place : bad_places) {
    const std::string bad = "\xff";
    Family ok{"ok", "gauge", "", "", {{"ok", {{"k", "v"}}, 1, std::nullopt}, {"ok", {{"k", "w"}}, 2, std::nullopt}}};
    Family broken{"b", "gauge", place == "help" ? bad : "", place == "unit" ? bad : "",
                  {{place == "name" ? bad : "m", {{place == "key" ? bad : "k", place == "value" ? bad : "v"}}, 3, std::nullopt}}};
    std::string source = place == "source" ? bad : "s";
    std::string expected;
    Status reference = Status::Ok();
    for (const Family* f : {&ok, &broken}) {
      for (const Sample& s : f->samples) {
        if (reference.ok()) reference = Reference(expected, *f, s, source);
      }
    }
    std::string got;
    Status spooled = Spooled(got, {ok, broken}, source);
    INFO(place);
    CHECK(spooled.code() == ExitCode::kDataErr);
    CHECK(spooled.message() == reference.message());
    // The reference leaves a half record behind; the records before it count.
    CHECK(expected.starts_with(got));
    CHECK(std::count(got.begin(), got.end(), '\n') == (place == "source" ? 0 : 2));
  }
}

}  // namespace
}  // namespace evt::scrape
