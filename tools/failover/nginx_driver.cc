#include "tools/failover/nginx_driver.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "common/config_object.h"
#include "tools/failover/action_config.h"
#include "tools/failover/nginx_limits.h"
#include "tools/failover/nginx_reload.h"
#include "tools/failover/nginx_upstream.h"
#include "tools/failover/template_render.h"

namespace evt::failover {
namespace {

constexpr int kMostWeight = 1000;  // as nginx_upstream.h reads back

struct Member {
  std::string name, address, source;
};

struct NginxSettings {
  std::string where;
  std::string upstream, file, template_file, limits;
  std::vector<Member> members;  // config order: the order of the server lines
  bool binds = false;
  NginxCommands commands;
};

// "event.json: /failover/routes/0/driver" → the file and the pointer.
std::pair<std::string, std::string> SplitWhere(const std::string& where) {
  const std::size_t at = where.find(": /");
  if (at == std::string::npos) return {"", where.rfind('/', 0) == 0 ? where : ""};
  return {where.substr(0, at), where.substr(at + 2)};
}

Status ReadMembers(const ConfigObject& o, NginxSettings& s) {
  EVT_ASSIGN_OR_RETURN(const ConfigObject servers, o.Object("servers"));
  for (const std::string& name : servers.Keys()) {
    EVT_ASSIGN_OR_RETURN(std::string address, servers.String(name));
    if (address.empty() || address.find_first_of(" \t\n;{}#") != std::string::npos)
      return servers.Error(name, "expected an nginx server address such as \"127.0.0.1:8081\"");
    s.members.push_back({name, std::move(address), ""});
  }
  if (s.members.empty()) return o.Error("servers", "expected at least one member's server address");
  EVT_ASSIGN_OR_RETURN(const std::optional<ConfigObject> bind, o.OptionalObject("bind"));
  if (!bind) return Status::Ok();
  s.binds = true;
  for (Member& m : s.members) {
    EVT_ASSIGN_OR_RETURN(m.source, bind->String(m.name));
    if (m.source.empty() || m.source.find_first_of(" \t\n;{}#") != std::string::npos)
      return bind->Error(m.name, "expected a source address such as \"10.0.1.2\"");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> Command(const ConfigObject& o, std::string_view key, std::vector<std::string> fallback,
                                         const std::string& folder) {
  EVT_ASSIGN_OR_RETURN(std::vector<std::string> argv, o.StringArray(key, std::move(fallback)));
  if (argv.empty() || argv[0].empty()) return o.Error(key, "expected a program and its arguments");
  if (!FindProgram(argv[0], folder)) return o.Error(key, "program \"" + argv[0] + "\" not found");
  return argv;
}

Status CheckTemplate(const ConfigObject& o, const std::string& file) {
  EVT_ASSIGN_OR_RETURN(const std::optional<std::string> text, ReadFileBytes(file));
  if (!text) return o.Error("template", "cannot read " + file);
  return RenderTemplate(*text, {{"upstream", ""}}).status().Prefixed(o.Where("template") + ": " + file);
}

Result<NginxSettings> ReadSettings(const DriverSpec& spec) {
  auto [file, pointer] = SplitWhere(spec.where);
  EVT_ASSIGN_OR_RETURN(const ConfigObject o,
                       ConfigObject::FromValue(spec.settings, pointer, ConfigOrigin{file, spec.config_dir}));
  NginxSettings s;
  s.where = spec.where;
  s.commands.folder = spec.config_dir;
  EVT_ASSIGN_OR_RETURN(const std::string type, o.String("type"));
  if (type != "nginx") return o.Error("type", "expected \"nginx\", got \"" + type + "\"");
  EVT_ASSIGN_OR_RETURN(s.upstream, o.String("upstream"));
  if (s.upstream.empty() || s.upstream.find_first_of(" \t\n;{}#\"'") != std::string::npos)
    return o.Error("upstream", "expected an nginx upstream name");
  EVT_ASSIGN_OR_RETURN(s.file, o.Path("file"));
  EVT_ASSIGN_OR_RETURN(s.commands.test, Command(o, "test", {"nginx", "-t"}, spec.config_dir));
  EVT_ASSIGN_OR_RETURN(s.commands.reload, Command(o, "reload", {"nginx", "-s", "reload"}, spec.config_dir));
  EVT_ASSIGN_OR_RETURN(s.commands.timeout, o.Duration("timeout", s.commands.timeout));
  if (s.commands.timeout.count() <= 0) return o.Error("timeout", "must be more than 0s");
  EVT_ASSIGN_OR_RETURN(const std::optional<std::string> tmpl, o.OptionalPath("template"));
  if (tmpl) EVT_RETURN_IF_ERROR(CheckTemplate(o, *tmpl));
  s.template_file = tmpl.value_or("");
  EVT_ASSIGN_OR_RETURN(const std::optional<std::string> limits, o.OptionalPath("limits"));
  s.limits = limits.value_or("");
  EVT_RETURN_IF_ERROR(ReadMembers(o, s));
  EVT_RETURN_IF_ERROR(o.Finish());
  return s;
}

MemberState StateOf(const std::string& member, const NginxServer& server) {
  MemberState m;
  m.member = member;
  m.weight = server.down ? 0 : server.weight;
  m.admin = server.backup ? AdminState::kDrain : server.down ? AdminState::kMaint : AdminState::kReady;
  m.up = !server.down;
  return m;
}

class NginxDriver : public SteeringDriver {
 public:
  explicit NginxDriver(NginxSettings s) : s_(std::move(s)) {}

  // Routes on one nginx share its limits file, and reduced mode enters each
  // proxy once by this name (route_mode.h), so the limits file names the
  // proxy when there is one.
  std::string Name() const override { return "nginx:" + (s_.limits.empty() ? s_.file : s_.limits); }

  Result<BackendState> Read(const std::string& backend) override {
    EVT_RETURN_IF_ERROR(CheckBackend(backend));
    EVT_ASSIGN_OR_RETURN(const std::optional<std::string> bytes, ReadFileBytes(s_.file));
    if (!bytes) return Status::NoInput(Label() + ": " + s_.file + " does not exist: no weights applied yet");
    EVT_ASSIGN_OR_RETURN(const NginxUpstream parsed, ParseUpstream(*bytes, s_.upstream, s_.file));
    BackendState state;
    state.backend = s_.upstream;
    state.algorithm = parsed.balance;
    std::vector<bool> taken(s_.members.size(), false);
    for (std::size_t i = 0; i < parsed.servers.size(); ++i) {
      std::optional<std::size_t> m = MemberAt(parsed.servers[i].address, i, taken);
      state.members.push_back(StateOf(m ? s_.members[*m].name : parsed.servers[i].address, parsed.servers[i]));
    }
    if (s_.binds) ReadCarrier(parsed.bind, state);
    return state;
  }

  Result<BackendState> ApplyWeights(const std::string& backend, const std::vector<MemberWeight>& weights) override {
    EVT_RETURN_IF_ERROR(CheckBackend(backend));
    EVT_ASSIGN_OR_RETURN(NginxUpstream next, Current());
    for (const MemberWeight& w : weights) {
      EVT_ASSIGN_OR_RETURN(const std::size_t i, MemberIndex(w.member));
      if (w.weight < 0 || w.weight > kMostWeight)
        return Status::DataErr(Label() + ": " + w.member + ": weight " + std::to_string(w.weight) +
                               " is outside 0 to " + std::to_string(kMostWeight));
      NginxServer& server = next.servers[i];
      server.down = w.weight == 0;
      if (w.weight > 0) server.weight = w.weight;
    }
    EVT_RETURN_IF_ERROR(ChooseCarrier(next));
    return InstallAndVerify(next, [&](const BackendState& after) -> Status {
      for (const MemberWeight& w : weights) {
        const MemberState* m = Find(after, w.member);
        if (!m || m->weight != w.weight)
          return Status::Internal(Label() + ": read back shows " + w.member + " at weight " +
                                  std::to_string(m ? m->weight : -1) + ", not " + std::to_string(w.weight));
      }
      return Status::Ok();
    });
  }

  Result<BackendState> SetAdmin(const std::string& backend, const std::string& member, AdminState state) override {
    EVT_RETURN_IF_ERROR(CheckBackend(backend));
    EVT_ASSIGN_OR_RETURN(NginxUpstream next, Current());
    EVT_ASSIGN_OR_RETURN(const std::size_t i, MemberIndex(member));
    next.servers[i].down = state == AdminState::kMaint;
    next.servers[i].backup = state == AdminState::kDrain;
    EVT_RETURN_IF_ERROR(ChooseCarrier(next));
    return InstallAndVerify(next, [&](const BackendState& after) -> Status {
      const MemberState* m = Find(after, member);
      if (!m || m->admin != state) return Status::Internal(Label() + ": read back shows " + member + " in another state");
      return Status::Ok();
    });
  }

  Result<std::string> EnterReduced(const std::vector<ClassLimit>& limits) override {
    EVT_RETURN_IF_ERROR(NeedLimitsFile());
    EVT_ASSIGN_OR_RETURN(const std::string text, RenderNginxLimits(limits));
    EVT_ASSIGN_OR_RETURN(const std::optional<std::string> old, ReadFileBytes(s_.limits));
    EVT_RETURN_IF_ERROR(ReplaceTested(s_.limits, text, s_.commands).Prefixed(Name()));
    EVT_RETURN_IF_ERROR(ExpectBytes(s_.limits, text));
    return old ? "=" + *old : std::string("-");
  }

  Status LeaveReduced(const std::string& restore_token) override {
    EVT_RETURN_IF_ERROR(NeedLimitsFile());
    if (restore_token.empty() || (restore_token[0] != '=' && restore_token != "-"))
      return Status::DataErr(Name() + ": not a restore token of the nginx driver (expected \"-\" or \"=\" and the bytes)");
    std::optional<std::string> old;
    if (restore_token[0] == '=') old = restore_token.substr(1);
    EVT_RETURN_IF_ERROR(ReplaceTested(s_.limits, old, s_.commands).Prefixed(Name()));
    return ExpectBytes(s_.limits, old);
  }

 private:
  // The upstream file, for what concerns one route's weights.
  std::string Label() const { return "nginx:" + s_.file; }

  Status CheckBackend(const std::string& backend) const {
    if (backend == s_.upstream) return Status::Ok();
    return Status::DataErr(Label() + ": no upstream \"" + backend + "\" here (this driver writes upstream \"" +
                           s_.upstream + "\")");
  }

  Status NeedLimitsFile() const {
    if (!s_.limits.empty()) return Status::Ok();
    return Status::Config(s_.where + ": reduced mode on nginx needs \"limits\", the file the site's http block includes");
  }

  Result<std::size_t> MemberIndex(const std::string& member) const {
    for (std::size_t i = 0; i < s_.members.size(); ++i)
      if (s_.members[i].name == member) return i;
    std::string known;
    for (const Member& m : s_.members) known += (known.empty() ? "" : ", ") + m.name;
    return Status::DataErr(Label() + ": no server \"" + member + "\" in upstream " + s_.upstream + " (known: " + known +
                           ")");
  }

  // Server line i is member i when the addresses agree (the order we
  // write); else the first member with that address not yet matched, as
  // members of a class on paths may share one.
  std::optional<std::size_t> MemberAt(const std::string& address, std::size_t i, std::vector<bool>& taken) const {
    if (i < s_.members.size() && !taken[i] && s_.members[i].address == address) return taken[i] = true, i;
    for (std::size_t j = 0; j < s_.members.size(); ++j)
      if (!taken[j] && s_.members[j].address == address) return taken[j] = true, j;
    return std::nullopt;
  }

  // A class on paths: only the member whose source nginx binds carries it.
  void ReadCarrier(const std::string& bind, BackendState& state) const {
    for (MemberState& m : state.members) {
      auto it = std::find_if(s_.members.begin(), s_.members.end(), [&](const Member& c) { return c.name == m.member; });
      if (it == s_.members.end() || it->source != bind) m.weight = 0;
    }
  }

  Status ChooseCarrier(NginxUpstream& next) const {
    if (!s_.binds) return Status::Ok();
    std::vector<std::string> carriers;
    for (std::size_t i = 0; i < next.servers.size(); ++i)
      if (!next.servers[i].down && !next.servers[i].backup) {
        carriers.push_back(s_.members[i].name);
        next.bind = s_.members[i].source;
      }
    if (carriers.size() > 1)
      return Status::DataErr(Label() + ": upstream " + s_.upstream + " binds one source address per location " +
                             "(proxy_bind), so one path carries the class at a time; got " + carriers[0] + " and " +
                             carriers[1]);
    return Status::Ok();
  }

  // The config's members in order, with what the file in force says of
  // each; the config's defaults when there is no file yet.
  Result<NginxUpstream> Current() {
    NginxUpstream out;
    out.name = s_.upstream;
    for (const Member& m : s_.members) out.servers.push_back({m.address, 1, false, false});
    if (s_.binds) out.bind = s_.members.front().source;
    EVT_ASSIGN_OR_RETURN(const std::optional<std::string> bytes, ReadFileBytes(s_.file));
    if (!bytes) return out;
    EVT_ASSIGN_OR_RETURN(const NginxUpstream parsed, ParseUpstream(*bytes, s_.upstream, s_.file));
    std::vector<bool> taken(s_.members.size(), false);
    for (std::size_t i = 0; i < parsed.servers.size(); ++i)
      if (std::optional<std::size_t> m = MemberAt(parsed.servers[i].address, i, taken))
        out.servers[*m] = parsed.servers[i];
    if (!parsed.bind.empty()) out.bind = parsed.bind;
    return out;
  }

  Result<std::string> Rendered(const NginxUpstream& next) const {
    const std::string block = RenderUpstream(next);
    if (s_.template_file.empty())
      return "# written by evt-failover (doc/design.md §16); changes here are overwritten\n" + block;
    EVT_ASSIGN_OR_RETURN(const std::optional<std::string> text, ReadFileBytes(s_.template_file));
    if (!text) return Status::NoInput(s_.template_file + ": the template is gone");
    return RenderTemplate(*text, {{"upstream", block}});
  }

  template <class Verify>
  Result<BackendState> InstallAndVerify(const NginxUpstream& next, Verify verify) {
    EVT_ASSIGN_OR_RETURN(const std::optional<std::string> old, ReadFileBytes(s_.file));
    EVT_ASSIGN_OR_RETURN(const std::string text, Rendered(next));
    EVT_RETURN_IF_ERROR(ReplaceTested(s_.file, text, s_.commands).Prefixed(Label()));
    Result<BackendState> after = Read(s_.upstream);
    Status verified = after.ok() ? verify(*after) : after.status();
    if (verified.ok()) return after;
    EVT_RETURN_IF_ERROR(ReplaceTested(s_.file, old, s_.commands).Prefixed(Label() + ": restoring after a failed read-back"));
    return verified;
  }

  Status ExpectBytes(const std::string& path, const std::optional<std::string>& want) const {
    EVT_ASSIGN_OR_RETURN(const std::optional<std::string> now, ReadFileBytes(path));
    if (now == want) return Status::Ok();
    return Status::Internal(Name() + ": " + path + " does not read back as written");
  }

  static const MemberState* Find(const BackendState& state, const std::string& member) {
    for (const MemberState& m : state.members)
      if (m.member == member) return &m;
    return nullptr;
  }

  NginxSettings s_;
};

}  // namespace

Result<std::unique_ptr<SteeringDriver>> MakeNginxDriver(const DriverSpec& spec) {
  EVT_ASSIGN_OR_RETURN(NginxSettings settings, ReadSettings(spec));
  return std::unique_ptr<SteeringDriver>(std::make_unique<NginxDriver>(std::move(settings)));
}

}  // namespace evt::failover
