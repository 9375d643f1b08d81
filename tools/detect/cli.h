// evt-detect's command line: one BuildCli for main and the docs generator.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/cli.h"

namespace evt::detect {

struct Options {
  CommonOptions common;
  CLI::App* run_command = nullptr;
  CLI::App* fit_command = nullptr;
  CLI::App* nab_command = nullptr;
  std::vector<std::string> inputs;  // record files; none or "-": stdin
  std::string model_file;           // run: fitted baselines; fit: where to write them
  bool watch = false;               // run: keep reading, as a service with a heartbeat
  std::string interval = "15s";     // run --watch: how often --textfile is rewritten
  std::string format;                // run -o records|table|prometheus|openmetrics; empty: by the terminal
  std::string textfile;
  std::string nab_data = "tests/data/nab";  // a NAB root: data/, labels/, config/, results/
  std::vector<std::string> nab_results;     // NAB results/<detector> folders to score
  std::vector<std::string> nab_detectors;   // evt detectors to run and score: kinds or hyperparameter names
  std::string nab_hyperparameters;          // their specs; default the source tree's, else the engine's defaults
};

void BuildCli(CLI::App& app, Options& options);
Status Run(const Options& options);

}  // namespace evt::detect
