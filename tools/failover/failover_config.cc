#include "tools/failover/failover_config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/config_check_command.h"
#include "common/config_value.h"
#include "common/value.h"
#include "engine/probe/dns_map.h"
#include "tools/failover/action_config.h"
#include "tools/failover/template_render.h"

namespace evt::failover {
namespace {

// Durations beyond a year are mistakes, and bounding them keeps the time
// arithmetic (penalty decay, deadlines) far from overflow.
constexpr Duration kLongestDuration = std::chrono::hours(24 * 366);

Result<Duration> BoundedDuration(const ConfigObject& o, std::string_view key, Duration fallback, bool allow_zero) {
  Result<Duration> d = o.Duration(key, fallback);
  if (!d.ok()) return d.status();
  if (d->count() < 0 || (!allow_zero && d->count() == 0)) return o.Error(key, "must be more than 0s");
  if (*d > kLongestDuration) return o.Error(key, "must be at most 366d");
  return d;
}

Result<int> AtLeastOne(const ConfigObject& o, std::string_view key, int fallback) {
  Result<std::int64_t> v = o.Int(key, fallback);
  if (!v.ok()) return v.status();
  if (*v < 1 || *v > 1000) return o.Error(key, "expected 1 to 1000, got " + std::to_string(*v));
  return static_cast<int>(*v);
}

Result<QualityLimits> ReadLimits(const ConfigObject& degraded, std::string_view key) {
  Result<ConfigObject> o = degraded.Object(key);
  if (!o.ok()) return o.status();
  QualityLimits limits;
  Result<double> loss = o->Ratio("loss", 1.0);
  if (!loss.ok()) return loss.status();
  limits.loss = *loss;
  Result<double> p95 = o->Number("p95_ms", 1e18);
  if (!p95.ok()) return p95.status();
  if (*p95 <= 0) return o->Error("p95_ms", "must be more than 0");
  limits.p95_ms = *p95;
  if (!o->Has("loss") && !o->Has("p95_ms")) return o->Error("expected \"loss\", \"p95_ms\" or both");
  return limits;
}

Result<std::optional<DegradedSpec>> ReadDegraded(const ConfigObject& path) {
  Result<std::optional<ConfigObject>> o = path.OptionalObject("degraded");
  if (!o.ok()) return o.status();
  if (!*o) return std::optional<DegradedSpec>();
  DegradedSpec d;
  Result<QualityLimits> raise = ReadLimits(**o, "raise");
  if (!raise.ok()) return raise.status();
  Result<QualityLimits> clear = ReadLimits(**o, "clear");
  if (!clear.ok()) return clear.status();
  if (clear->loss > raise->loss) return (*o)->Error("clear", "loss must not be above the raise loss");
  if (clear->p95_ms > raise->p95_ms) return (*o)->Error("clear", "p95_ms must not be above the raise p95_ms");
  d.raise = *raise;
  d.clear = *clear;
  Result<int> window = AtLeastOne(**o, "window", d.window);
  if (!window.ok()) return window.status();
  d.window = *window;
  return std::optional<DegradedSpec>(d);
}

Result<std::map<std::string, std::string>> ReadVars(const ConfigObject& path) {
  std::map<std::string, std::string> vars;
  const Value* v = path.Raw("vars");
  if (!v) return vars;
  if (!v->is_object()) return ConfigExpected(path.Where("vars"), "an object of strings", *v);
  for (const auto& [name, value] : v->as_object()) {
    Result<std::string> s = ConfigString(value, path.Where("vars") + "/" + EscapeJsonPointerToken(name));
    if (!s.ok()) return s.status();
    vars[name] = *s;
  }
  return vars;
}

Status ReadTargets(const ConfigObject& o, const std::vector<probe::ConfigTarget>& known, PathSpec& p) {
  Result<bool> always_up = o.Bool("always_up", false);
  if (!always_up.ok()) return always_up.status();
  p.always_up = *always_up;
  Result<std::vector<std::string>> targets = o.StringArray("targets", {});
  if (!targets.ok()) return targets.status();
  p.targets = *targets;
  if (p.always_up && !p.targets.empty()) return o.Error("targets", "an always_up path has no targets");
  if (!p.always_up && p.targets.empty())
    return o.Error("targets", "expected at least one target of /probe/targets (or \"always_up\": true)");
  for (std::size_t i = 0; i < p.targets.size(); ++i) {
    const std::string& name = p.targets[i];
    const bool found = std::any_of(known.begin(), known.end(), [&](const auto& t) { return t.name == name; });
    if (!found)
      return Status::Config(o.Where("targets") + "/" + std::to_string(i) + ": no target \"" + name +
                            "\" in /probe/targets");
    if (std::count(p.targets.begin(), p.targets.end(), name) > 1)
      return Status::Config(o.Where("targets") + "/" + std::to_string(i) + ": target \"" + name + "\" listed twice");
  }
  Result<std::int64_t> reliability = o.Int("reliability", 1);
  if (!reliability.ok()) return reliability.status();
  const auto most = static_cast<std::int64_t>(std::max<std::size_t>(p.targets.size(), 1));
  if (*reliability < 1 || *reliability > most)
    return o.Error("reliability", "expected 1 to " + std::to_string(most) + " (the number of targets), got " +
                                      std::to_string(*reliability));
  p.reliability = static_cast<int>(*reliability);
  return Status::Ok();
}

Result<std::string> ReadSourceAddress(const ConfigObject& path) {
  EVT_ASSIGN_OR_RETURN(std::string source, path.String("source", ""));
  in6_addr any;
  if (!source.empty() && inet_pton(AF_INET, source.c_str(), &any) != 1 && inet_pton(AF_INET6, source.c_str(), &any) != 1)
    return path.Error("source", "expected an IPv4 or IPv6 address such as \"10.0.1.2\", got \"" + source + "\"");
  return source;
}

Result<PathSpec> ReadPath(const ConfigObject& o, const std::vector<probe::ConfigTarget>& known) {
  PathSpec p;
  Result<std::string> name = o.String("name");
  if (!name.ok()) return name.status();
  if (name->empty()) return o.Error("name", "expected a non-empty name");
  p.name = *name;
  EVT_RETURN_IF_ERROR(ReadTargets(o, known, p));
  Result<int> rise = AtLeastOne(o, "rise", p.rise);
  if (!rise.ok()) return rise.status();
  Result<int> fall = AtLeastOne(o, "fall", p.fall);
  if (!fall.ok()) return fall.status();
  p.rise = *rise;
  p.fall = *fall;
  EVT_ASSIGN_OR_RETURN(p.source, ReadSourceAddress(o));
  Result<std::map<std::string, std::string>> vars = ReadVars(o);
  if (!vars.ok()) return vars.status();
  p.vars = std::move(*vars);
  Result<std::optional<DegradedSpec>> degraded = ReadDegraded(o);
  if (!degraded.ok()) return degraded.status();
  p.degraded = *degraded;
  for (auto [key, hook] : {std::pair{"on_up", &p.on_up}, std::pair{"on_down", &p.on_down},
                           std::pair{"on_activate", &p.on_activate}, std::pair{"on_deactivate", &p.on_deactivate}}) {
    Result<std::vector<ActionSpec>> actions = ReadHook(o, key);
    if (!actions.ok()) return actions.status();
    *hook = std::move(*actions);
  }
  return p;
}

Result<std::optional<DampingSpec>> ReadDamping(const ConfigObject& section) {
  Result<std::optional<ConfigObject>> o = section.OptionalObject("damping");
  if (!o.ok()) return o.status();
  if (!*o) return std::optional<DampingSpec>();
  DampingSpec d;
  for (auto [key, field] : {std::pair{"penalty", &d.penalty}, std::pair{"suppress", &d.suppress},
                            std::pair{"reuse", &d.reuse}}) {
    Result<double> v = (*o)->Number(key, *field);
    if (!v.ok()) return v.status();
    if (*v <= 0) return (*o)->Error(key, "must be more than 0");
    *field = *v;
  }
  if (d.reuse >= d.suppress) return (*o)->Error("reuse", "must be under suppress");
  for (auto [key, field] : {std::pair{"half_life", &d.half_life}, std::pair{"max_suppress", &d.max_suppress}}) {
    Result<Duration> v = BoundedDuration(**o, key, *field, false);
    if (!v.ok()) return v.status();
    *field = *v;
  }
  return std::optional<DampingSpec>(d);
}

Status CheckUniqueNames(const std::vector<ConfigObject>& objects, const std::vector<PathSpec>& paths) {
  for (std::size_t i = 0; i < paths.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (paths[i].name == paths[j].name)
        return objects[i].Error("name", "duplicate path name \"" + paths[i].name + "\" (also " +
                                            objects[j].pointer() + "/name)");
  return Status::Ok();
}

}  // namespace

Result<FailoverConfig> ReadFailoverConfig(const Config& config) {
  Result<std::vector<probe::ConfigTarget>> known = probe::ReadConfigTargets(config);
  if (!known.ok()) return known.status();
  Result<ConfigObject> section = config.Section("failover");
  if (!section.ok()) return section.status();
  FailoverConfig out;
  FailoverSpec& spec = out.spec;
  Result<Duration> fast = BoundedDuration(*section, "fast_interval", spec.fast_interval, false);
  if (!fast.ok()) return fast.status();
  spec.fast_interval = *fast;
  Result<Duration> failback = BoundedDuration(*section, "failback_after", spec.failback_after, true);
  if (!failback.ok()) return failback.status();
  spec.failback_after = *failback;
  Result<std::optional<DampingSpec>> damping = ReadDamping(*section);
  if (!damping.ok()) return damping.status();
  spec.damping = *damping;
  Result<std::vector<ConfigObject>> paths = section->ObjectArray("paths");
  if (!paths.ok()) return paths.status();
  if (paths->empty()) return section->Error("paths", "expected at least one path");
  for (const ConfigObject& o : *paths) {
    Result<PathSpec> p = ReadPath(o, *known);
    if (!p.ok()) return p.status();
    spec.paths.push_back(std::move(*p));
  }
  EVT_RETURN_IF_ERROR(CheckUniqueNames(*paths, spec.paths));
  EVT_ASSIGN_OR_RETURN(out.routes, ReadRouteSection(*section, spec.paths, *known, config.folder()));
  EVT_ASSIGN_OR_RETURN(out.canary, ReadCanarySection(*section));
  EVT_RETURN_IF_ERROR(section->Finish());
  EVT_ASSIGN_OR_RETURN(const probe::DnsMap dns_map, probe::ReadConfigDnsMap(config));
  for (PathSpec& p : spec.paths) p.site_vars = probe::DnsTemplateVars(dns_map);
  for (probe::ConfigTarget& t : *known) {
    const bool used = std::any_of(spec.paths.begin(), spec.paths.end(), [&](const PathSpec& p) {
      return std::find(p.targets.begin(), p.targets.end(), t.name) != p.targets.end();
    });
    const std::vector<std::string>& members = out.routes.member_targets;
    if (used || std::find(members.begin(), members.end(), t.name) != members.end()) out.targets.push_back(std::move(t));
  }
  return out;
}

namespace {

// Renders as a switch would: the path's vars plus the names actions.cc's
// TemplateVars adds for every hook, so a typo fails here and not at 2 a.m.
Status CheckTemplate(const std::string& file, const PathSpec& path) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NoInput(file + ": cannot read the template");
  std::ostringstream text;
  text << in.rdbuf();
  std::map<std::string, std::string> vars = path.site_vars;
  for (const auto& [name, value] : path.vars) vars[name] = value;
  for (const char* name : {"path", "hook", "old_state", "new_state", "old_path", "new_path", "reason"}) vars[name];
  return RenderTemplate(text.str(), vars).status().Prefixed(file);
}

Status CheckTemplates(const Config& config, const FailoverSpec& spec) {
  for (std::size_t i = 0; i < spec.paths.size(); ++i) {
    const PathSpec& p = spec.paths[i];
    for (auto [key, hook] : {std::pair{"on_up", &p.on_up}, std::pair{"on_down", &p.on_down},
                             std::pair{"on_activate", &p.on_activate}, std::pair{"on_deactivate", &p.on_deactivate}}) {
      for (std::size_t j = 0; j < hook->size(); ++j) {
        const ActionSpec& a = (*hook)[j];
        if (a.template_file.empty()) continue;
        std::string where = config.path() + ": /failover/paths/" + std::to_string(i) + "/" + key + "/" +
                            std::to_string(j) + "/template";
        EVT_RETURN_IF_ERROR(NamedFileError(where, CheckTemplate(a.template_file, p)));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckFailoverSection(const Config& config) {
  Result<FailoverConfig> read = ReadFailoverConfig(config);
  if (!read.ok()) return read.status();
  return CheckTemplates(config, read->spec);
}

}  // namespace evt::failover
