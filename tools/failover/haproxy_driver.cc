#include "tools/failover/haproxy_driver.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "tools/failover/haproxy_limits.h"
#include "tools/failover/haproxy_stat.h"
#include "tools/failover/template_render.h"

namespace evt::failover {
namespace {

const char* AdminWord(AdminState s) {
  switch (s) {
    case AdminState::kDrain:
      return "drain";
    case AdminState::kMaint:
      return "maint";
    case AdminState::kReady:
      break;
  }
  return "ready";
}

const MemberState* FindMember(const BackendState& state, const std::string& member) {
  for (const MemberState& m : state.members)
    if (m.member == member) return &m;
  return nullptr;
}

std::optional<std::string> ReadFileIfAny(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "{reads: deny, stream: 30}".
std::string Describe(const MapEntries& entries) {
  std::string out = "{";
  for (const auto& [key, value] : entries) out += (out.size() > 1 ? ", " : "") + key + ": " + value;
  return out + "}";
}

// "the failure; putting back what was applied also failed: why".
Status WithRestore(const Status& failure, const Status& restore) {
  if (restore.ok()) return failure;
  return Status::WithCode(failure.code(), failure.message() + "; putting back what was applied also failed: " +
                                              restore.message() + " (read `show servers state` before retrying)");
}

class HaproxyDriver final : public SteeringDriver {
 public:
  HaproxyDriver(HaproxySettings settings, std::unique_ptr<HaproxyRuntime> runtime)
      : s_(std::move(settings)), runtime_(std::move(runtime)) {}

  std::string Name() const override { return runtime_->Name(); }

  Result<BackendState> Read(const std::string& backend) override {
    BackendState state;
    state.backend = backend;
    EVT_ASSIGN_OR_RETURN(std::vector<ServerStateRow> rows, ReadServers("show servers state " + backend));
    for (const ServerStateRow& row : rows)
      if (row.backend == backend) state.members.push_back(ToMemberState(row));
    // "2 -1": the backend row alone, which carries the balance algorithm.
    EVT_ASSIGN_OR_RETURN(std::string stat, runtime_->Send("show stat " + backend + " 2 -1"));
    Result<std::vector<StatRow>> stats = ParseShowStat(stat);
    if (!stats.ok()) return stats.status().Prefixed(Name());
    for (const StatRow& row : *stats)
      if (row.proxy == backend && row.server == "BACKEND") state.algorithm = row.algorithm;
    return state;
  }

  Result<BackendState> ApplyWeights(const std::string& backend, const std::vector<MemberWeight>& weights) override {
    EVT_ASSIGN_OR_RETURN(BackendState before, Read(backend));
    std::vector<MemberWeight> applied;
    Status failed;
    for (const MemberWeight& w : weights) {
      const MemberState* was = FindMember(before, w.member);
      if (was != nullptr && was->weight == w.weight) continue;
      failed = SendExpectingEmpty(*runtime_, "set server " + backend + "/" + w.member + " weight " +
                                                 std::to_string(w.weight));
      if (!failed.ok()) break;
      applied.push_back(w);
    }
    if (failed.ok()) failed = ConfirmWeights(backend, weights);
    if (failed.ok() && !applied.empty()) failed = Persist();
    if (!failed.ok()) return WithRestore(failed, PutWeightsBack(before, applied));
    return Read(backend);
  }

  Result<BackendState> SetAdmin(const std::string& backend, const std::string& member, AdminState state) override {
    EVT_ASSIGN_OR_RETURN(BackendState before, Read(backend));
    const MemberState* was = FindMember(before, member);
    const std::string command = "set server " + backend + "/" + member + " state ";
    Status failed = SendExpectingEmpty(*runtime_, command + AdminWord(state));
    if (failed.ok()) failed = ConfirmAdmin(backend, member, state);
    if (failed.ok()) failed = Persist();
    if (!failed.ok() && was != nullptr && was->admin != state) {
      Status restore = SendExpectingEmpty(*runtime_, command + AdminWord(was->admin));
      if (restore.ok()) restore = ConfirmAdmin(backend, member, was->admin);
      if (restore.ok()) restore = Persist();
      return WithRestore(failed, restore);
    }
    if (!failed.ok()) return failed;
    return Read(backend);
  }

  Result<std::string> EnterReduced(const std::vector<ClassLimit>& limits) override {
    EVT_ASSIGN_OR_RETURN(std::string map, MapPath());
    EVT_ASSIGN_OR_RETURN(MapEntries before, ReadLimitsMap(*runtime_, map));
    MapEntries wanted = before;
    for (const ClassLimit& limit : limits) wanted[limit.route] = LimitEntry(limit);
    EVT_ASSIGN_OR_RETURN(std::string token, EncodeRestoreToken(map, {before, ReadFileIfAny(map)}));
    EVT_RETURN_IF_ERROR(MoveMap(map, before, wanted, MapFileText(wanted)));
    return token;
  }

  Status LeaveReduced(const std::string& restore_token) override {
    EVT_ASSIGN_OR_RETURN(std::string map, MapPath());
    EVT_ASSIGN_OR_RETURN(MapRestorePoint held, DecodeRestoreToken(restore_token, map));
    EVT_ASSIGN_OR_RETURN(MapEntries now, ReadLimitsMap(*runtime_, map));
    return MoveMap(map, now, held.entries, held.file ? *held.file : MapFileText(held.entries));
  }

 private:
  Result<std::vector<ServerStateRow>> ReadServers(const std::string& command) {
    EVT_ASSIGN_OR_RETURN(std::string reply, runtime_->Send(command));
    Result<std::vector<ServerStateRow>> rows = ParseServersState(reply);
    if (!rows.ok()) return rows.status().Prefixed(Name());
    return rows;
  }

  // The read-back: what HAProxy holds now, compared with what was asked.
  Status ConfirmWeights(const std::string& backend, const std::vector<MemberWeight>& weights) {
    EVT_ASSIGN_OR_RETURN(BackendState now, Read(backend));
    for (const MemberWeight& w : weights) {
      const MemberState* m = FindMember(now, w.member);
      if (m == nullptr) return Status::DataErr(Name() + ": read back: no server " + backend + "/" + w.member);
      if (m->weight != w.weight)
        return Status::DataErr(Name() + ": read back: " + backend + "/" + w.member + " has weight " +
                               std::to_string(m->weight) + ", not " + std::to_string(w.weight));
    }
    return Status::Ok();
  }

  Status ConfirmAdmin(const std::string& backend, const std::string& member, AdminState state) {
    EVT_ASSIGN_OR_RETURN(BackendState now, Read(backend));
    const MemberState* m = FindMember(now, member);
    if (m == nullptr) return Status::DataErr(Name() + ": read back: no server " + backend + "/" + member);
    if (m->admin != state)
      return Status::DataErr(Name() + ": read back: " + backend + "/" + member + " is " + AdminWord(m->admin) +
                             ", not " + AdminWord(state));
    return Status::Ok();
  }

  Status PutWeightsBack(const BackendState& before, const std::vector<MemberWeight>& applied) {
    Status first;
    for (const MemberWeight& w : applied) {
      const MemberState* was = FindMember(before, w.member);
      if (was == nullptr) continue;
      Status s = SendExpectingEmpty(*runtime_, "set server " + before.backend + "/" + w.member + " weight " +
                                                   std::to_string(was->weight));
      if (first.ok() && !s.ok()) first = s;
    }
    if (first.ok() && !applied.empty()) {
      std::vector<MemberWeight> old;
      for (const MemberState& m : before.members) old.push_back({m.member, m.weight});
      first = ConfirmWeights(before.backend, old);
    }
    // The state file and config may already hold the new weights.
    if (first.ok() && !applied.empty()) first = Persist();
    return first;
  }

  // A reload reads the config and the state file, not the running
  // process: both are rewritten from what HAProxy holds now.
  Status Persist() {
    if (!s_.state_file && !s_.config_template) return Status::Ok();
    EVT_ASSIGN_OR_RETURN(std::string dump, runtime_->Send("show servers state"));
    Result<std::vector<ServerStateRow>> rows = ParseServersState(dump);
    if (!rows.ok()) return rows.status().Prefixed(Name());
    if (s_.state_file) {
      Status written = WriteAtomically(*s_.state_file, dump);
      if (!written.ok()) return Status::IoErr("state_file " + *s_.state_file + ": " + written.message());
    }
    if (s_.config_template) return RenderConfig(*rows);
    return Status::Ok();
  }

  Status RenderConfig(const std::vector<ServerStateRow>& rows) {
    std::ifstream in(*s_.config_template);
    if (!in) return Status::IoErr("template " + *s_.config_template + ": cannot read");
    std::stringstream text;
    text << in.rdbuf();
    std::map<std::string, std::string> vars;
    for (const ServerStateRow& row : rows) vars[row.backend + "/" + row.server + ".weight"] = std::to_string(row.weight);
    Result<std::string> config = RenderTemplate(text.str(), vars);
    if (!config.ok()) return config.status().Prefixed("template " + *s_.config_template);
    Status written = WriteAtomically(*s_.write, *config);
    if (!written.ok()) return Status::IoErr("write " + *s_.write + ": " + written.message());
    return Status::Ok();
  }

  Result<std::string> MapPath() const {
    if (!s_.map)
      return Status::Config(Name() + ": reduced mode needs the driver's \"map\": the file the config's ACLs read");
    return *s_.map;
  }

  // Changes the map, reads it back, writes its file (what a reload
  // loads); on any failure puts back `from` and reads that back.
  Status MoveMap(const std::string& map, const MapEntries& from, const MapEntries& to, const std::string& file_text) {
    Status failed = ChangeLimitsMap(*runtime_, map, from, to);
    if (failed.ok()) failed = ConfirmMap(map, to);
    if (failed.ok()) {
      failed = WriteAtomically(map, file_text);
      if (!failed.ok()) failed = Status::IoErr("map " + map + ": " + failed.message());
    }
    if (failed.ok()) return failed;
    Result<MapEntries> now = ReadLimitsMap(*runtime_, map);
    Status restore = now.ok() ? ChangeLimitsMap(*runtime_, map, *now, from) : now.status();
    if (restore.ok()) restore = ConfirmMap(map, from);
    return WithRestore(failed, restore);
  }

  Status ConfirmMap(const std::string& map, const MapEntries& wanted) {
    EVT_ASSIGN_OR_RETURN(MapEntries now, ReadLimitsMap(*runtime_, map));
    if (now == wanted) return Status::Ok();
    return Status::DataErr(Name() + ": read back: the map " + map + " holds " + Describe(now) + ", not " +
                           Describe(wanted));
  }

  HaproxySettings s_;
  std::unique_ptr<HaproxyRuntime> runtime_;
};

}  // namespace

std::unique_ptr<SteeringDriver> MakeHaproxyDriverOn(HaproxySettings settings, std::unique_ptr<HaproxyRuntime> runtime) {
  return std::make_unique<HaproxyDriver>(std::move(settings), std::move(runtime));
}

Result<std::unique_ptr<SteeringDriver>> MakeHaproxyDriver(const DriverSpec& spec) {
  EVT_ASSIGN_OR_RETURN(HaproxySettings settings, ReadHaproxySettings(spec));
  auto runtime = std::make_unique<HaproxySocket>(settings.socket, settings.timeout);
  return MakeHaproxyDriverOn(std::move(settings), std::move(runtime));
}

}  // namespace evt::failover
