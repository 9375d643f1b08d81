#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "common/value.h"
#include "tools/failover/nginx_driver.h"

namespace {

using evt::Value;
using evt::failover::AdminState;
using evt::failover::BackendState;
using evt::failover::DriverSpec;
using evt::failover::MakeNginxDriver;
using evt::failover::SteeringDriver;

struct Folder {
  Folder() {
    char name[] = "/tmp/evt-nginx-driver-test.XXXXXX";
    path = ::mkdtemp(name);
  }
  ~Folder() { std::filesystem::remove_all(path); }
  std::string operator/(const std::string& f) const { return path + "/" + f; }
  std::string path;
};

std::string Slurp(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void Spit(const std::string& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

// A stand-in for `nginx -t`: refuses any file holding "weight=13", in
// nginx's words, and counts its runs; the reload appends to a log.
struct Site {
  Folder dir;
  Value settings = Value::object({{"type", "nginx"}, {"upstream", "reads"}, {"file", "reads.conf"},
                                  {"servers", Value::object({{"cache", "127.0.0.1:8081"}, {"origin", "127.0.0.1:8082"}})},
                                  {"limits", "limits.conf"}});
  Site() {
    Spit(dir / "test.sh",
         "#!/bin/sh\necho run >>\"$(dirname \"$0\")/tests.log\"\n"
         "if grep -q 'weight=13' \"$(dirname \"$0\")/reads.conf\" || grep -q 'rate=13r' \"$(dirname \"$0\")/limits.conf\"; then\n"
         "  echo 'nginx: [emerg] invalid weight \"13\" in reads.conf:3' >&2; exit 1; fi\n");
    Spit(dir / "reload.sh", "#!/bin/sh\necho reload >>\"$(dirname \"$0\")/reloads.log\"\n");
    std::filesystem::permissions(dir / "test.sh", std::filesystem::perms::owner_all);
    std::filesystem::permissions(dir / "reload.sh", std::filesystem::perms::owner_all);
    settings.set("test", Value::array({"./test.sh"}));
    settings.set("reload", Value::array({"./reload.sh"}));
  }
  DriverSpec Spec() const { return {"nginx", settings, "event.json: /failover/routes/0/driver", dir.path}; }
  std::unique_ptr<SteeringDriver> Make() const {
    auto d = MakeNginxDriver(Spec());
    REQUIRE(d.ok());
    return std::move(*d);
  }
};

int WeightOf(const BackendState& s, const std::string& member) {
  for (const auto& m : s.members)
    if (m.member == member) return m.weight;
  return -1;
}

}  // namespace

TEST_CASE("nginx driver: weights are written, tested, reloaded and read back") {
  Site site;
  auto driver = site.Make();
  CHECK(driver->Name() == "nginx:" + site.dir / "limits.conf");
  auto after = driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}});
  REQUIRE(after.ok());
  CHECK(WeightOf(*after, "cache") == 7);
  CHECK(WeightOf(*after, "origin") == 3);
  CHECK(after->algorithm == "roundrobin");
  CHECK(Slurp(site.dir / "reads.conf").find("server 127.0.0.1:8081 weight=7;\n    server 127.0.0.1:8082 weight=3;") !=
        std::string::npos);
  CHECK(Slurp(site.dir / "reloads.log") == "reload\n");
  auto read = driver->Read("reads");
  REQUIRE(read.ok());
  CHECK(WeightOf(*read, "cache") == 7);
}

TEST_CASE("nginx driver: weight 0 is down and keeps the weight for the way back") {
  Site site;
  auto driver = site.Make();
  REQUIRE(driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}}).ok());
  auto out = driver->ApplyWeights("reads", {{"cache", 0}, {"origin", 1}});
  REQUIRE(out.ok());
  CHECK(WeightOf(*out, "cache") == 0);
  CHECK(out->members[0].admin == AdminState::kMaint);
  CHECK_FALSE(out->members[0].up);
  CHECK(Slurp(site.dir / "reads.conf").find("127.0.0.1:8081 weight=7 down;") != std::string::npos);
  auto back = driver->ApplyWeights("reads", {{"cache", 1}});
  REQUIRE(back.ok());
  CHECK(WeightOf(*back, "cache") == 1);
  CHECK(WeightOf(*back, "origin") == 1);
}

