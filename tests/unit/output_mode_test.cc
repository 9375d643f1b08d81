#include "common/output_mode.h"

#include <unistd.h>

#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>

namespace evt {
namespace {

// A made-up terminal: which fds are terminals and which variables are set.
struct FakeEnv {
  std::set<int> terminals;
  std::map<std::string, std::string> vars;
  int columns = 0;  // what a terminal reports as its width

  TerminalEnv Get() const {
    return TerminalEnv{
        [this](int fd) { return terminals.count(fd) > 0; },
        [this](const char* name) -> const char* {
          auto it = vars.find(name);
          return it == vars.end() ? nullptr : it->second.c_str();
        },
        [this](int fd) { return terminals.count(fd) > 0 ? columns : 0; },
    };
  }
};

TEST_CASE("output mode: colour on a terminal with a real TERM", "[output_mode]") {
  FakeEnv env{{STDOUT_FILENO}, {{"TERM", "xterm-256color"}}};
  CHECK(ColorEnabled(STDOUT_FILENO, env.Get()));
  CHECK_FALSE(ColorEnabled(STDERR_FILENO, env.Get()));
}

TEST_CASE("output mode: no colour into a pipe or a file", "[output_mode]") {
  FakeEnv env{{}, {{"TERM", "xterm"}}};
  CHECK_FALSE(ColorEnabled(STDOUT_FILENO, env.Get()));
}

TEST_CASE("output mode: no colour with TERM=dumb or TERM unset or empty", "[output_mode]") {
  FakeEnv dumb{{STDOUT_FILENO}, {{"TERM", "dumb"}}};
  FakeEnv unset{{STDOUT_FILENO}, {}};
  FakeEnv empty{{STDOUT_FILENO}, {{"TERM", ""}}};
  CHECK_FALSE(ColorEnabled(STDOUT_FILENO, dumb.Get()));
  CHECK_FALSE(ColorEnabled(STDOUT_FILENO, unset.Get()));
  CHECK_FALSE(ColorEnabled(STDOUT_FILENO, empty.Get()));
}

TEST_CASE("output mode: NO_COLOR set to anything turns colour off, empty does not", "[output_mode]") {
  FakeEnv set{{STDOUT_FILENO}, {{"TERM", "xterm"}, {"NO_COLOR", "1"}}};
  FakeEnv set_to_zero{{STDOUT_FILENO}, {{"TERM", "xterm"}, {"NO_COLOR", "0"}}};
  FakeEnv empty{{STDOUT_FILENO}, {{"TERM", "xterm"}, {"NO_COLOR", ""}}};
  CHECK_FALSE(ColorEnabled(STDOUT_FILENO, set.Get()));
  CHECK_FALSE(ColorEnabled(STDOUT_FILENO, set_to_zero.Get()));
  CHECK(ColorEnabled(STDOUT_FILENO, empty.Get()));
}

TEST_CASE("output mode: records when stdout is not a terminal, a table when it is", "[output_mode]") {
  CommonOptions options;
  FakeEnv pipe{{STDERR_FILENO}, {{"TERM", "xterm"}}};
  FakeEnv terminal{{STDOUT_FILENO}, {{"TERM", "xterm"}}};
  CHECK(WantRecords(options, pipe.Get()));
  CHECK_FALSE(WantRecords(options, terminal.Get()));
}

TEST_CASE("output mode: --json always wins", "[output_mode]") {
  CommonOptions options;
  options.json = true;
  FakeEnv terminal{{STDOUT_FILENO, STDERR_FILENO}, {{"TERM", "xterm"}}};
  CHECK(WantRecords(options, terminal.Get()));
}

TEST_CASE("output mode: progress only when stderr is a terminal", "[output_mode]") {
  FakeEnv stderr_terminal{{STDERR_FILENO}, {}};
  FakeEnv stdout_terminal{{STDOUT_FILENO}, {}};
  CHECK(ShowProgress(stderr_terminal.Get()));
  CHECK_FALSE(ShowProgress(stdout_terminal.Get()));
}

TEST_CASE("output mode: a pipe is not a terminal", "[output_mode]") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  CHECK_FALSE(IsTerminal(fds[0]));
  CHECK_FALSE(IsTerminal(fds[1]));
  CHECK_FALSE(ColorEnabled(fds[1]));
  close(fds[0]);
  close(fds[1]);
  CHECK_FALSE(IsTerminal(-1));
}

TEST_CASE("output mode: a table is as wide as the terminal", "[output_mode]") {
  FakeEnv env{{STDOUT_FILENO}, {}, 132};
  CHECK(TerminalWidth(STDOUT_FILENO, env.Get()) == 132);
}

TEST_CASE("output mode: $COLUMNS wins over the terminal's width", "[output_mode]") {
  FakeEnv env{{STDOUT_FILENO}, {{"COLUMNS", "60"}}, 132};
  CHECK(TerminalWidth(STDOUT_FILENO, env.Get()) == 60);
  env.terminals.clear();
  CHECK(TerminalWidth(STDOUT_FILENO, env.Get()) == 60);
}

TEST_CASE("output mode: 100 columns into a pipe or when nothing says otherwise", "[output_mode]") {
  FakeEnv pipe{{}, {}, 132};
  CHECK(TerminalWidth(STDOUT_FILENO, pipe.Get()) == 100);
  FakeEnv unknown{{STDOUT_FILENO}, {{"COLUMNS", "wide"}}, 0};
  CHECK(TerminalWidth(STDOUT_FILENO, unknown.Get()) == 100);
  FakeEnv negative{{}, {{"COLUMNS", "-5"}}, 0};
  CHECK(TerminalWidth(STDOUT_FILENO, negative.Get()) == 100);
}

TEST_CASE("output mode: --format resolves to one of three forms", "[output_mode]") {
  CHECK(*ParseOutputFormat("records") == OutputFormat::kRecords);
  CHECK(*ParseOutputFormat("prometheus") == OutputFormat::kPrometheus);
  CHECK(*ParseOutputFormat("openmetrics") == OutputFormat::kOpenMetrics);
  for (OutputFormat f : {OutputFormat::kRecords, OutputFormat::kPrometheus, OutputFormat::kOpenMetrics}) {
    CHECK(*ParseOutputFormat(OutputFormatName(f)) == f);
  }
  Result<OutputFormat> bad = ParseOutputFormat("OpenMetrics");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ExitCode::kUsage);
  CHECK(bad.status().message() == "--format: expected records, prometheus or openmetrics, got \"OpenMetrics\"");
}

}  // namespace
}  // namespace evt
