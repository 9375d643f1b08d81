// evt-price's command line: one BuildCli for main and the man/completion
// generator, and Run, the `quote` job.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "common/cli.h"
#include "common/status.h"

namespace evt::price {

struct Options {
  CommonOptions common;
  std::string catalog;      // --catalog, else the config's price.catalog
  std::string promotions;   // --promotions, else price.promotions
  std::string explain = "applied";  // applied | all
  std::string at;           // --at: the time for carts without "at"; empty: now
  std::string input = "-";  // the carts
};

void BuildCli(CLI::App& app, Options& options);

// Prices every cart of options.input and writes a quote for each.
Status Run(const Options& options);

}  // namespace evt::price
