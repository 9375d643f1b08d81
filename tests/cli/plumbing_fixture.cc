// A test-only program, not a tool (not named evt-*, not installed): the
// smallest program that runs on all the plumbing a tool gets (RunMain, the
// common options, `config check`, the JSON Lines reader and writer), so the
// black-box tests beside it can prove that plumbing in real pipes.
//
//   plumbing_fixture [--slow] < records   echoes each record it reads
//   plumbing_fixture --count N [--slow]   emits N records of its own
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/cli.h"
#include "common/clock.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/process_state.h"
#include "common/record_input.h"
#include "common/time_format.h"

namespace evt {
namespace {

struct FixtureOptions {
  CommonOptions common;
  std::optional<std::int64_t> count;  // absent: echo stdin
  bool slow = false;
};

TimePoint Now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// One nanosleep, not a loop: a signal cuts it short, so a stop is prompt.
void PauseIfSlow(const FixtureOptions& options) {
  if (!options.slow) return;
  timespec delay{0, 200 * 1000 * 1000};
  nanosleep(&delay, nullptr);
}

Status Emit(const FixtureOptions& options, RecordWriter& writer) {
  for (std::int64_t seq = 1; seq <= *options.count && !StopRequested(); ++seq) {
    Value record = Value::object({{"kind", "fixture"}, {"v", 1}, {"ts", FormatRfc3339(Now())}, {"seq", seq}});
    EVT_RETURN_IF_ERROR(writer.Write(record));
    PauseIfSlow(options);
  }
  return Status::Ok();
}

Status Echo(const FixtureOptions& options, RecordWriter& writer) {
  JsonlReader reader(STDIN_FILENO);
  SystemClock clock;
  RecordInput input(reader, options.common, writer, clock);
  while (true) {
    Result<std::optional<JsonlRecord>> next = input.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    EVT_RETURN_IF_ERROR(writer.Write((*next)->value));
    PauseIfSlow(options);
  }
  input.ReportAtEnd();
  return Status::Ok();
}

Status Run(const FixtureOptions& options) {
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  return options.count ? Emit(options, writer) : Echo(options, writer);
}

// The fixture has no section of its own: its `config check` proves what
// LoadConfig checks for every tool (the file, its top-level keys, `site`).
Status CheckNoSection(const Config&) { return Status::Ok(); }

void BuildCli(CLI::App& app, FixtureOptions& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckNoSection);
  app.add_option("--count", options.count, "emit N records of its own instead of echoing stdin")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1000000000}));
  app.add_flag("--slow", options.slow, "pause 200 ms after each record");
}

}  // namespace
}  // namespace evt

int main(int argc, char** argv) {
  CLI::App app{"echoes JSON Lines from stdin, or emits --count records: a test program for the plumbing",
               "plumbing_fixture"};
  evt::FixtureOptions options;
  evt::BuildCli(app, options);
  return evt::RunMain(app, argc, argv, [&] { return evt::Run(options); });
}
