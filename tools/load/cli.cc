#include "tools/load/cli.h"

#include "common/cli_vocabulary.h"
#include "common/config_check_command.h"
#include "tools/load/commands.h"
#include "tools/load/load_config.h"

namespace evt::load {
namespace {

Status CheckSection(const Config& config) { return ReadLoadSection(config).status(); }

void AddUnitOptions(CLI::App& run, Options& o) {
  run.add_option("url", o.url,
                 "the URL to load; with --replay, the base the log's paths are sent to; with --flow, the flow's {base}")->type_name("URL");
  run.add_option("--flow", o.flow_file, "an evt-probe flow file: each arrival is a virtual buyer running the whole flow")
      ->type_name("FILE");
  run.add_option("--replay", o.replay_file,
                 "replay an nginx/HAProxy access log, a JSON log or load.request records with their recorded timing")
      ->type_name("FILE");
  run.add_option("-X,--method", o.method, "the request method for a URL (default GET)")->type_name("METHOD");
  run.add_option("-H,--header", o.headers, "add a request header \"Name: value\" (repeatable)")->type_name("HEADER");
}

void AddPacingOptions(CLI::App& run, Options& o) {
  run.add_option("--rate", o.rate,
                 "arrivals per second, for the constant profile (a ramp, steps, sine or stages file carries its own "
                 "rates)")
      ->type_name("N")
      ->check(CLI::Range(0.0, 1e6));
  run.add_option("--profile", o.profile,
                 "constant (default), ramp:A-B/DURATION, steps:R1,R2,.../DURATION, sine:MEAN:AMPLITUDE:PERIOD or @FILE.json")
      ->type_name("SPEC");
  run.add_option("--duration", o.duration, "how long to send (default 10s; a replay: the log's own length)")
      ->type_name("DURATION");
  run.add_option("--max-in-flight", o.max_in_flight,
                 "at most N requests in flight; when it bites, the late sends are counted as slip (default rate x timeout, "
                 "at least 64)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, kMaxInFlight));
  run.add_option("--max-requests", o.max_requests, "stop after N arrivals (default: what the profile asks for)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));
  run.add_option("--timeout", o.timeout, "give up on one request after DURATION (default 5s)")->type_name("DURATION");
}

void AddReplayOptions(CLI::App& run, Options& o) {
  run.add_option("--speed", o.speed, "replay faster or slower: 2x, 0.5x, 200% (default 1x)")->type_name("FACTOR");
  run.add_option("--max-gap", o.max_gap, "shrink idle gaps in a replay to at most DURATION")->type_name("DURATION");
  run.add_option("--log-format", o.log_format, "the replay file's format (default auto)")
      ->check(CLI::IsMember({"auto", "combined", "haproxy", "json", "records"}));
  run.add_flag("--allow-unsafe", o.allow_unsafe,
               "send methods other than GET, HEAD and OPTIONS (a replayed POST buys on a real shop)");
}

void AddOutputOptions(CLI::App& run, Options& o) {
  run.add_option("--name", o.name,
                 "what the records call this run (their target; an error budget's events_from), default its URL, flow or "
                 "replay file")
      ->type_name("NAME");
  run.add_option("--raw", o.raw_file, "write one load.request record per request to FILE")->type_name("FILE");
  run.add_option("--abort-if", o.abort_if,
                 "stop the run (exit 1) when a rule holds: 'p99>800ms for 10s', 'errors>1%', 'slip>100ms' (repeatable)")
      ->type_name("RULE");
  AddOutputOption(run, o.format, {OutputForm::kRecords, OutputForm::kPrometheus, OutputForm::kOpenMetrics},
                  "records (the default), prometheus or openmetrics text of the summary");
}

}  // namespace

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckSection);
  app.require_subcommand(1);
  CLI::App* run = app.add_subcommand(
      "run", "send load on a schedule (a URL, a flow's buyers or a replayed log) and print per-second and summary records");
  options.run_command = run;
  AddUnitOptions(*run, options);
  AddPacingOptions(*run, options);
  AddReplayOptions(*run, options);
  AddOutputOptions(*run, options);
  // Not MarkReadOnly: sending load changes nothing evt keeps, but a dry run
  // of a runbook must not put load on a shop.
}

Status Run(const Options& options) {
  if (options.run_command != nullptr && options.run_command->parsed()) return RunLoad(options);
  return Status::Ok();  // config check runs from its own callback
}

}  // namespace evt::load
