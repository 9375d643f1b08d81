#include "tools/failover/route_config.h"

#include <algorithm>
#include <charconv>

#include "common/config_value.h"
#include "tools/failover/steering_driver_factory.h"

namespace evt::failover {
namespace {

template <typename T>
bool Contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

Result<int> ReadCount(const ConfigObject& o, std::string_view key, int fallback) {
  EVT_ASSIGN_OR_RETURN(std::int64_t v, o.Int(key, fallback));
  if (v < 1 || v > 1000) return o.Error(key, "expected 1 to 1000, got " + std::to_string(v));
  return static_cast<int>(v);
}

Status ReadMemberHealth(const ConfigObject& o, const std::vector<PathSpec>& paths,
                        const std::vector<probe::ConfigTarget>& known, RouteMember& m) {
  EVT_ASSIGN_OR_RETURN(m.targets, o.StringArray("targets", {}));
  EVT_ASSIGN_OR_RETURN(m.path, o.String("path", ""));
  if (m.targets.empty() == m.path.empty())
    return o.Error("expected either \"targets\" (probe targets) or \"path\" (a failover path): one of them");
  if (!m.path.empty()) {
    const bool found = std::any_of(paths.begin(), paths.end(), [&](const PathSpec& p) { return p.name == m.path; });
    if (!found) return o.Error("path", "no path \"" + m.path + "\" in /failover/paths");
    if (o.Has("rise") || o.Has("fall") || o.Has("reliability"))
      return o.Error("a member on a path takes the path's rise and fall: drop rise, fall and reliability");
    return Status::Ok();
  }
  for (std::size_t i = 0; i < m.targets.size(); ++i) {
    const std::string& name = m.targets[i];
    if (std::none_of(known.begin(), known.end(), [&](const auto& t) { return t.name == name; }))
      return Status::Config(o.Where("targets") + "/" + std::to_string(i) + ": no target \"" + name +
                            "\" in /probe/targets");
    if (std::count(m.targets.begin(), m.targets.end(), name) > 1)
      return Status::Config(o.Where("targets") + "/" + std::to_string(i) + ": target \"" + name + "\" listed twice");
  }
  EVT_ASSIGN_OR_RETURN(m.rise, ReadCount(o, "rise", m.rise));
  EVT_ASSIGN_OR_RETURN(m.fall, ReadCount(o, "fall", m.fall));
  EVT_ASSIGN_OR_RETURN(std::int64_t reliability, o.Int("reliability", 1));
  if (reliability < 1 || reliability > static_cast<std::int64_t>(m.targets.size()))
    return o.Error("reliability", "expected 1 to " + std::to_string(m.targets.size()) +
                                      " (the number of targets), got " + std::to_string(reliability));
  m.reliability = static_cast<int>(reliability);
  return Status::Ok();
}

Result<std::vector<RouteMember>> ReadMembers(const ConfigObject& route, const std::vector<PathSpec>& paths,
                                             const std::vector<probe::ConfigTarget>& known) {
  EVT_ASSIGN_OR_RETURN(std::vector<ConfigObject> objects, route.ObjectArray("members"));
  if (objects.empty()) return route.Error("members", "expected at least one member");
  std::vector<RouteMember> members;
  for (const ConfigObject& o : objects) {
    RouteMember m;
    EVT_ASSIGN_OR_RETURN(m.name, o.String("name"));
    if (m.name.empty()) return o.Error("name", "expected a non-empty name");
    for (std::size_t j = 0; j < members.size(); ++j)
      if (members[j].name == m.name)
        return o.Error("name", "duplicate member name \"" + m.name + "\" (also " + objects[j].pointer() + "/name)");
    EVT_RETURN_IF_ERROR(ReadMemberHealth(o, paths, known, m));
    members.push_back(std::move(m));
  }
  return members;
}

bool HasMember(const std::vector<RouteMember>& members, const std::string& name) {
  return std::any_of(members.begin(), members.end(), [&](const RouteMember& m) { return m.name == name; });
}

Status ReadSplit(const ConfigObject& route, RouteSpec& r) {
  EVT_ASSIGN_OR_RETURN(ConfigObject split, route.Object("split"));
  for (const std::string& key : split.Keys())
    if (!HasMember(r.members, key)) return split.Error(key, "no member \"" + key + "\" in this route's members");
  int total = 0;
  for (const RouteMember& m : r.members) {
    if (!split.Has(m.name)) return split.Error("member \"" + m.name + "\" has no share (give it 0 to keep it idle)");
    EVT_ASSIGN_OR_RETURN(std::int64_t share, split.Int(m.name));
    if (share < 0 || share > 100) return split.Error(m.name, "expected a percentage 0 to 100, got " + std::to_string(share));
    r.split.push_back(static_cast<int>(share));
    total += static_cast<int>(share);
  }
  if (total != 100) return split.Error("the shares sum to " + std::to_string(total) + ", not 100");
  return Status::Ok();
}

Status ReadPrefer(const ConfigObject& route, RouteSpec& r) {
  EVT_ASSIGN_OR_RETURN(r.prefer, route.StringArray("prefer"));
  if (r.prefer.empty()) return route.Error("prefer", "expected at least one member");
  for (std::size_t i = 0; i < r.prefer.size(); ++i) {
    const std::string where = route.Where("prefer") + "/" + std::to_string(i);
    if (!HasMember(r.members, r.prefer[i]))
      return Status::Config(where + ": no member \"" + r.prefer[i] + "\" in this route's members");
    if (std::count(r.prefer.begin(), r.prefer.end(), r.prefer[i]) > 1)
      return Status::Config(where + ": member \"" + r.prefer[i] + "\" listed twice");
  }
  return Status::Ok();
}

Status ReadRamp(const ConfigObject& route, RampSpec& ramp) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> o, route.OptionalObject("ramp"));
  if (!o) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(std::vector<double> steps, o->NumberArray("steps", {25, 50, 100}));
  ramp.steps.clear();
  for (double s : steps) {
    if (s != static_cast<int>(s) || s < 1 || s > 100 || (!ramp.steps.empty() && s <= ramp.steps.back()))
      return o->Error("steps", "expected whole percentages rising from 1 to 100, such as [10, 25, 50, 100]");
    ramp.steps.push_back(static_cast<int>(s));
  }
  if (ramp.steps.empty() || ramp.steps.back() != 100) return o->Error("steps", "the last step must be 100");
  EVT_ASSIGN_OR_RETURN(ramp.hold, o->Duration("hold", ramp.hold));
  if (ramp.hold.count() < 0 || ramp.hold > std::chrono::hours(24))
    return o->Error("hold", "expected 0s to 1d");
  return Status::Ok();
}

