// evt-scrape's command line: one BuildCli for main and the docs generator.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/cli.h"

namespace evt::scrape {

struct Options {
  CommonOptions common;
  CLI::App* run_command = nullptr;
  CLI::App* test_command = nullptr;
  CLI::App* map_command = nullptr;
  CLI::App* agent_config_command = nullptr;
  std::string map_source;
  std::string map_input = "-";
  std::vector<std::string> sources;  // run: empty for all
  std::string test_source;
  bool watch = false;                 // run --watch: scrape again every --interval until stopped
  std::string interval;              // run --interval: "" for the default pace
  std::string output;                // run -o records|prometheus|openmetrics; empty: records
  std::string textfile;
  bool insecure = false;
  bool render = false;
};

void BuildCli(CLI::App& app, Options& options);
Status Run(const Options& options);

}  // namespace evt::scrape
