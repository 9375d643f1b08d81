#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "common/config.h"
#include "tools/failover/class_paths.h"
#include "tools/failover/failover_config.h"

using namespace evt::failover;

namespace {

PathSpec Path(std::string name, std::string source) {
  PathSpec p;
  p.name = std::move(name);
  p.source = std::move(source);
  return p;
}

const std::vector<PathSpec> kPaths = {Path("slice-a", "10.0.1.2"), Path("slice-b", "10.0.3.2"),
                                      Path("uplink", "10.0.2.2"), Path("local", "")};

ClassPaths Bound(const std::string& route, std::vector<std::string> prefer) {
  auto c = BindClassPaths(route, prefer, kPaths, "event.json: /failover/routes/1/prefer");
  REQUIRE(c.ok());
  return *c;
}

}  // namespace

TEST_CASE("class paths: a class binds each path of its prefer list to the path's source") {
  ClassPaths c = Bound("checkout", {"slice-a", "uplink"});
  REQUIRE(c.prefer.size() == 2);
  CHECK(c.prefer[0].source == "10.0.1.2");
  CHECK(c.prefer[1].source == "10.0.2.2");
  CHECK(NginxBindSettings(c) == evt::Value::object({{"slice-a", "10.0.1.2"}, {"uplink", "10.0.2.2"}}));
  CHECK(HaproxyClassBackend(c, "10.9.0.1:443", std::string("uplink")) ==
        "backend checkout\n"
        "  server slice-a 10.9.0.1:443 source 10.0.1.2 weight 0\n"
        "  server uplink 10.9.0.1:443 source 10.0.2.2 weight 1\n");
}

TEST_CASE("class paths: unknown paths, paths without a source and repeats are config errors") {
  auto unknown = BindClassPaths("checkout", {"slice-c"}, kPaths, "event.json: /failover/routes/1/prefer");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == evt::ExitCode::kConfig);
  CHECK(unknown.status().message() ==
        "event.json: /failover/routes/1/prefer: path \"slice-c\": no such path in /failover/paths");
  auto sourceless = BindClassPaths("checkout", {"local"}, kPaths, "w");
  REQUIRE_FALSE(sourceless.ok());
  CHECK(sourceless.status().message() == "w: path \"local\" has no \"source\" address, so no class can be bound to it");
  auto twice = BindClassPaths("checkout", {"uplink", "uplink"}, kPaths, "w");
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.status().message() == "w: path \"uplink\" listed twice");
  CHECK_FALSE(BindClassPaths("checkout", {}, kPaths, "w").ok());
}

TEST_CASE("class paths: the first path up carries the class, weight 1 and the rest 0") {
  ClassPaths c = Bound("checkout", {"slice-a", "uplink"});
  std::set<std::string> up = {"uplink"};
  auto is_up = [&](const std::string& p) { return up.count(p) > 0; };
  CHECK(Carrier(c, is_up) == std::optional<std::string>("uplink"));
  auto w = CarrierWeights(c, Carrier(c, is_up));
  REQUIRE(w.size() == 2);
  CHECK((w[0].member == "slice-a" && w[0].weight == 0));
  CHECK((w[1].member == "uplink" && w[1].weight == 1));
  up.clear();
  CHECK_FALSE(Carrier(c, is_up));
  for (const MemberWeight& m : CarrierWeights(c, std::nullopt)) CHECK(m.weight == 0);
}

TEST_CASE("class paths: a path's failure moves only the classes it carries, and they come back") {
  ClassSteering steering({Bound("checkout", {"slice-a", "uplink"}), Bound("stream", {"slice-b", "uplink"})});
  std::set<std::string> up = {"slice-a", "slice-b", "uplink"};
  auto is_up = [&](const std::string& p) { return up.count(p) > 0; };
  auto first = steering.Update(is_up);
  REQUIRE(first.size() == 2);
  CHECK(first[0].to == std::optional<std::string>("slice-a"));
  CHECK_FALSE(first[0].from);
  CHECK(first[1].to == std::optional<std::string>("slice-b"));
  CHECK(steering.Update(is_up).empty());
  up.erase("slice-a");
  auto moved = steering.Update(is_up);
  REQUIRE(moved.size() == 1);
  CHECK(moved[0].route == "checkout");
  CHECK(moved[0].from == std::optional<std::string>("slice-a"));
  CHECK(moved[0].to == std::optional<std::string>("uplink"));
  up.erase("uplink");  // stream's second choice: stream stays on slice-b
  auto none = steering.Update(is_up);
  REQUIRE(none.size() == 1);
  CHECK(none[0].route == "checkout");
  CHECK_FALSE(none[0].to);
  up = {"slice-a", "slice-b", "uplink"};
  auto back = steering.Update(is_up);
  REQUIRE(back.size() == 1);
  CHECK(back[0].to == std::optional<std::string>("slice-a"));
}

namespace {

evt::Result<evt::failover::FailoverConfig> ReadPaths(const std::string& source) {
  char pattern[] = "/tmp/evt-class-paths-XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  const std::string file = dir + "/event.json";
  std::ofstream(file) << R"({"site": {"name": "t"}, "probe": {"targets": {"a": {"check": "tcp", "address": "127.0.0.1:1"}}},)"
                      << R"("failover": {"paths": [{"name": "slice-a", "targets": ["a"], "source": )" << source
                      << R"(}, {"name": "local", "always_up": true}]}})";
  auto config = evt::LoadConfig(file);
  std::filesystem::remove_all(dir);
  if (!config.ok()) return config.status();
  return ReadFailoverConfig(*config);
}

}  // namespace

TEST_CASE("class paths: a path's source address is read from the config, and checked") {
  auto good = ReadPaths("\"10.0.1.2\"");
  REQUIRE(good.ok());
  CHECK(good->spec.paths[0].source == "10.0.1.2");
  CHECK(good->spec.paths[1].source.empty());
  CHECK(ReadPaths("\"fd00::2\"").ok());
  auto bad = ReadPaths("\"10.0.1\"");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == evt::ExitCode::kConfig);
  CHECK(bad.status().message().find("/failover/paths/0/source: expected an IPv4 or IPv6 address such as \"10.0.1.2\", got \"10.0.1\"") !=
        std::string::npos);
  CHECK_FALSE(ReadPaths("7").ok());
}