Status ReadDriver(const ConfigObject& route, const std::string& config_dir, RouteSpec& r) {
  const Value* driver = route.Raw("driver");
  const std::string where = route.Where("driver");
  if (!driver) return route.Error("driver", "expected the proxy that applies the weights: {\"type\": \"haproxy\" or \"nginx\", ...}");
  if (!driver->is_object()) return ConfigExpected(where, "an object", *driver);
  const Value* type = driver->find("type");
  if (!type) return Status::Config(where + "/type: expected \"haproxy\" or \"nginx\"");
  EVT_ASSIGN_OR_RETURN(r.driver.type, ConfigString(*type, where + "/type"));
  if (r.driver.type != "haproxy" && r.driver.type != "nginx")
    return Status::Config(where + "/type: expected \"haproxy\" or \"nginx\", got \"" + r.driver.type + "\"");
  r.driver.settings = *driver;
  r.driver.where = where;
  r.driver.config_dir = config_dir;
  r.backend = r.name;
  for (const char* key : {"upstream", "backend"}) {
    if (const Value* v = driver->find(key)) {
      EVT_ASSIGN_OR_RETURN(r.backend, ConfigString(*v, where + "/" + key));
    }
  }
  return Status::Ok();
}

const PathSpec* FindPath(const std::vector<PathSpec>& paths, const std::string& name) {
  for (const PathSpec& p : paths) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// A class pinned to paths leaves by each path's source address (§16): the
// nginx driver binds the carrier's upstream connections to it. The paths
// already say their addresses, so the route need not repeat them; a
// "bind" the driver object gives wins.
void BindMembersToPathSources(const std::vector<PathSpec>& paths, RouteSpec& r) {
  if (r.driver.type != "nginx" || r.driver.settings.find("bind") != nullptr) return;
  Value bind = Value::object();
  for (const RouteMember& m : r.members) {
    const PathSpec* path = m.path.empty() ? nullptr : FindPath(paths, m.path);
    if (path == nullptr || path->source.empty()) return;
    bind.set(m.name, Value(path->source));
  }
  r.driver.settings.set("bind", std::move(bind));
}

Result<RouteSpec> ReadRoute(const ConfigObject& o, const std::vector<PathSpec>& paths,
                            const std::vector<probe::ConfigTarget>& known, const std::string& config_dir) {
  RouteSpec r;
  EVT_ASSIGN_OR_RETURN(r.name, o.String("name"));
  if (r.name.empty()) return o.Error("name", "expected a non-empty name");
  EVT_ASSIGN_OR_RETURN(r.essential, o.Bool("essential", false));
  EVT_RETURN_IF_ERROR(ReadDriver(o, config_dir, r));
  EVT_ASSIGN_OR_RETURN(r.members, ReadMembers(o, paths, known));
  if (o.Has("split") == o.Has("prefer"))
    return o.Error("expected either \"split\" (percentages) or \"prefer\" (an ordered list): one of them");
  EVT_RETURN_IF_ERROR(o.Has("split") ? ReadSplit(o, r) : ReadPrefer(o, r));
  EVT_RETURN_IF_ERROR(ReadRamp(o, r.ramp));
  BindMembersToPathSources(paths, r);
  // The driver's own parser reads the rest now (contacting nothing), so
  // `config check` catches a typo there, not the first failover at night.
  EVT_RETURN_IF_ERROR(MakeSteeringDriver(r.driver).status());
  return r;
}

Result<ClassLimit> ReadLimit(const ConfigObject& limits, const std::string& route, const RouteSection& section) {
  const RouteSpec* r = section.Find(route);
  if (!r) return limits.Error(route, "no route \"" + route + "\" in /failover/routes");
  if (r->essential) return limits.Error(route, "route \"" + route + "\" is essential: it may not be limited");
  EVT_ASSIGN_OR_RETURN(ConfigObject o, limits.Object(route));
  ClassLimit limit;
  limit.route = route;
  EVT_ASSIGN_OR_RETURN(limit.deny, o.Bool("deny", false));
  if (limit.deny) {
    if (o.Has("rate") || o.Has("burst")) return o.Error("a denied class has no rate or burst");
    return limit;
  }
  EVT_ASSIGN_OR_RETURN(std::string rate, o.String("rate"));
  Result<double> per_second = ParseRatePerSecond(rate);
  if (!per_second.ok()) return o.Error("rate", per_second.status().message());
  limit.rate_per_second = *per_second;
  EVT_ASSIGN_OR_RETURN(std::int64_t burst, o.Int("burst", 0));
  if (burst < 0 || burst > 1000000) return o.Error("burst", "expected 0 to 1000000, got " + std::to_string(burst));
  limit.burst = static_cast<int>(burst);
  return limit;
}

Result<std::optional<ReducedMode>> ReadModes(const ConfigObject& failover, const RouteSection& section) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> modes, failover.OptionalObject("modes"));
  if (!modes) return std::optional<ReducedMode>();
  EVT_ASSIGN_OR_RETURN(ConfigObject reduced, modes->Object("reduced"));
  ReducedMode mode;
  EVT_ASSIGN_OR_RETURN(ConfigObject limits, reduced.Object("limits"));
  for (const std::string& route : limits.Keys()) {
    EVT_ASSIGN_OR_RETURN(ClassLimit limit, ReadLimit(limits, route, section));
    mode.limits.push_back(std::move(limit));
  }
  if (mode.limits.empty()) return limits.Error("expected at least one route to limit");
  if (reduced.Has("governor_level")) {
    EVT_ASSIGN_OR_RETURN(std::int64_t level, reduced.Int("governor_level"));
    if (level < 1 || level > 100) return reduced.Error("governor_level", "expected 1 to 100, got " + std::to_string(level));
    mode.governor_level = static_cast<int>(level);
  }
  return std::optional<ReducedMode>(std::move(mode));
}

}  // namespace

