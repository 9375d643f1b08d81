// `evt-probe http|tcp|dns|cdn|run`: one probing path over Command. Turns the
// parsed command line (or the config's targets) into a Schedule, probes, and
// writes records, metrics or the terminal table.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "common/cli.h"
#include "common/cli_vocabulary.h"
#include "common/clock.h"
#include "common/config.h"
#include "common/json_writer.h"
#include "common/number_text.h"
#include "engine/probe/config_targets.h"
#include "engine/probe/dns_map.h"
#include "engine/probe/probe_engine.h"
#include "engine/probe/scheduler.h"
#include "tools/probe/cdn_tally.h"
#include "tools/probe/commands.h"
#include "tools/probe/flow_command.h"
#include "tools/probe/prometheus_sink.h"
#include "tools/probe/record_sink.h"
#include "tools/probe/repeat.h"
#include "tools/probe/terminal_sink.h"

namespace evt::probe {
namespace {

Result<Duration> OptionDuration(const char* option, const std::string& text) {
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) return Status::Usage(std::string(option) + ": " + d.status().message());
  return d;
}

Result<std::string> ReadBody(const Options& o) {
  if (o.data_file.empty()) return o.data.value_or("");
  std::ostringstream text;
  if (o.data_file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(o.data_file, std::ios::binary);
    if (!in) return Status::NoInput(o.data_file + ": cannot read the request body");
    text << in.rdbuf();
  }
  return text.str();
}

IpVersion ChosenIpVersion(const Options& o) {
  return o.ipv4 ? IpVersion::kV4 : o.ipv6 ? IpVersion::kV6 : IpVersion::kAny;
}

Result<HttpSpec> HttpSpecFromOptions(const Options& o) {
  HttpSpec http;
  http.method = o.method;
  http.headers = o.headers;
  if (o.data && !o.data_file.empty()) return Status::Usage("--data and --data-file: give one of them");
  if (o.data || !o.data_file.empty()) {
    EVT_ASSIGN_OR_RETURN(http.body, ReadBody(o));
  }
  Result<std::vector<StatusRange>> status = ParseStatusRanges(o.expect_status);
  if (!status.ok()) return status.status().Prefixed("--expect-status");
  http.expect.status = *status;
  if (!o.expect_body.empty()) {
    Result<Pattern> body = Pattern::Compile(o.expect_body);
    if (!body.ok()) return body.status().Prefixed("--expect-body");
    http.expect.body = *body;
  }
  for (const std::string& text : o.expect_headers) {
    auto header = ParseHeaderExpectation(text);
    if (!header.ok()) return header.status().Prefixed("--expect-header");
    http.expect.headers.push_back(std::move(*header));
  }
  http.resolve = o.resolve;
  http.interface = o.interface;
  http.ip_version = ChosenIpVersion(o);
  http.follow_redirects = o.follow;
  http.insecure = o.insecure;
  http.ca_file = o.ca_file;
  http.reuse = o.reuse;
  return http;
}

// The checks named on the command line, one target each (cdn: one target
// name for all).
Result<std::vector<ScheduledTarget>> CommandLineTargets(const Options& o, Duration timeout) {
  std::vector<ScheduledTarget> targets;
  std::optional<HttpSpec> http;
  if (o.command == Command::kHttp || o.command == Command::kCdn) {
    EVT_ASSIGN_OR_RETURN(http, HttpSpecFromOptions(o));
  }
  for (const std::string& subject : o.subjects) {
    ScheduledTarget t;
    t.check.timeout = timeout;
    t.check.target = o.command == Command::kCdn ? o.name : subject;
    if (http) {
      t.check.http = *http;
      t.check.http.url = subject;
    } else if (o.command == Command::kTcp) {
      EVT_ASSIGN_OR_RETURN(t.check.tcp, ParseTcpAddress(subject));
      t.check.type = CheckType::kTcp;
      t.check.tcp.interface = o.interface;
      t.check.tcp.ip_version = ChosenIpVersion(o);
    } else {
      t.check.type = CheckType::kDns;
      t.check.dns.name = subject;
      t.check.dns.type = o.type;
      t.check.dns.server = o.server;
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

// probe.dns_map with the --environment's addresses active.
Result<DnsMap> DnsMapFor(const Config& config, const std::string& environment) {
  EVT_ASSIGN_OR_RETURN(DnsMap map, ReadConfigDnsMap(config));
  return WithEnvironment(std::move(map), environment);
}

// `evt-probe dns --environment ENV NAME...` compares with the config's map;
// without --environment no config is read, as before the map.
Status ExpectFromConfigDnsMap(const Options& o, std::vector<ScheduledTarget>& targets) {
  if (o.environment.empty()) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(o.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  EVT_ASSIGN_OR_RETURN(DnsMap map, DnsMapFor(config, o.environment));
  for (ScheduledTarget& t : targets) t.check.dns.expect = ExpectationFor(map, t.check.dns.name, t.check.dns.type);
  return Status::Ok();
}

std::string KnownNames(const std::vector<ConfigTarget>& targets) {
  std::string names;
  for (const ConfigTarget& t : targets) names += (names.empty() ? "" : ", ") + t.name;
  return names.empty() ? "none" : names;
}

// The config's targets, all or the ones named.
Result<std::vector<ConfigTarget>> ChosenConfigTargets(const Options& o) {
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(o.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  EVT_ASSIGN_OR_RETURN(std::vector<ConfigTarget> all, ReadConfigTargets(config));
  if (!o.environment.empty()) {
    EVT_ASSIGN_OR_RETURN(DnsMap map, DnsMapFor(config, o.environment));
    ExpectFromDnsMap(map, all);
  }
  std::vector<ConfigTarget> chosen;
  for (const std::string& name : o.subjects) {
    auto it = std::find_if(all.begin(), all.end(), [&](const ConfigTarget& t) { return t.name == name; });
    if (it == all.end())
      return Status::Usage("no target \"" + name + "\" in " + path + " (known: " + KnownNames(all) + ")");
    chosen.push_back(*it);
  }
  if (o.subjects.empty()) chosen = all;
  if (chosen.empty()) return Status::Config(path + ": /probe/targets: no target to probe");
  return chosen;
}

// Flows run one after another on their own schedule, probes concurrently on
// theirs: one process does one or the other. With both chosen, the probes
// run and each flow is named for a second `evt-probe run`.
std::vector<ConfigTarget> WithoutFlows(std::vector<ConfigTarget> chosen) {
  std::vector<ConfigTarget> probes;
  for (ConfigTarget& t : chosen) {
    if (t.check == "flow") {
      PrintWarning("target " + t.name + ": a flow; run it on its own: evt-probe run " + t.name);
      continue;
    }
    probes.push_back(std::move(t));
  }
  return probes;
}

struct Plan {
  Schedule schedule;
  std::vector<std::pair<std::string, double>> cdn_targets;  // name, min hit ratio
};

Result<Plan> MakePlan(const Options& o, std::vector<ConfigTarget> config_targets) {
  Plan plan;
  EVT_ASSIGN_OR_RETURN(Duration timeout, OptionDuration("--timeout", o.timeout));
  if (timeout.count() <= 0) return Status::Usage("--timeout: must be more than 0s");
  std::optional<Duration> interval, fast;
  if (!o.interval.empty()) {
    EVT_ASSIGN_OR_RETURN(interval, OptionDuration("--interval", o.interval));
  }
  if (!o.fast_interval.empty()) {
    EVT_ASSIGN_OR_RETURN(fast, OptionDuration("--fast-interval", o.fast_interval));
  }
  if (o.command == Command::kRun) {
    for (ConfigTarget& t : config_targets) {
      if (t.check == "cdn") plan.cdn_targets.emplace_back(t.name, t.min_hit_ratio);
      for (ScheduledTarget& p : t.probes) plan.schedule.targets.push_back(std::move(p));
    }
  } else {
    EVT_ASSIGN_OR_RETURN(plan.schedule.targets, CommandLineTargets(o, timeout));
    if (o.command == Command::kDns) EVT_RETURN_IF_ERROR(ExpectFromConfigDnsMap(o, plan.schedule.targets));
    if (o.command == Command::kCdn) plan.cdn_targets.emplace_back(o.name, o.min_hit_ratio);
    // Repeating without --interval: once a second, like ping.
    if (!interval) interval = Duration(1000);
  }
  for (ScheduledTarget& t : plan.schedule.targets) {
    if (interval) t.interval = *interval;
    if (fast) t.fast_interval = *fast;
  }
  plan.schedule.window = o.window;
  if (RepeatsUntilStopped(o))
    plan.schedule.count = std::nullopt;
  else
    plan.schedule.count = o.count.value_or(1);
  return plan;
}

enum class Output { kRecords, kTable, kMetrics };

// The flags that decide where results go, resolved once.
struct OutputSettings {
  OutputFormat format;
  Output mode;
};

Result<OutputSettings> ResolveOutput(const Options& o) {
  EVT_ASSIGN_OR_RETURN(ChosenOutput chosen, ResolveOutput(o.common, o.format));
  if (chosen.metrics) return OutputSettings{*chosen.metrics, Output::kMetrics};
  return OutputSettings{OutputFormat::kRecords, WantRecords(o.common, o.format) ? Output::kRecords : Output::kTable};
}

// A --textfile beside records or a table is Prometheus text, the format
// node_exporter's textfile collector reads.
MetricsFormat MetricsFormatOf(OutputFormat format) {
  return format == OutputFormat::kOpenMetrics ? MetricsFormat::kOpenMetrics : MetricsFormat::kPrometheus;
}

Status WriteCdnResults(const CdnTally& tally, Output output, RecordWriter& writer, const Clock& clock, bool* failed) {
  for (const auto& [name, entry] : tally.targets()) {
    bool ok = CdnOk(entry.summary, entry.min_hit_ratio);
    if (!ok) *failed = true;
    if (output == Output::kMetrics) continue;
    if (output == Output::kRecords) {
      EVT_RETURN_IF_ERROR(writer.Write(CdnRecord(name, entry.summary, entry.min_hit_ratio, clock.Now())));
    } else {
      std::printf("%s: hit ratio %s (%lld of %lld), minimum %s: %s\n", name.c_str(),
                  FixedText(entry.summary.hit_ratio(), 2).c_str(), static_cast<long long>(entry.summary.hits),
                  static_cast<long long>(entry.summary.probes), ShortestText(entry.min_hit_ratio).c_str(),
                  ok ? "ok" : "FAIL");
    }
  }
  return Status::Ok();
}

}  // namespace

Status RunProbes(const Options& o) {
  std::vector<ConfigTarget> config_targets;
  if (o.command == Command::kRun) {
    EVT_ASSIGN_OR_RETURN(std::vector<ConfigTarget> chosen, ChosenConfigTargets(o));
    if (std::all_of(chosen.begin(), chosen.end(), [](const ConfigTarget& t) { return t.check == "flow"; }))
      return RunFlowTargets(o, chosen);
    config_targets = WithoutFlows(std::move(chosen));
  }
  EVT_ASSIGN_OR_RETURN(Plan plan, MakePlan(o, std::move(config_targets)));
  EVT_ASSIGN_OR_RETURN(const OutputSettings settings, ResolveOutput(o));
  const Output mode = settings.mode;
  SystemClock clock;
  // The record sink flushes before every wait (RecordSink::BeforeWait).
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  RecordSink record_sink(writer, clock, o.origin);
  bool repeating = !plan.schedule.count || *plan.schedule.count > 1;
  TerminalSink terminal_sink(stdout, ColorEnabled(1), repeating);
  PrometheusSink metrics_sink(MetricsFormatOf(settings.format), o.textfile);
  ProbeSink& shown = mode == Output::kRecords ? static_cast<ProbeSink&>(record_sink) : terminal_sink;
  // Records (or the table) on stdout and the metrics in --textfile: the
  // timer that feeds the error budget also feeds Prometheus, from one run.
  TeeSink shown_and_metrics(shown, metrics_sink);
  ProbeSink& output = mode == Output::kMetrics ? static_cast<ProbeSink&>(metrics_sink)
                      : o.textfile.empty()     ? shown
                                               : shown_and_metrics;
  CdnTally tally;
  for (const auto& [name, ratio] : plan.cdn_targets) tally.AddTarget(name, ratio);
  TeeSink sink(output, tally);

  ProbeEngine engine(clock, static_cast<std::size_t>(o.concurrency));
  bool failed = false;
  EVT_RETURN_IF_ERROR(RunSchedule(plan.schedule, clock, engine, sink, &failed));
  EVT_RETURN_IF_ERROR(WriteCdnResults(tally, mode, writer, clock, &failed));
  EVT_RETURN_IF_ERROR(writer.Flush());
  if (failed) return Status::CheckFailed("");
  return Status::Ok();
}

}  // namespace evt::probe
