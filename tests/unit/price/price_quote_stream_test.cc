// The quote stream (quote_stream.h): a cart read straight from its line and
// the same cart read as an evt record give the oracle's bytes, and the line
// fast path is taken only when pricing has no effects to repeat.
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/clock.h"
#include "common/json_parse.h"
#include "common/json_writer.h"
#include "price_test_util.h"
#include "quote_record_oracle.h"
#include "tools/price/quote_stream.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const std::string kExamples = std::string(EVT_SOURCE_DIR) + "/examples/price/";
const TimePoint kTs = kNoon + std::chrono::milliseconds(1234);

PriceEngine ExampleEngine() {
  Result<Catalog> catalog = LoadCatalog(kExamples + "catalog.json");
  REQUIRE(catalog.ok());
  Result<std::vector<Promotion>> promotions = LoadPromotions(kExamples + "promotions.json", "UTC");
  REQUIRE(promotions.ok());
  return PriceEngine::Build(std::move(*catalog), std::move(*promotions));
}

std::vector<std::string> ExampleCarts() {
  std::ifstream in(kExamples + "carts.jsonl");
  std::vector<std::string> carts;
  for (std::string line; std::getline(in, line);) carts.push_back(line);
  REQUIRE(carts.size() >= 3);
  return carts;
}

// The stream over `lines`: what it wrote, and how many lines the fast path took.
struct Streamed {
  std::string out;
  int taken = 0;
};

Streamed RunStream(const PriceEngine& engine, const std::vector<std::string>& lines, const QuoteStreamSetup& base) {
  std::string path = std::string(P_tmpdir) + "/evt-quote-stream-XXXXXX";
  int fd = mkstemp(path.data());
  REQUIRE(fd >= 0);
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  REQUIRE(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  close(fd);
  std::FILE* out = std::tmpfile();
  REQUIRE(out);
  QuoteStreamSetup setup = base;
  setup.out = out;
  CommonOptions common;
  ManualClock clock(kTs);
  std::optional<QuoteStream> stream;
  Streamed result;
  JsonlReaderOptions options;
  options.take_line = [&](std::string_view line, std::size_t) {
    bool taken = stream->TakeLine(line);
    result.taken += taken;
    return taken;
  };
  Result<JsonlReader> reader = JsonlReader::Open(path, std::move(options));
  REQUIRE(reader.ok());
  stream.emplace(engine, common, setup, clock);
  Status status = stream->Run(*reader);
  INFO(status.ToString());
  CHECK(status.ok());
  unlink(path.c_str());
  std::rewind(out);
  for (int c; (c = std::fgetc(out)) != EOF;) result.out += static_cast<char>(c);
  std::fclose(out);
  return result;
}

// What the oracle writes for each line, priced afresh.
std::string OracleQuotes(const PriceEngine& engine, const std::vector<std::string>& lines, const PriceOptions& options) {
  std::string out;
  for (const std::string& line : lines) {
    Result<Cart> cart = ParseCart(Json(line));
    REQUIRE(cart.ok());
    Result<Quote> quote = engine.Price(*cart, kNoon, options);
    REQUIRE(quote.ok());
    Result<std::string> json = ToJson(MakeQuoteRecord(*quote, engine, kTs));
    REQUIRE(json.ok());
    out += *json + "\n";
  }
  return out;
}

std::vector<std::string> AsRecords(const std::vector<std::string>& carts) {
  std::vector<std::string> records;
  for (const std::string& cart : carts) records.push_back("{\"kind\":\"cart\"," + cart.substr(1));
  return records;
}

}  // namespace

TEST_CASE("price quote stream: plain lines and records give the oracle's bytes", "[price]") {
  PriceEngine engine = ExampleEngine();
  std::vector<std::string> plain = ExampleCarts();
  std::vector<std::string> records = AsRecords(plain);
  for (Explain explain : {Explain::kApplied, Explain::kAll}) {
    INFO("explain all: " << (explain == Explain::kAll));
    QuoteStreamSetup setup;
    setup.default_at = kNoon;
    setup.explain = explain;
    PriceOptions options;
    options.explain_all = explain == Explain::kAll;
    std::string expected = OracleQuotes(engine, plain, options);
    Streamed fast = RunStream(engine, plain, setup);
    CHECK(fast.taken == static_cast<int>(plain.size()));
    CHECK(fast.out == expected);
    Streamed usual = RunStream(engine, records, setup);
    CHECK(usual.taken == 0);
    CHECK(usual.out == expected);
  }
}

TEST_CASE("price quote stream: --strategy best leaves every line to the record path", "[price]") {
  PriceEngine engine = ExampleEngine();
  std::vector<std::string> plain = ExampleCarts();
  QuoteStreamSetup setup;
  setup.default_at = kNoon;
  setup.strategy = Strategy::kBest;
  Streamed best = RunStream(engine, plain, setup);
  CHECK(best.taken == 0);
  std::istringstream lines(best.out);
  std::size_t quotes = 0;
  for (std::string line; std::getline(lines, line); ++quotes) {
    INFO(line);
    CHECK(line.find(R"("search":{"strategy":"best")") != std::string::npos);
  }
  CHECK(quotes == plain.size());
}
