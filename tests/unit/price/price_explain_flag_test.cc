// `quote --explain` takes its value optionally: alone it means applied.
#include <algorithm>

#include <catch2/catch.hpp>

#include "tools/price/cli.h"

namespace evt::price {
namespace {

// Parses `evt-price ARGS` as main() would, without running anything.
Options Parse(std::vector<std::string> args) {
  CLI::App app{"offline price engine", "evt-price"};
  Options options;
  BuildCli(app, options);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  return options;
}

}  // namespace

TEST_CASE("price cli: --explain alone is applied, --explain=all and --explain all are all", "[price_cli]") {
  CHECK(Parse({"quote"}).explain == "applied");
  CHECK(Parse({"quote", "--explain"}).explain == "applied");
  CHECK(Parse({"quote", "--explain", "--at", "2026-12-24T18:00:00Z"}).explain == "applied");
  CHECK(Parse({"quote", "--explain=all"}).explain == "all");
  CHECK(Parse({"quote", "--explain", "all"}).explain == "all");
  CHECK(Parse({"quote", "--explain=all", "carts.jsonl"}).input == "carts.jsonl");
}

TEST_CASE("price cli: a value --explain does not know is a usage error, not a lost file", "[price_cli]") {
  CHECK_THROWS_AS(Parse({"quote", "--explain=some"}), CLI::ValidationError);
  CHECK_THROWS_AS(Parse({"quote", "--explain", "carts.jsonl"}), CLI::ValidationError);
}

}  // namespace evt::price
