// evt's command line: status, doctor, hold and release (one BuildCli for
// main and for the man page and completion generator), and Run, which does
// the chosen command. `evt TOOL ARGS` never reaches CLI11: main hands it to
// tool_dispatch.h first.
#pragma once

#include <string>
#include <vector>

#include "common/cli.h"
#include "common/status.h"

namespace evt::front {

struct Options {
  CommonOptions common;
  CLI::App* status_command = nullptr;
  CLI::App* doctor_command = nullptr;
  CLI::App* hold_command = nullptr;
  CLI::App* release_command = nullptr;
  bool watch = false;             // status --watch: redraw in place until stopped
  std::string interval = "2s";    // status --interval: the pace of --watch
  std::string timeout = "2s";     // status --timeout: each tool's
  std::string hold_for;           // hold --for
  std::string hold_reason;        // hold --reason
  CLI::App* serve_command = nullptr;
  std::string listen;                  // serve --listen: over evt.serve.listen
  std::vector<std::string> textfiles;  // serve --textfiles: over evt.serve.textfiles
};

void BuildCli(CLI::App& app, Options& options);
Status Run(const Options& options);

}  // namespace evt::front
