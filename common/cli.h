// The common command line of every evt tool, in one include for main.cc:
// the common options, `config check`, RunMain, and the output decisions.
//
//   int main(int argc, char** argv) {
//     CLI::App app{"offline price engine", "evt-price"};
//     evt::price::Options options;
//     evt::price::BuildCli(app, options);  // calls AddCommonOptions and
//                                          // AddConfigCheck
//     return evt::RunMain(app, argc, argv, [&] { return evt::price::Run(options); });
//   }
#pragma once

#include "common/cli_common_options.h"
#include "common/cli_main.h"
#include "common/config_check_command.h"
#include "common/messages.h"
#include "common/output_mode.h"