TEST_CASE("nginx driver: a refused test puts the old file back byte for byte, with nginx's words") {
  Site site;
  auto driver = site.Make();
  REQUIRE(driver->ApplyWeights("reads", {{"cache", 7}, {"origin", 3}}).ok());
  const std::string before = Slurp(site.dir / "reads.conf");
  auto refused = driver->ApplyWeights("reads", {{"cache", 13}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == evt::ExitCode::kDataErr);
  CHECK(refused.status().message().find("nginx: [emerg] invalid weight \"13\" in reads.conf:3") != std::string::npos);
  CHECK(refused.status().message().find("the old file is back") != std::string::npos);
  CHECK(Slurp(site.dir / "reads.conf") == before);
  CHECK(Slurp(site.dir / "reloads.log") == "reload\n");
}

TEST_CASE("nginx driver: a refused first write leaves no file") {
  Site site;
  auto driver = site.Make();
  REQUIRE_FALSE(driver->ApplyWeights("reads", {{"cache", 13}}).ok());
  CHECK_FALSE(std::filesystem::exists(site.dir / "reads.conf"));
  auto read = driver->Read("reads");
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == evt::ExitCode::kNoInput);
}

TEST_CASE("nginx driver: unknown server or upstream, bad weight: nothing is written") {
  Site site;
  auto driver = site.Make();
  auto server = driver->ApplyWeights("reads", {{"cache", 1}, {"edge", 1}});
  REQUIRE_FALSE(server.ok());
  CHECK(server.status().code() == evt::ExitCode::kDataErr);
  CHECK(server.status().message().find("no server \"edge\" in upstream reads (known: cache, origin)") != std::string::npos);
  auto upstream = driver->ApplyWeights("writes", {{"cache", 1}});
  REQUIRE_FALSE(upstream.ok());
  CHECK(upstream.status().message().find("no upstream \"writes\" here") != std::string::npos);
  auto weight = driver->ApplyWeights("reads", {{"cache", 1001}});
  REQUIRE_FALSE(weight.ok());
  CHECK(weight.status().message().find("weight 1001 is outside 0 to 1000") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(site.dir / "reads.conf"));
  CHECK_FALSE(std::filesystem::exists(site.dir / "tests.log"));
}

TEST_CASE("nginx driver: a failed reload is unavailable and the old file is back") {
  Site site;
  auto driver = site.Make();
  REQUIRE(driver->ApplyWeights("reads", {{"cache", 2}}).ok());
  const std::string before = Slurp(site.dir / "reads.conf");
  Spit(site.dir / "reload.sh", "#!/bin/sh\necho 'nginx: [error] open() \"/run/nginx.pid\" failed' >&2\nexit 1\n");
  auto out = driver->ApplyWeights("reads", {{"cache", 5}});
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == evt::ExitCode::kUnavailable);
  CHECK(out.status().message().find("/run/nginx.pid") != std::string::npos);
  CHECK(Slurp(site.dir / "reads.conf") == before);
}

TEST_CASE("nginx driver: drain is backup, maint is down, ready clears both") {
  Site site;
  auto driver = site.Make();
  auto drained = driver->SetAdmin("reads", "origin", AdminState::kDrain);
  REQUIRE(drained.ok());
  CHECK(drained->members[1].admin == AdminState::kDrain);
  CHECK(Slurp(site.dir / "reads.conf").find("127.0.0.1:8082 weight=1 backup;") != std::string::npos);
  auto maint = driver->SetAdmin("reads", "origin", AdminState::kMaint);
  REQUIRE(maint.ok());
  CHECK(maint->members[1].admin == AdminState::kMaint);
  auto ready = driver->SetAdmin("reads", "origin", AdminState::kReady);
  REQUIRE(ready.ok());
  CHECK(ready->members[1].admin == AdminState::kReady);
  CHECK(WeightOf(*ready, "origin") == 1);
}

TEST_CASE("nginx driver: reduced mode renders limits and leaving restores the bytes exactly") {
  Site site;
  const std::string normal = "# the site's own\nmap $evt_class $evt_deny { default 0; }\n\n";
  Spit(site.dir / "limits.conf", normal);
  auto driver = site.Make();
  auto token = driver->EnterReduced({{"reads", false, 20, 10}, {"stream", true, 0, 0}});
  REQUIRE(token.ok());
  CHECK(Slurp(site.dir / "limits.conf").find("rate=20r/s") != std::string::npos);
  CHECK(Slurp(site.dir / "limits.conf").find("\"stream\" 1;") != std::string::npos);
  // The token outlives the driver (the daemon may restart in between).
  auto later = site.Make();
  REQUIRE(later->LeaveReduced(*token).ok());
  CHECK(Slurp(site.dir / "limits.conf") == normal);
  CHECK(Slurp(site.dir / "reloads.log") == "reload\nreload\n");
}

