#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "tools/failover/haproxy_stat.h"

using namespace evt::failover;

namespace {

// A reply captured from Debian's haproxy 2.6 (tests/data/failover/haproxy/README.md).
std::string Captured(const std::string& name) {
  std::ifstream in(std::string(EVT_SOURCE_DIR) + "/tests/data/failover/haproxy/" + name);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("haproxy stat: show servers state gives each server's weight, admin and op state") {
  auto rows = ParseServersState(Captured("servers_state_all.txt"));
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 4);
  CHECK((*rows)[0].backend == "reads");
  CHECK((*rows)[0].server == "cache");
  CHECK((*rows)[0].weight == 1);
  CHECK((*rows)[1].server == "origin");
  CHECK((*rows)[1].weight == 50);
  CHECK((*rows)[1].initial_weight == 50);
  CHECK((*rows)[1].op_state == 2);
  CHECK((*rows)[3].backend == "src");
  MemberState m = ToMemberState((*rows)[0]);
  CHECK(m.admin == AdminState::kReady);
  CHECK(m.up);
}

TEST_CASE("haproxy stat: a drained server keeps its weight and reads as drain") {
  auto rows = ParseServersState(Captured("servers_state_drain.txt"));
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].admin_flags == 8);
  CHECK((*rows)[0].weight == 7);
  CHECK((*rows)[0].initial_weight == 1);
  CHECK(ToMemberState((*rows)[0]).admin == AdminState::kDrain);
  CHECK(ToMemberState((*rows)[1]).admin == AdminState::kReady);
}

TEST_CASE("haproxy stat: admin flags, maintenance before drain") {
  CHECK(AdminFromFlags(0) == AdminState::kReady);
  CHECK(AdminFromFlags(0x01) == AdminState::kMaint);
  CHECK(AdminFromFlags(0x20) == AdminState::kMaint);
  CHECK(AdminFromFlags(0x10) == AdminState::kDrain);
  CHECK(AdminFromFlags(0x09) == AdminState::kMaint);
  CHECK_FALSE(ToMemberState(ServerStateRow{"b", "s", 0, 0, 1, 1}).up);
}

TEST_CASE("haproxy stat: a refusal instead of a table is the error, verbatim") {
  auto rows = ParseServersState(Captured("servers_state_no_backend.txt"));
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.status().code() == evt::ExitCode::kDataErr);
  CHECK(rows.status().message() == "`show servers state`: Can't find backend.");
  auto map = ParseShowMap(Captured("show_map_unknown.txt"));
  REQUIRE_FALSE(map.ok());
  CHECK(map.status().message() == "`show map`: Unknown map identifier. Please use #<id> or <file>.");
}

TEST_CASE("haproxy stat: a server line cut short or with a word for a number is refused, naming the line") {
  std::string header = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight\n";
  auto short_line = ParseServersState(header + "3 reads 1 cache 127.0.0.1 2 0\n");
  REQUIRE_FALSE(short_line.ok());
  CHECK(short_line.status().message() == "`show servers state` line 3: 7 fields, expected at least 9");
  auto word = ParseServersState(header + "3 reads 1 cache 127.0.0.1 2 0 heavy 1\n");
  REQUIRE_FALSE(word.ok());
  CHECK(word.status().message() == "`show servers state` line 3: srv_uweight \"heavy\" is not a number");
  auto no_column = ParseServersState("1\n# be_id be_name srv_name\n");
  REQUIRE_FALSE(no_column.ok());
  CHECK(no_column.status().message() == "`show servers state`: no column \"srv_op_state\" in its header");
}

TEST_CASE("haproxy stat: show stat gives stot and status per server and the backend's algorithm") {
  auto rows = ParseShowStat(Captured("show_stat.csv"));
  REQUIRE(rows.ok());
  const StatRow* backend = nullptr;
  const StatRow* cache = nullptr;
  const StatRow* static_backend = nullptr;
  for (const StatRow& r : *rows) {
    if (r.proxy == "reads" && r.server == "BACKEND") backend = &r;
    if (r.proxy == "reads" && r.server == "cache") cache = &r;
    if (r.proxy == "static" && r.server == "BACKEND") static_backend = &r;
  }
  REQUIRE(backend != nullptr);
  REQUIRE(cache != nullptr);
  REQUIRE(static_backend != nullptr);
  CHECK(backend->algorithm == "roundrobin");
  CHECK(static_backend->algorithm == "static-rr");
  CHECK(cache->status == "UP");
  CHECK(cache->weight == 1);
  CHECK(cache->sessions == 0);
  auto filtered = ParseShowStat(Captured("show_stat_backend.csv"));
  REQUIRE(filtered.ok());
  REQUIRE(filtered->size() == 1);
  CHECK((*filtered)[0].sessions == 8);
  CHECK((*filtered)[0].weight == 2);
}

TEST_CASE("haproxy stat: get weight and show map") {
  auto w = ParseGetWeight(Captured("get_weight.txt"));
  REQUIRE(w.ok());
  CHECK(*w == 50);
  CHECK_FALSE(ParseGetWeight("No such server.\n").ok());
  auto map = ParseShowMap(Captured("show_map.txt"));
  REQUIRE(map.ok());
  CHECK(*map == std::map<std::string, std::string>{{"reads", "deny"}, {"stream", "30"}});
  auto empty = ParseShowMap("\n");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}
