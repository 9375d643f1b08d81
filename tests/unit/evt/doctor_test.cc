#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "common/config.h"
#include "tests/unit/store_test_util.h"
#include "tools/evt/doctor.h"

using namespace evt::front;
using evt::Beat;
using evt::store_test::TempDir;

namespace {

evt::TimePoint At(const char* text) { return *evt::ParseRfc3339(text); }

DoctorInputs Inputs() {
  DoctorInputs in;
  in.state_root = "/var/lib/evt";
  in.state_root_why = "site.state_dir in /etc/evt/event.json";
  in.config_path = "/etc/evt/event.json";
  in.now = At("2026-12-06T18:34:00.000Z");
  in.this_host = "gate-1";
  in.uid = 1000;
  return in;
}

Beat DaemonBeat(std::string daemon, std::int64_t pid, evt::TimePoint at) {
  Beat beat;
  beat.daemon = std::move(daemon);
  beat.pid = pid;
  beat.host = "other-host";  // IsAlive cannot look at the pid of another host
  beat.started_at = at;
  beat.beat_at = at;
  return beat;
}

bool Has(const std::vector<Finding>& findings, const std::string& check, const std::string& part) {
  for (const Finding& f : findings) {
    if (f.check == check && (f.message.find(part) != std::string::npos || f.subject.find(part) != std::string::npos)) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("evt doctor: a state root no daemon has used is a finding", "[evt]") {
  auto findings = Diagnose(Inputs());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "state root");
  CHECK(findings[0].message.find("site.state_dir in /etc/evt/event.json") != std::string::npos);
}

TEST_CASE("evt doctor: a daemon of another user or config, a stale one, a timer that stopped", "[evt]") {
  DoctorInputs in = Inputs();
  Beat watch = DaemonBeat("failover watch", 41, in.now - std::chrono::seconds(2));
  watch.host = in.this_host;
  watch.pid = ::getpid();  // alive on this host
  Beat decide = DaemonBeat("failover decide", 42, in.now - std::chrono::minutes(3));
  Beat check = DaemonBeat("budget check", 43, in.now - std::chrono::minutes(20));
  check.one_shot = true;
  Beat scrape = DaemonBeat("scrape", 44, in.now - std::chrono::minutes(1));
  scrape.one_shot = true;
  in.beats = {watch, decide, check, scrape};
  in.inspect = [](std::int64_t) { return DaemonProcess{0, 0, std::string("/srv/other/event.json")}; };
  auto findings = Diagnose(in);
  INFO(findings.size());
  CHECK(Has(findings, "user", "failover watch"));
  CHECK(Has(findings, "user", "sudo -u root"));
  CHECK(Has(findings, "config", "/srv/other/event.json"));
  CHECK(Has(findings, "daemon", "failover decide"));
  CHECK(Has(findings, "fresh", "budget check"));
  CHECK_FALSE(Has(findings, "fresh", "scrape"));
  CHECK(findings.size() == 4);
}

TEST_CASE("evt doctor: the same user and config as the daemons is no finding", "[evt]") {
  DoctorInputs in = Inputs();
  Beat watch = DaemonBeat("failover watch", ::getpid(), in.now);
  watch.host = in.this_host;
  in.beats = {watch};
  in.inspect = [&](std::int64_t) { return DaemonProcess{in.uid, 100, std::string("/etc/evt/../evt/event.json")}; };
  CHECK(Diagnose(in).empty());
}

TEST_CASE("evt doctor: files the config names: missing, stale textfile, unreadable by the daemons", "[evt]") {
  TempDir dir;
  std::ofstream(dir.path() + "/code.key") << "secret";
  REQUIRE(::chmod((dir.path() + "/code.key").c_str(), 0600) == 0);
  std::ofstream(dir.path() + "/old.prom") << "x 1\n";
  std::ofstream(dir.path() + "/event.json")
      << R"({"site":{"name":"t"},"token":{"jwks":"missing-jwks.json","code":{"secret":{"file":"code.key"}}},)"
      << R"("runbooks":{"synthetic-buy":{"textfile":"old.prom"}}})";
  auto config = evt::LoadConfig(dir.path() + "/event.json");
  REQUIRE(config.ok());
  auto named = FilesNamedBy(config->document(), config->folder());
  REQUIRE(named.size() == 3);
  CHECK(named[0].pointer == "/token/jwks");
  CHECK(named[2].output);

  DoctorInputs in = Inputs();
  in.config = &*config;
  in.uid = ::getuid();
  in.now = evt::TimePoint(std::chrono::duration_cast<evt::Duration>(std::chrono::system_clock::now().time_since_epoch())) +
           std::chrono::minutes(10);
  Beat watch = DaemonBeat("failover watch", ::getpid(), in.now);
  watch.host = in.this_host;
  in.beats = {watch};
  const uid_t other = ::getuid() == 0 ? 65534 : ::getuid() + 1;
  in.inspect = [&](std::int64_t) { return DaemonProcess{other, 65534, std::nullopt}; };
  auto findings = Diagnose(in);
  CHECK(Has(findings, "file", "/token/jwks: does not exist"));
  CHECK(Has(findings, "fresh", "old.prom"));
  CHECK(Has(findings, "file", "/token/code/secret/file: not readable by the daemons' user"));
}

TEST_CASE("evt doctor: a state root this shell cannot write is a finding naming its owner", "[evt]") {
  DoctorInputs in = Inputs();
  Beat watch = DaemonBeat("failover watch", 41, in.now);
  in.beats = {watch};
  in.state_root_owner = DaemonProcess{0, 0, std::nullopt};
  in.state_root_writable = false;
  auto findings = Diagnose(in);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check == "user");
  CHECK(findings[0].subject == "/var/lib/evt");
  CHECK(findings[0].message.find("owned by root") != std::string::npos);
  CHECK(findings[0].message.find("sudo -u root evt") != std::string::npos);
}
