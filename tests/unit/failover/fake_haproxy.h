// A HAProxy runtime API in memory for the driver's tests: backends with
// servers, one map, the replies and refusals HAProxy 2.6 gives (texts as
// captured in tests/data/failover/haproxy/), and faults to inject: a
// command that fails at the socket, a weight HAProxy accepts but does not
// keep.
#pragma once

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tools/failover/haproxy_socket.h"

namespace evt::failover::testing {

struct FakeServer {
  std::string name;
  int weight = 1;
  int admin_flags = 0;
  int op_state = 2;
};

struct FakeBackend {
  std::string algorithm = "roundrobin";
  std::vector<FakeServer> servers;
};

struct FakeHaproxyState {
  std::map<std::string, FakeBackend> backends;
  std::map<std::string, std::map<std::string, std::string>> maps;
  std::vector<std::string> commands;  // every command received, in order
  int fail_command_number = -1;       // the Nth command (0-based) fails at the socket
  std::string ignore_weight_of;       // "reads/cache": its weight changes are acknowledged, not kept
};

class FakeHaproxy final : public HaproxyRuntime {
 public:
  explicit FakeHaproxy(FakeHaproxyState* state) : s_(state) {}
  std::string Name() const override { return "haproxy:/fake.sock"; }

  Result<std::string> Send(std::string_view command) override {
    const int number = static_cast<int>(s_->commands.size());
    s_->commands.emplace_back(command);
    if (number == s_->fail_command_number) return Status::Unavailable(Name() + ": cannot connect: Connection refused");
    std::istringstream in{std::string(command)};
    std::vector<std::string> w;
    for (std::string word; in >> word;) w.push_back(word);
    if (w.size() >= 3 && w[0] == "show" && w[1] == "servers" && w[2] == "state") return ServersState(w);
    if (w.size() == 5 && w[0] == "show" && w[1] == "stat") return Stat(w[2]);
    if (w.size() == 5 && w[0] == "set" && w[1] == "server") return SetServer(w[2], w[3], w[4]);
    if (w.size() == 3 && w[0] == "show" && w[1] == "map") return ShowMap(w[2]);
    if (w.size() >= 4 && w[1] == "map") return ChangeMap(w);
    return std::string("Unknown command.\n");
  }

 private:
  std::string ServerLine(const std::string& backend, const FakeServer& s) {
    return "3 " + backend + " 1 " + s.name + " 127.0.0.1 " + std::to_string(s.op_state) + " " +
           std::to_string(s.admin_flags) + " " + std::to_string(s.weight) + " 1 0 6 3 4 6 0 0 0 - 80 - 0 0 - - 0\n";
  }

  std::string ServersState(const std::vector<std::string>& w) {
    std::string out =
        "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight "
        "srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state "
        "srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port "
        "srv_check_addr srv_agent_addr srv_agent_port\n";
    for (const auto& [name, b] : s_->backends) {
      if (w.size() == 4 && w[3] != name) continue;
      for (const FakeServer& s : b.servers) out += ServerLine(name, s);
    }
    if (w.size() == 4 && !s_->backends.contains(w[3])) return std::string("Can't find backend.\n");
    return out;
  }

  std::string Stat(const std::string& backend) {
    auto b = s_->backends.find(backend);
    if (b == s_->backends.end()) return "No such proxy.\n";
    return "# pxname,svname,stot,status,weight,algo,\n" + backend + ",BACKEND,0,UP,1," + b->second.algorithm + ",\n";
  }

  std::string SetServer(const std::string& where, const std::string& what, const std::string& value) {
    const std::size_t slash = where.find('/');
    auto b = s_->backends.find(where.substr(0, slash));
    if (b == s_->backends.end()) return "No such backend.\n";
    FakeServer* server = nullptr;
    for (FakeServer& s : b->second.servers)
      if (s.name == where.substr(slash + 1)) server = &s;
    if (server == nullptr) return "No such server.\n";
    if (what == "weight") {
      const int weight = std::stoi(value);
      if (weight < 0 || weight > 256) return "Absolute weight can only be between 0 and 256 inclusive.\n";
      if (b->second.algorithm == "static-rr" || b->second.algorithm == "source")
        return "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n";
      if (where != s_->ignore_weight_of) server->weight = weight;
      return "";
    }
    if (what == "state") {
      server->admin_flags = value == "maint" ? 0x01 : value == "drain" ? 0x08 : 0;
      return "";
    }
    return "Require 'weight', 'state', ...\n";
  }

  std::string ShowMap(const std::string& map) {
    auto m = s_->maps.find(map);
    if (m == s_->maps.end()) return "Unknown map identifier. Please use #<id> or <file>.\n";
    std::string out;
    for (const auto& [k, v] : m->second) out += "0x55ffc9644010 " + k + " " + v + "\n";
    return out;
  }

  std::string ChangeMap(const std::vector<std::string>& w) {
    auto m = s_->maps.find(w[2]);
    if (m == s_->maps.end()) return "Unknown map identifier. Please use #<id> or <file>.\n";
    if (w[0] == "del") {
      if (m->second.erase(w[3]) == 0) return "Key not found.\n";
      return "";
    }
    if (w.size() != 5) return "'set map' expects three parameters: map identifier, key and value.\n";
    if (w[0] == "set" && !m->second.contains(w[3])) return "entry not found.\n";
    m->second[w[3]] = w[4];
    return "";
  }

  FakeHaproxyState* s_;
};

}  // namespace evt::failover::testing
