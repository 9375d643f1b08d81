#include "engine/probe/config_targets.h"

#include <set>

namespace evt::probe {
namespace {

const std::set<std::string> kChecks = {"http", "tcp", "dns", "cdn", "flow"};

Status ReadIpVersion(const ConfigObject& o, IpVersion& out) {
  Result<std::int64_t> v = o.Int("ip_version", 0);
  if (!v.ok()) return v.status();
  if (*v != 0 && *v != 4 && *v != 6) return o.Error("ip_version", "expected 4 or 6, got " + std::to_string(*v));
  out = *v == 4 ? IpVersion::kV4 : *v == 6 ? IpVersion::kV6 : IpVersion::kAny;
  return Status::Ok();
}

// A regex from the config, its error in the config's voice.
Result<Pattern> ReadPattern(const ConfigObject& o, const std::string& key, const std::string& text) {
  Result<Pattern> p = Pattern::Compile(text);
  if (!p.ok()) return o.Error(key, p.status().message());
  return p;
}

Status ReadExpectations(const ConfigObject& o, HttpExpectations& expect) {
  Result<std::string> status = o.String("expect_status", "2xx");
  if (!status.ok()) return status.status();
  Result<std::vector<StatusRange>> ranges = ParseStatusRanges(*status);
  if (!ranges.ok()) return o.Error("expect_status", ranges.status().message());
  expect.status = *ranges;
  Result<std::optional<std::string>> body = o.OptionalString("expect_body");
  if (!body.ok()) return body.status();
  if (*body) {
    Result<Pattern> p = ReadPattern(o, "expect_body", **body);
    if (!p.ok()) return p.status();
    expect.body = *p;
  }
  Result<std::optional<ConfigObject>> headers = o.OptionalObject("expect_headers");
  if (!headers.ok()) return headers.status();
  if (*headers) {
    for (const std::string& name : (*headers)->Keys()) {
      Result<std::string> text = (*headers)->String(name);
      if (!text.ok()) return text.status();
      Result<Pattern> p = ReadPattern(**headers, name, *text);
      if (!p.ok()) return p.status();
      expect.headers.emplace_back(ToLower(name), *p);
    }
  }
  return Status::Ok();
}

// Everything of an HTTP request but the URL: shared by http and cdn.
Status ReadHttpOptions(const ConfigObject& o, HttpSpec& http) {
  Result<std::string> method = o.String("method", "GET");
  if (!method.ok()) return method.status();
  http.method = *method;
  Result<std::optional<ConfigObject>> headers = o.OptionalObject("headers");
  if (!headers.ok()) return headers.status();
  if (*headers) {
    for (const std::string& name : (*headers)->Keys()) {
      Result<std::string> value = (*headers)->String(name);
      if (!value.ok()) return value.status();
      http.headers.push_back(name + ": " + *value);
    }
  }
  Result<std::optional<std::string>> body = o.OptionalString("body");
  if (!body.ok()) return body.status();
  http.body = *body;
  Result<bool> follow = o.Bool("follow_redirects", false);
  Result<bool> insecure = o.Bool("insecure", false);
  Result<bool> reuse = o.Bool("reuse", false);
  Result<std::vector<std::string>> resolve = o.StringArray("resolve", {});
  Result<std::string> interface = o.String("interface", "");
  Result<std::optional<std::string>> ca_file = o.OptionalPath("ca_file");
  for (const Status* s : {&follow.status(), &insecure.status(), &reuse.status(), &resolve.status(),
                          &interface.status(), &ca_file.status()})
    if (!s->ok()) return *s;
  if (*ca_file) http.ca_file = **ca_file;
  http.follow_redirects = *follow;
  http.insecure = *insecure;
  http.reuse = *reuse;
  http.resolve = *resolve;
  http.interface = *interface;
  EVT_RETURN_IF_ERROR(ReadIpVersion(o, http.ip_version));
  return ReadExpectations(o, http.expect);
}

Status ReadTiming(const ConfigObject& o, ScheduledTarget& t) {
  Result<Duration> interval = o.Duration("interval", Duration(2000));
  if (!interval.ok()) return interval.status();
  if (interval->count() <= 0) return o.Error("interval", "must be more than 0s");
  Result<Duration> fast = o.Duration("fast_interval", *interval);
  if (!fast.ok()) return fast.status();
  Result<Duration> timeout = o.Duration("timeout", Duration(5000));
  if (!timeout.ok()) return timeout.status();
  if (timeout->count() <= 0) return o.Error("timeout", "must be more than 0s");
  t.interval = *interval;
  // Left unset when not given, for each tool's own default: the interval
  // for evt-probe, the failover section's fast_interval for watch.
  t.fast_interval = o.Has("fast_interval") ? std::optional(*fast) : std::nullopt;
  t.check.timeout = *timeout;
  return Status::Ok();
}

Status ReadCheckSpecific(const ConfigObject& o, ConfigTarget& target, ScheduledTarget& base) {
  const std::string& check = target.check;
  if (check == "http") {
    Result<std::string> url = o.String("url");
    if (!url.ok()) return url.status();
    base.check.http.url = *url;
    EVT_RETURN_IF_ERROR(ReadHttpOptions(o, base.check.http));
    target.probes.push_back(base);
  } else if (check == "tcp") {
    Result<std::string> address = o.String("address");
    if (!address.ok()) return address.status();
    Result<TcpSpec> tcp = ParseTcpAddress(*address);
    if (!tcp.ok()) return o.Error("address", tcp.status().message());
    base.check.type = CheckType::kTcp;
    base.check.tcp = *tcp;
    Result<std::string> interface = o.String("interface", "");
    if (!interface.ok()) return interface.status();
    base.check.tcp.interface = *interface;
    EVT_RETURN_IF_ERROR(ReadIpVersion(o, base.check.tcp.ip_version));
    target.probes.push_back(base);
  } else if (check == "dns") {
    Result<std::string> name = o.String("name");
    Result<std::string> type = o.String("type", "A");
    Result<std::string> server = o.String("server", "");
    for (const Status* s : {&name.status(), &type.status(), &server.status()})
      if (!s->ok()) return *s;
    if (*type != "A" && *type != "AAAA") return o.Error("type", "expected \"A\" or \"AAAA\", got \"" + *type + "\"");
    base.check.type = CheckType::kDns;
    base.check.dns.name = *name;
    base.check.dns.type = *type;
    base.check.dns.server = *server;
    target.probes.push_back(base);
  } else if (check == "cdn") {
    Result<std::vector<std::string>> urls = o.StringArray("urls");
    if (!urls.ok()) return urls.status();
    if (urls->empty()) return o.Error("urls", "expected at least one URL");
    Result<double> ratio = o.Ratio("min_hit_ratio", 0.85);
    if (!ratio.ok()) return ratio.status();
    target.min_hit_ratio = *ratio;
    EVT_RETURN_IF_ERROR(ReadHttpOptions(o, base.check.http));
    for (const std::string& url : *urls) {
      ScheduledTarget one = base;
      one.check.http.url = url;
      target.probes.push_back(std::move(one));
    }
  } else {
    Result<std::string> flow = o.Path("flow");
    if (!flow.ok()) return flow.status();
    target.flow = *flow;
    target.flow_where = o.Where("flow");
    target.interval = o.Has("interval") ? base.interval : Duration(30000);
    if (o.Has("timeout")) target.flow_timeout = base.check.timeout;
  }
  return Status::Ok();
}

Result<ConfigTarget> ReadTarget(const ConfigObject& o, const std::string& name) {
  ConfigTarget target;
  target.name = name;
  Result<std::string> check = o.String("check");
  if (!check.ok()) return check.status();
  if (!kChecks.contains(*check))
    return o.Error("check", "expected one of http, tcp, dns, cdn, flow, got \"" + *check + "\"");
  target.check = *check;
  ScheduledTarget base;
  base.check.target = name;
  EVT_RETURN_IF_ERROR(ReadTiming(o, base));
  EVT_RETURN_IF_ERROR(ReadCheckSpecific(o, target, base));
  return target;
}

}  // namespace

Result<std::vector<ConfigTarget>> ReadConfigTargets(const Config& config) {
  Result<ConfigObject> section = config.Section("probe");
  if (!section.ok()) return section.status();
  std::vector<ConfigTarget> targets;
  EVT_ASSIGN_OR_RETURN(const DnsMap dns_map, ReadDnsMap(*section));
  Result<std::optional<ConfigObject>> objects = section->OptionalObject("targets");
  if (!objects.ok()) return objects.status();
  if (*objects) {
    for (const std::string& name : (*objects)->Keys()) {
      Result<ConfigObject> o = (*objects)->Object(name);
      if (!o.ok()) return o.status();
      Result<ConfigTarget> target = ReadTarget(*o, name);
      if (!target.ok()) return target.status();
      targets.push_back(std::move(*target));
    }
  }
  EVT_RETURN_IF_ERROR(section->Finish());
  ExpectFromDnsMap(dns_map, targets);
  return targets;
}

void ExpectFromDnsMap(const DnsMap& map, std::vector<ConfigTarget>& targets) {
  for (ConfigTarget& target : targets)
    for (ScheduledTarget& probe : target.probes)
      if (probe.check.type == CheckType::kDns)
        probe.check.dns.expect = ExpectationFor(map, probe.check.dns.name, probe.check.dns.type);
}

}  // namespace evt::probe
