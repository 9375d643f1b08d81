#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/cli_common_options.h"
#include "common/output_mode.h"

namespace evt {
namespace {

// Parses `args` (after the program name) on an app with the common options
// and a subcommand; returns the --color the process is left with.
ColorWhen ColorAfter(std::vector<std::string> args) {
  CLI::App app{"test", "evt-test"};
  CommonOptions options;
  app.add_subcommand("status", "show");
  AddCommonOptions(app, options);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  const ColorWhen when = CurrentColorWhen();
  SetColorWhen(ColorWhen::kAuto);
  return when;
}

TEST_CASE("cli color option: --color decides what ColorEnabled follows, the last one given winning", "[cli]") {
  CHECK(ColorAfter({"--color", "always"}) == ColorWhen::kAlways);
  CHECK(ColorAfter({"--color", "never", "status"}) == ColorWhen::kNever);
  CHECK(ColorAfter({"status", "--color", "always"}) == ColorWhen::kAlways);
  CHECK(ColorAfter({"--color", "never", "--color", "always"}) == ColorWhen::kAlways);
  CHECK(ColorAfter({"status"}) == ColorWhen::kAuto);
}

TEST_CASE("cli color option: anything but auto, always or never is a usage error", "[cli]") {
  CHECK_THROWS_AS(ColorAfter({"--color", "yes"}), CLI::ValidationError);
  CHECK(CurrentColorWhen() == ColorWhen::kAuto);
}

}  // namespace
}  // namespace evt
