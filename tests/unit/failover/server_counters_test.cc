#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "tools/failover/server_counters.h"

using namespace evt;
using namespace evt::failover;

namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(EVT_SOURCE_DIR) + "/tests/data/failover/haproxy/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A HAProxy that answers every command with the reply it is given.
class CannedRuntime final : public HaproxyRuntime {
 public:
  explicit CannedRuntime(std::string* reply, std::vector<std::string>* commands) : reply_(reply), commands_(commands) {}
  std::string Name() const override { return "haproxy:/canned.sock"; }
  Result<std::string> Send(std::string_view command) override {
    commands_->emplace_back(command);
    return *reply_;
  }

 private:
  std::string* reply_;
  std::vector<std::string>* commands_;
};

const std::string kHeader = "# pxname,svname,stot,status,hrsp_2xx,hrsp_5xx,req_tot,\n";

class NamedDriver final : public SteeringDriver {
 public:
  explicit NamedDriver(std::string name) : name_(std::move(name)) {}
  std::string Name() const override { return name_; }
  Result<BackendState> Read(const std::string&) override { return BackendState{}; }
  Result<BackendState> ApplyWeights(const std::string&, const std::vector<MemberWeight>&) override {
    return BackendState{};
  }
  Result<BackendState> SetAdmin(const std::string&, const std::string&, AdminState) override { return BackendState{}; }
  Result<std::string> EnterReduced(const std::vector<ClassLimit>&) override { return std::string(); }
  Status LeaveReduced(const std::string&) override { return Status::Ok(); }

 private:
  std::string name_;
};

class CountingDriver final : public SteeringDriver, public ServerCounters {
 public:
  std::string Name() const override { return "counting"; }
  Result<BackendState> Read(const std::string&) override { return BackendState{}; }
  Result<BackendState> ApplyWeights(const std::string&, const std::vector<MemberWeight>&) override {
    return BackendState{};
  }
  Result<BackendState> SetAdmin(const std::string&, const std::string&, AdminState) override { return BackendState{}; }
  Result<std::string> EnterReduced(const std::vector<ClassLimit>&) override { return std::string(); }
  Status LeaveReduced(const std::string&) override { return Status::Ok(); }
  Result<BackendCounts> ReadServerCounters(const std::string&) override { return BackendCounts{{"a", {7, 1}}}; }
};

}  // namespace

TEST_CASE("server counters: HAProxy 2.6's show stat gives each server's req_tot and hrsp_5xx, not the aggregates") {
  Result<BackendCounts> counts = ParseServerCounts(Fixture("show_stat.csv"), "reads");
  REQUIRE(counts.ok());
  REQUIRE(counts->size() == 2);
  CHECK(counts->count("cache") == 1);
  CHECK(counts->count("origin") == 1);
  CHECK(counts->at("cache").requests == 0);

  Result<BackendCounts> busy = ParseServerCounts(kHeader + "fe,FRONTEND,9,OPEN,9,9,900,\n"
                                                           "reads,cache,3,UP,120,4,124,\n"
                                                           "reads,origin,2,UP,50,0,50,\n"
                                                           "other,cache,1,UP,1,1,1,\n"
                                                           "reads,BACKEND,5,UP,170,4,174,\n",
                                                 "reads");
  REQUIRE(busy.ok());
  REQUIRE(busy->size() == 2);
  CHECK(busy->at("cache").requests == 124);
  CHECK(busy->at("cache").server_errors == 4);
  CHECK(busy->at("origin").requests == 50);
  CHECK(busy->at("origin").server_errors == 0);
}

TEST_CASE("server counters: a reply without the columns, a refusal or a bad count is bad data naming it") {
  Result<BackendCounts> no_column = ParseServerCounts("# pxname,svname,stot,\nreads,cache,3,\n", "reads");
  REQUIRE_FALSE(no_column.ok());
  CHECK(no_column.status().code() == ExitCode::kDataErr);
  CHECK_THAT(no_column.status().message(), Catch::Contains("no column \"req_tot\""));

  Result<BackendCounts> refused = ParseServerCounts("Unknown command.\n", "reads");
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("Unknown command."));

  Result<BackendCounts> bad = ParseServerCounts(kHeader + "reads,cache,3,UP,1,x,4,\n", "reads");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("line 2") && Catch::Contains("\"x\""));

  Result<BackendCounts> short_line = ParseServerCounts(kHeader + "reads,cache\n", "reads");
  REQUIRE_FALSE(short_line.ok());
  CHECK_THAT(short_line.status().message(), Catch::Contains("fields"));
}

TEST_CASE("server counters: read on the admin socket with one show stat of the backend's servers") {
  std::string reply = kHeader + "reads,cache,3,UP,120,4,124,\n";
  std::vector<std::string> commands;
  auto counters = MakeHaproxyServerCounters(std::make_unique<CannedRuntime>(&reply, &commands));
  Result<BackendCounts> counts = counters->ReadServerCounters("reads");
  REQUIRE(counts.ok());
  CHECK(counts->at("cache").requests == 124);
  CHECK(commands == std::vector<std::string>{"show stat reads 4 -1"});

  reply = "No such proxy.\n";
  Result<BackendCounts> missing = counters->ReadServerCounters("nope");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Catch::StartsWith("haproxy:/canned.sock") && Catch::Contains("No such proxy."));
}

TEST_CASE("server counters: a window is the difference of two reads, and a reset counter counts from the reset") {
  const BackendCounts start{{"cache", {100, 5}}, {"origin", {40, 0}}};
  const BackendCounts end{{"cache", {160, 8}}, {"origin", {12, 1}}, {"new", {3, 0}}};
  const BackendCounts window = CountsBetween(start, end);
  CHECK(window.at("cache").requests == 60);
  CHECK(window.at("cache").server_errors == 3);
  CHECK(window.at("origin").requests == 12);  // HAProxy reloaded: what it counted since
  CHECK(window.at("origin").server_errors == 1);
  CHECK(window.at("new").requests == 3);
}

TEST_CASE("server counters: HAProxy's driver gets counters on its socket, nginx has none, a driver may bring its own") {
  NamedDriver haproxy("haproxy:/run/evt/haproxy.sock");
  auto counters = ServerCountersFor(haproxy);
  REQUIRE(counters != nullptr);
  CHECK(counters->Name() == "haproxy:/run/evt/haproxy.sock");
  Result<BackendCounts> absent = counters->ReadServerCounters("reads");
  REQUIRE_FALSE(absent.ok());  // no such socket here
  CHECK(absent.status().code() == ExitCode::kUnavailable);

  NamedDriver nginx("nginx:/etc/nginx/evt-upstream.conf");
  CHECK(ServerCountersFor(nginx) == nullptr);

  CountingDriver own;
  auto borrowed = ServerCountersFor(own);
  REQUIRE(borrowed != nullptr);
  CHECK(borrowed->ReadServerCounters("x")->at("a").requests == 7);
}