const RouteSpec* RouteSection::Find(const std::string& name) const {
  for (const RouteSpec& r : routes)
    if (r.name == name) return &r;
  return nullptr;
}

Result<double> ParseRatePerSecond(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::string_view unit = slash == std::string_view::npos ? "" : text.substr(slash + 1);
  const double per = unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : 0;
  double n = 0;
  const char* end = text.data() + std::min(slash, text.size());
  auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (per == 0 || ec != std::errc() || ptr != end || !(n > 0))
    return Status::Config("expected a rate such as \"20/s\", \"600/m\" or \"1000/h\", got \"" + std::string(text) + "\"");
  return n / per;
}

Result<RouteSection> ReadRouteSection(const ConfigObject& failover, const std::vector<PathSpec>& paths,
                                      const std::vector<probe::ConfigTarget>& known, const std::string& config_dir) {
  RouteSection section;
  EVT_ASSIGN_OR_RETURN(std::optional<std::vector<ConfigObject>> routes, failover.OptionalObjectArray("routes"));
  if (routes) {
    for (const ConfigObject& o : *routes) {
      EVT_ASSIGN_OR_RETURN(RouteSpec r, ReadRoute(o, paths, known, config_dir));
      for (std::size_t j = 0; j < section.routes.size(); ++j)
        if (section.routes[j].name == r.name)
          return o.Error("name", "duplicate route name \"" + r.name + "\" (also " + (*routes)[j].pointer() + "/name)");
      section.routes.push_back(std::move(r));
    }
  }
  EVT_ASSIGN_OR_RETURN(section.reduced, ReadModes(failover, section));
  for (const RouteSpec& r : section.routes)
    for (const RouteMember& m : r.members)
      for (const std::string& t : m.targets)
        if (!Contains(section.member_targets, t)) section.member_targets.push_back(t);
  return section;
}

}  // namespace evt::failover
