#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <string>

#include "common/config.h"
#include "tools/outbox/outbox_config.h"
#include "tools/outbox/outbox_config_check.h"

using namespace evt;
using namespace evt::outbox;

namespace {

// A private folder with an event.json holding an outbox section.
struct ConfigDir {
  ConfigDir() {
    char pattern[] = "/tmp/evt-outbox-config-test-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~ConfigDir() { std::system(("rm -rf '" + dir + "'").c_str()); }
  ConfigDir(const ConfigDir&) = delete;
  ConfigDir& operator=(const ConfigDir&) = delete;

  Result<Config> Load(const std::string& outbox) {
    std::ofstream(dir + "/event.json") << R"({"site": {"name": "t"}, "outbox": )" << outbox << "}";
    return LoadConfig(dir + "/event.json");
  }
  Result<OutboxConfig> Read(const std::string& outbox) {
    EVT_ASSIGN_OR_RETURN(Config config, Load(outbox));
    return ReadOutboxConfig(config);
  }
  Status Check(const std::string& outbox) {
    EVT_ASSIGN_OR_RETURN(Config config, Load(outbox));
    return CheckOutboxConfig(config);
  }
  void WriteFile(const std::string& name, const std::string& text, mode_t mode) {
    std::ofstream(dir + "/" + name) << text;
    chmod((dir + "/" + name).c_str(), mode);
  }
  std::string dir;
};

std::string Refusal(const std::string& outbox) {
  ConfigDir dir;
  Result<OutboxConfig> c = dir.Read(outbox);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == ExitCode::kConfig);
  return c.status().message();
}

const char* kContractExample = R"({
  "kiosk": "kiosk-a", "bound_bytes": 67108864,
  "queues": {
    "orders": {"class": "critical", "bound_bytes": 33554432, "destinations": ["shop"]},
    "telemetry": {"class": "non-essential", "bound_bytes": 8388608, "destinations": []}},
  "destinations": {
    "shop": {"type": "http", "url": "https://shop.example/api/orders", "token": {"file": "shop.token"},
             "idempotency": true, "rate_per_s": 20}},
  "peers": {"kiosk-b": {"url": "http://10.0.0.12:7450", "token": {"file": "mesh.token"}}},
  "serve": {"listen": "127.0.0.1:7450", "token": {"file": "mesh.token"}},
  "takeover_after": "2m"})";

}  // namespace

TEST_CASE("outbox config: the contract's example reads whole") {
  ConfigDir dir;
  Result<OutboxConfig> c = dir.Read(kContractExample);
  REQUIRE(c.ok());
  CHECK(c->kiosk == "kiosk-a");
  CHECK(c->bound_bytes == 67108864);
  REQUIRE(c->queues.size() == 2);
  CHECK(c->queues[0].name == "orders");
  CHECK(c->queues[0].cls == QueueClass::kCritical);
  CHECK(c->queues[0].bound_bytes == 33554432);
  CHECK(c->queues[0].destinations == std::vector<std::string>{"shop"});
  CHECK(c->queues[1].cls == QueueClass::kNonEssential);
  CHECK(c->queues[1].destinations.empty());
  REQUIRE(c->destinations.size() == 1);
  CHECK(c->destinations[0].name == "shop");
  CHECK(c->destinations[0].type == "http");
  // The destination's own keys are handed on untouched, for the type's parser.
  REQUIRE(c->destinations[0].settings.find("rate_per_s") != nullptr);
  REQUIRE(c->peers.size() == 1);
  CHECK(c->peers[0].name == "kiosk-b");
  CHECK(c->peers[0].token->where == dir.dir + "/event.json: /outbox/peers/kiosk-b/token");
  REQUIRE(c->serve.has_value());
  CHECK(c->serve->loopback);
  CHECK(c->takeover_after == std::chrono::minutes(2));
  CHECK(c->FindQueue("telemetry") == &c->queues[1]);
  CHECK(c->FindQueue("nosuch") == nullptr);
  CHECK(c->FindDestination("shop") == &c->destinations[0]);
  CHECK(c->FindPeer("kiosk-b") == &c->peers[0]);
}