TEST_CASE("nginx driver: reduced mode refused by the test changes nothing, a bad token is refused") {
  Site site;
  Spit(site.dir / "limits.conf", "old\n");
  auto driver = site.Make();
  auto refused = driver->EnterReduced({{"reads", false, 13, 0}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == evt::ExitCode::kDataErr);
  CHECK(Slurp(site.dir / "limits.conf") == "old\n");
  auto bad = driver->LeaveReduced("garbage");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.code() == evt::ExitCode::kDataErr);
  CHECK(Slurp(site.dir / "limits.conf") == "old\n");
}

TEST_CASE("nginx driver: leaving reduced mode entered without a file removes it") {
  Site site;
  auto driver = site.Make();
  auto token = driver->EnterReduced({{"reads", true, 0, 0}});
  REQUIRE(token.ok());
  CHECK(std::filesystem::exists(site.dir / "limits.conf"));
  REQUIRE(driver->LeaveReduced(*token).ok());
  CHECK_FALSE(std::filesystem::exists(site.dir / "limits.conf"));
}

TEST_CASE("nginx driver: a class on paths binds the carrier's source address") {
  Site site;
  site.settings.set("servers", Value::object({{"slice-a", "10.9.0.1:80"}, {"uplink", "10.9.0.1:80"}}));
  site.settings.set("bind", Value::object({{"slice-a", "10.0.1.2"}, {"uplink", "10.0.2.2"}}));
  auto driver = site.Make();
  auto a = driver->ApplyWeights("reads", {{"slice-a", 1}, {"uplink", 0}});
  REQUIRE(a.ok());
  CHECK(Slurp(site.dir / "reads.conf").find("geo $evt_bind_reads { default 10.0.1.2; }") != std::string::npos);
  CHECK(WeightOf(*a, "slice-a") == 1);
  CHECK(WeightOf(*a, "uplink") == 0);
  auto b = driver->ApplyWeights("reads", {{"slice-a", 0}, {"uplink", 1}});
  REQUIRE(b.ok());
  CHECK(Slurp(site.dir / "reads.conf").find("default 10.0.2.2;") != std::string::npos);
  CHECK(WeightOf(*b, "slice-a") == 0);
  CHECK(WeightOf(*b, "uplink") == 1);
  auto both = driver->ApplyWeights("reads", {{"slice-a", 1}, {"uplink", 1}});
  REQUIRE_FALSE(both.ok());
  CHECK(both.status().message().find("one path carries the class at a time") != std::string::npos);
}

TEST_CASE("nginx driver: settings are read strictly, errors name the config and the key") {
  Site site;
  site.settings.set("weights", 1);
  auto unknown = MakeNginxDriver(site.Spec());
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == evt::ExitCode::kConfig);
  CHECK(unknown.status().message().rfind("event.json: /failover/routes/0/driver/weights: unknown key", 0) == 0);
  Site no_program;
  no_program.settings.set("test", Value::array({"no-such-nginx-here"}));
  auto program = MakeNginxDriver(no_program.Spec());
  REQUIRE_FALSE(program.ok());
  CHECK(program.status().message() ==
        "event.json: /failover/routes/0/driver/test: program \"no-such-nginx-here\" not found");
  Site no_limits;
  auto& keys = no_limits.settings.as_object();
  keys.erase(std::remove_if(keys.begin(), keys.end(), [](const auto& m) { return m.first == "limits"; }), keys.end());
  auto driver = no_limits.Make();
  auto reduced = driver->EnterReduced({{"reads", true, 0, 0}});
  REQUIRE_FALSE(reduced.ok());
  CHECK(reduced.status().code() == evt::ExitCode::kConfig);
  Site bad_bind;
  bad_bind.settings.set("bind", Value::object({{"cache", "10.0.1.2"}}));
  auto bind = MakeNginxDriver(bad_bind.Spec());
  REQUIRE_FALSE(bind.ok());
  CHECK(bind.status().message().find("/driver/bind: missing required key \"origin\"") != std::string::npos);
}
