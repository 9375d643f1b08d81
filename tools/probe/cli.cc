#include "tools/probe/cli.h"

#include "common/cli.h"
#include "common/cli_vocabulary.h"
#include "common/command_access.h"
#include "tools/probe/commands.h"
#include "tools/probe/flow_command.h"
#include "tools/probe/reach_command.h"
#include "tools/probe/target_flows.h"

namespace evt::probe {
namespace {

// `pace`: how often --textfile is rewritten.
void AddMetricsOptions(CLI::App& sub, Options& o, const std::string& pace) {
  AddOutputOption(sub, o.format,
                  {OutputForm::kRecords, OutputForm::kTable, OutputForm::kPrometheus, OutputForm::kOpenMetrics},
                  "records (default; a table on a terminal), table, prometheus (text format 0.0.4) or openmetrics");
  sub.add_option("--textfile", o.textfile,
                 "write the metrics to FILE atomically (for node_exporter's textfile collector), " + pace +
                     "; beside records or a table, as Prometheus text")
      ->type_name("FILE");
}

void AddRepeatOptions(CLI::App& sub, Options& o) {
  sub.add_option("--interval", o.interval, "the pace of --watch or --count: probe each target every DURATION (\"2s\", \"500ms\")")
      ->type_name("DURATION");
  sub.add_option("--fast-interval", o.fast_interval, "re-probe a target this soon after a failure (default: the interval)")
      ->type_name("DURATION");
  sub.add_option("--count", o.count, "probe each target N times (default 1; with --count and no --interval, every 1s)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));
  sub.add_flag("--watch", o.watch, "repeat until stopped (SIGINT/SIGTERM)");
  sub.add_option("--window", o.window, "a probe.window summary per target every N attempts (default 10)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}));
  sub.add_option("--concurrency", o.concurrency, "at most N probes in flight (default 64)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{4096}));
  AddMetricsOptions(sub, o, "at most once a second");
  sub.add_option("--origin", o.origin,
                 "name the box probing in each probe record's origin, so evt-probe reach can merge both sides' records")
      ->type_name("BOX");
}


void AddEnvironment(CLI::App& sub, Options& o) {
  sub.add_option("--environment", o.environment,
                 "compare DNS answers with probe.dns_map's addresses for ENV (default: the map's environment)")
      ->type_name("ENV");
}

void AddTimeout(CLI::App& sub, Options& o) {
  sub.add_option("--timeout", o.timeout, "give up on one attempt after DURATION (default 5s)")->type_name("DURATION");
}

void AddPathOptions(CLI::App& sub, Options& o) {
  sub.add_option("--interface", o.interface, "probe over this interface or source address (an uplink)")->type_name("NAME");
  sub.add_flag("-4,--ipv4", o.ipv4, "use IPv4 only");
  sub.add_flag("-6,--ipv6", o.ipv6, "use IPv6 only");
}

void AddHttpOptions(CLI::App& sub, Options& o) {
  sub.add_option("-X,--method", o.method, "the request method (default GET)")->type_name("METHOD");
  sub.add_option("-H,--header", o.headers, "add a request header \"Name: value\" (repeatable)")->type_name("HEADER");
  sub.add_option("--data", o.data, "send TEXT as the request body")->type_name("TEXT");
  sub.add_option("--data-file", o.data_file, "send the contents of FILE as the request body (- for stdin)")
      ->type_name("FILE");
  sub.add_option("--expect-status", o.expect_status, "acceptable status codes: 200, 2xx, 200-299, comma-separated (default 2xx)")
      ->type_name("CODES");
  sub.add_option("--expect-body", o.expect_body, "the body must match this extended regular expression")->type_name("REGEX");
  sub.add_option("--expect-header", o.expect_headers, "NAME:REGEX: header NAME must be present and match REGEX (repeatable)")
      ->type_name("RULE");
  sub.add_option("--resolve", o.resolve, "HOST:PORT:ADDRESS: connect to ADDRESS for HOST:PORT, as curl --resolve (repeatable)")
      ->type_name("ENTRY");
  sub.add_flag("-L,--follow", o.follow, "follow redirects (their times add up; see the man page)");
  sub.add_flag("-k,--insecure", o.insecure, "do not verify TLS certificates");
  sub.add_option("--cacert", o.ca_file, "trust the CA certificates in FILE (PEM) instead of the system's")
      ->type_name("FILE");
  sub.add_flag("--reuse", o.reuse, "let probes reuse a kept-alive connection instead of opening a fresh one");
  AddPathOptions(sub, o);
}

CLI::App* AddCommand(CLI::App& app, Options& o, Command command, const char* name, const char* help,
                     const char* subjects, const char* subjects_help) {
  CLI::App* sub = app.add_subcommand(name, help);
  sub->add_option(subjects, o.subjects, subjects_help)->required(command != Command::kRun && command != Command::kReach);
  sub->parse_complete_callback([&o, command] { o.command = command; });
  return sub;
}

void AddReachCommand(CLI::App& app, Options& o) {
  CLI::App* reach = AddCommand(app, o, Command::kReach, "reach",
                               "both boxes' probe records merged: who reaches whom, and one-way reachability",
                               "FILE", "probe records to read (default: stdin)");
  reach->add_option("--peer", o.peers, "BOX=TARGET: probes of TARGET are probes of box BOX (repeatable; default: the target's name is the box)")
      ->type_name("BOX=TARGET");
  reach->add_option("--since", o.since, "only the attempts in the DURATION before the newest one (default: all)")
      ->type_name("DURATION");
  reach->add_option("--min-ok-ratio", o.min_ok_ratio, "a direction reaches when at least this share of its attempts succeeded, 0..1 (default 0.5)")
      ->type_name("RATIO")
      ->check(CLI::Range(0.0, 1.0));
  MarkReadOnly(*reach);
}

}  // namespace

void BuildCli(CLI::App& app, Options& o) {
  AddCommonOptions(app, o.common);
  AddConfigCheck(app, o.common, CheckProbeSection);
  app.require_subcommand(1);

  CLI::App* http = AddCommand(app, o, Command::kHttp, "http", "probe HTTP(S) URLs with per-phase timings", "URL",
                              "the URLs to probe");
  AddHttpOptions(*http, o);
  AddTimeout(*http, o);
  AddRepeatOptions(*http, o);

  CLI::App* tcp = AddCommand(app, o, Command::kTcp, "tcp", "time TCP connects", "HOST:PORT", "the addresses to connect to");
  AddPathOptions(*tcp, o);
  AddTimeout(*tcp, o);
  AddRepeatOptions(*tcp, o);

  CLI::App* dns = AddCommand(app, o, Command::kDns, "dns", "time DNS lookups; rcode and answers", "NAME",
                             "the names to look up");
  dns->add_option("--server", o.server, "ask this resolver (ADDRESS or ADDRESS:PORT) instead of the system's")
      ->type_name("ADDRESS");
  dns->add_option("--type", o.type, "the record type: A or AAAA (default A)")->check(CLI::IsMember({"A", "AAAA"}));
  AddEnvironment(*dns, o);
  AddTimeout(*dns, o);
  AddRepeatOptions(*dns, o);

  CLI::App* cdn = AddCommand(app, o, Command::kCdn, "cdn", "cache hit ratio of a set of static assets", "URL",
                             "the asset URLs");
  cdn->add_option("--min-hit-ratio", o.min_hit_ratio, "fail below this hit ratio, 0..1 (default 0.85)")
      ->type_name("RATIO")
      ->check(CLI::Range(0.0, 1.0));
  cdn->add_option("--name", o.name, "the target name the records carry (default cdn)")->type_name("NAME");
  AddHttpOptions(*cdn, o);
  AddTimeout(*cdn, o);
  AddRepeatOptions(*cdn, o);

  CLI::App* flow = AddCommand(app, o, Command::kFlow, "flow",
                              "run synthetic transactions: HTTP steps with captures, expectations and cleanup",
                              "FILE", "the flow files (JSON; see FLOW FILES)");
  flow->add_option("--interval", o.interval, "the pace of --watch or --count: run each flow every DURATION (\"30s\")")
      ->type_name("DURATION");
  flow->add_option("--count", o.count, "run each flow N times (default 1; with --count and no --interval, every 1s)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));
  flow->add_flag("--watch", o.watch, "repeat until stopped (SIGINT/SIGTERM)");
  flow->add_option("--window", o.window, "a flow.window summary per flow every N runs (default 10)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}));
  AddMetricsOptions(*flow, o, "after every run");

  CLI::App* run = AddCommand(app, o, Command::kRun, "run", "probe the targets named in the config (all by default)",
                             "TARGET", "the config targets to probe");
  AddEnvironment(*run, o);
  AddRepeatOptions(*run, o);

  AddReachCommand(app, o);
}

Status Run(const Options& o) {
  if (o.ipv4 && o.ipv6) return Status::Usage("-4 and -6: give one of them");
  if (o.command == Command::kFlow) return RunFlowFiles(o);
  if (o.command == Command::kReach) return RunReach(o);
  return RunProbes(o);
}

}  // namespace evt::probe