TEST_CASE("outbox config: an absent section is this host, no queues and the default bounds") {
  ConfigDir dir;
  Result<OutboxConfig> c = dir.Read("{}");
  REQUIRE(c.ok());
  CHECK(c->kiosk == DefaultKioskName());
  CHECK_FALSE(c->kiosk.empty());
  CHECK(c->bound_bytes == kDefaultBoundBytes);
  CHECK(c->queues.empty());
  CHECK_FALSE(c->serve.has_value());
  CHECK(c->takeover_after == std::chrono::minutes(2));
}

TEST_CASE("outbox config: mistakes are refused naming the pointer") {
  CHECK_THAT(Refusal(R"({"kiosks": "a"})"), Catch::Contains("/outbox/kiosks: unknown key"));
  CHECK_THAT(Refusal(R"({"queues": {"q": {"class": "vital"}}})"),
             Catch::Contains("/outbox/queues/q/class: expected one of critical, degraded, non-essential, got \"vital\""));
  CHECK_THAT(Refusal(R"({"queues": {"q": {"class": "critical", "bound_bytes": 0}}})"),
             Catch::Contains("/outbox/queues/q/bound_bytes: expected a number of bytes above 0"));
  CHECK_THAT(Refusal(R"({"queues": {"q": {"class": "critical", "destinations": ["shop"]}}})"),
             Catch::Contains("/outbox/queues: q/destinations: no destination \"shop\""));
  CHECK_THAT(Refusal(R"({"queues": {"q": {"class": "critical", "colour": "red"}}})"),
             Catch::Contains("/outbox/queues/q/colour: unknown key"));
  CHECK_THAT(Refusal(R"({"destinations": {"ftp": {"type": "ftp"}}})"),
             Catch::Contains("/outbox/destinations/ftp/type: expected \"http\" or \"s3\", got \"ftp\""));
  CHECK_THAT(Refusal(R"({"destinations": {"shop": {"url": "http://x"}}})"),
             Catch::Contains("/outbox/destinations/shop: missing required key \"type\""));
  CHECK_THAT(Refusal(R"({"destinations": {"shop": 3}})"),
             Catch::Contains("/outbox/destinations/shop: expected an object"));
  CHECK_THAT(Refusal(R"({"peers": {"b": {"url": "ftp://b"}}})"),
             Catch::Contains("/outbox/peers/b/url: expected an http:// or https:// URL"));
  CHECK_THAT(Refusal(R"({"peers": {"b": {"url": "http://b", "token": "hunter2"}}})"),
             Catch::Contains("/outbox/peers/b/token: expected {\"file\": PATH}"));
  CHECK_THAT(Refusal(R"({"serve": {"listen": "7450"}})"), Catch::Contains("/outbox/serve/listen: "));
  CHECK_THAT(Refusal(R"({"serve": {"listen": "127.0.0.1:99999"}})"), Catch::Contains("/outbox/serve/listen: "));
  CHECK_THAT(Refusal(R"({"serve": {"listen": "kiosk-a.local:7450"}})"), Catch::Contains("/outbox/serve/listen: "));
  CHECK_THAT(Refusal(R"({"takeover_after": "0s"})"), Catch::Contains("/outbox/takeover_after: expected a duration above zero"));
  CHECK_THAT(Refusal(R"({"takeover_after": "2 minutes"})"), Catch::Contains("/outbox/takeover_after"));
  CHECK_THAT(Refusal(R"({"kiosk": "kiosk a"})"), Catch::Contains("/outbox/kiosk: expected a name without spaces"));
}

TEST_CASE("outbox config: serving beyond loopback needs a token or client certificates") {
  CHECK_THAT(Refusal(R"({"serve": {"listen": "0.0.0.0:7450"}})"),
             Catch::Contains("/outbox/serve/listen: \"0.0.0.0:7450\" is not loopback: peers must authenticate"));
  ConfigDir dir;
  Result<OutboxConfig> token = dir.Read(R"({"serve": {"listen": "10.0.0.11:7450", "token": {"env": "MESH"}}})");
  REQUIRE(token.ok());
  CHECK_FALSE(token->serve->loopback);
  Result<OutboxConfig> v6 = dir.Read(R"({"serve": {"listen": "[::1]:7450"}})");
  REQUIRE(v6.ok());
  CHECK(v6->serve->loopback);
  Result<OutboxConfig> tls = dir.Read(
      R"({"serve": {"listen": "0.0.0.0:7450", "tls": {"cert": "c.pem", "key": "k.pem", "client_ca": "ca.pem"}}})");
  REQUIRE(tls.ok());
  CHECK(*tls->serve->tls_cert == dir.dir + "/c.pem");
}

TEST_CASE("outbox config check: opens the token and TLS files the section names") {
  ConfigDir dir;
  const std::string peer = R"({"peers": {"b": {"url": "http://127.0.0.2:7450", "token": {"file": "mesh.token"}}}})";
  Status missing = dir.Check(peer);
  CHECK(missing.code() == ExitCode::kConfig);
  CHECK_THAT(missing.message(), Catch::Contains("/outbox/peers/b/token"));

  dir.WriteFile("mesh.token", "s3cret\n", 0644);
  Status open = dir.Check(peer);
  CHECK(open.code() == ExitCode::kConfig);
  CHECK_THAT(open.message(), Catch::Contains("chmod 600"));

  dir.WriteFile("mesh.token", "s3cret\n", 0600);
  CHECK(dir.Check(peer).ok());

  Status no_cert = dir.Check(
      R"({"serve": {"listen": "0.0.0.0:7450", "tls": {"cert": "c.pem", "key": "k.pem", "client_ca": "ca.pem"}}})");
  CHECK(no_cert.code() == ExitCode::kConfig);
  CHECK_THAT(no_cert.message(), Catch::Contains("/outbox/serve/tls/cert"));

  const std::string tls = R"({"serve": {"listen": "0.0.0.0:7450", "tls": {"cert": "c.pem", "key": "k.pem", "client_ca": "c.pem"}}})";
  dir.WriteFile("c.pem", "-----BEGIN CERTIFICATE-----\n", 0644);
  dir.WriteFile("k.pem", "-----BEGIN PRIVATE KEY-----\n", 0644);
  Status open_key = dir.Check(tls);
  CHECK(open_key.code() == ExitCode::kConfig);
  CHECK_THAT(open_key.message(), Catch::Contains("/outbox/serve/tls/key"));
  dir.WriteFile("k.pem", "-----BEGIN PRIVATE KEY-----\n", 0600);
  CHECK(dir.Check(tls).ok());
}

TEST_CASE("outbox config check: an http destination's own keys are read by its parser, its token file opened") {
  ConfigDir dir;
  const std::string shop =
      R"({"destinations": {"shop": {"type": "http", "url": "http://127.0.0.1:9/orders", "token": {"file": "shop.token"}}}})";
  Status missing = dir.Check(shop);
  CHECK(missing.code() == ExitCode::kConfig);
  CHECK_THAT(missing.message(), Catch::Contains("/outbox/destinations/shop/token"));
  dir.WriteFile("shop.token", "t0ken\n", 0600);
  Status good = dir.Check(shop);
  INFO(good.message());
  CHECK(good.ok());
  Status typo = dir.Check(R"({"destinations": {"shop": {"type": "http", "url": "http://127.0.0.1:9/", "rate_per_sec": 3}}})");
  CHECK(typo.code() == ExitCode::kConfig);
  CHECK_THAT(typo.message(), Catch::Contains("/outbox/destinations/shop/rate_per_sec: unknown key"));
}
