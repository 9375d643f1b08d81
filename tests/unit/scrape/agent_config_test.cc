#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "tools/scrape/agent_yaml.h"
#include "tools/scrape/scrape_config.h"

namespace evt::scrape {
namespace {

// A temp folder holding event.json with scrape.agent = `agent_json`, and a
// token file "hub.token" of mode `token_mode` (none when 0); no agent key
// when `agent_json` is empty.
class AgentFixture {
 public:
  explicit AgentFixture(const std::string& agent_json, mode_t token_mode = 0600) {
    char dir[] = "/tmp/evt-agent-test-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    dir_ = dir;
    if (token_mode != 0) {
      std::ofstream(dir_ + "/hub.token") << "t0ken\n";
      chmod((dir_ + "/hub.token").c_str(), token_mode);
    }
    std::ofstream(dir_ + "/event.json") << R"({"site": {"name": "gate-\"7\""}, "scrape": {)"
                                        << (agent_json.empty() ? "" : "\"agent\": " + agent_json) << "}}";
  }
  ~AgentFixture() {
    std::remove((dir_ + "/hub.token").c_str());
    std::remove((dir_ + "/event.json").c_str());
    rmdir(dir_.c_str());
  }
  Result<ScrapeConfig> Read() {
    Result<Config> config = LoadConfig(dir_ + "/event.json");
    REQUIRE(config.ok());
    site_ = config->site().name;
    return ReadScrapeConfig(*config);
  }
  std::string Yaml() {
    Result<ScrapeConfig> c = Read();
    REQUIRE(c.ok());
    REQUIRE(c->agent);
    return PrometheusAgentYaml(site_, *c->agent);
  }
  std::string Error() {
    Result<ScrapeConfig> c = Read();
    REQUIRE(!c.ok());
    CHECK(c.status().code() == ExitCode::kConfig);
    return c.status().message();
  }
  std::string TokenFileError() {
    Result<ScrapeConfig> c = Read();
    REQUIRE(c.ok());
    REQUIRE(c->agent);
    Status s = CheckBearerTokenFile(*c->agent);
    REQUIRE(!s.ok());
    CHECK(s.code() == ExitCode::kConfig);
    return s.message();
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string site_;
};

TEST_CASE("agent config: no scrape.agent is no agent, not an error, null is a wrong type") {
  AgentFixture absent("", 0);
  Result<ScrapeConfig> c = absent.Read();
  REQUIRE(c.ok());
  CHECK(!c->agent);
  CHECK_THAT(AgentFixture("null", 0).Error(), Catch::Contains("/scrape/agent: expected an object"));
}

TEST_CASE("agent config: the site is an external label and the token file an absolute path") {
  AgentFixture f(R"({"remote_write": {"url": "https://metrics.example.net/api/v1/write",
                                      "bearer_token_file": "hub.token"}})");
  std::string yaml = f.Yaml();
  CHECK(CheckBearerTokenFile(*f.Read()->agent).ok());
  CHECK_THAT(yaml, Catch::Contains("  external_labels:\n    site: \"gate-\\\"7\\\"\"\n"));
  CHECK_THAT(yaml, Catch::Contains("  - url: \"https://metrics.example.net/api/v1/write\"\n"));
  CHECK_THAT(yaml, Catch::Contains("      credentials_file: \"" + f.dir() + "/hub.token\"\n"));
  CHECK_THAT(yaml, Catch::Contains("  scrape_interval: 15s\n"));
  // The default job: the box's node_exporter, whose textfile collector holds evt's textfiles.
  CHECK_THAT(yaml, Catch::Contains("  - job_name: \"node\"\n    static_configs:\n      - targets:\n"
                                   "          - \"127.0.0.1:9100\"\n"));
  CHECK_THAT(yaml, Catch::Contains("max_shards: 2"));
}

TEST_CASE("agent config: jobs and the interval as the config names them, no authorization without a token") {
  AgentFixture f(R"({"remote_write": {"url": "http://127.0.0.1:9090/api/v1/write"}, "scrape_interval": "1m30s",
                     "jobs": {"node": ["127.0.0.1:9100"], "outbox": ["127.0.0.1:7451", "[::1]:7452"]}})",
                 0);
  std::string yaml = f.Yaml();
  CHECK_THAT(yaml, Catch::Contains("  scrape_interval: 1m30s\n"));
  CHECK_THAT(yaml, Catch::Contains("  - job_name: \"outbox\"\n    static_configs:\n      - targets:\n"
                                   "          - \"127.0.0.1:7451\"\n          - \"[::1]:7452\"\n"));
  CHECK_THAT(yaml, !Catch::Contains("authorization"));
}

TEST_CASE("agent config: a token over plain http to another host is refused") {
  AgentFixture f(R"({"remote_write": {"url": "http://metrics.example.net/api/v1/write", "bearer_token_file": "hub.token"}})");
  CHECK_THAT(f.Error(), Catch::Contains("/scrape/agent/remote_write/url: http:// would send the bearer token in clear"));
}

TEST_CASE("agent config: a token file group or others can read is refused with the chmod to run") {
  AgentFixture f(R"({"remote_write": {"url": "https://m.example/api/v1/write", "bearer_token_file": "hub.token"}})",
                 0644);
  std::string error = f.TokenFileError();
  CHECK_THAT(error, Catch::Contains("/scrape/agent/remote_write/bearer_token_file: "));
  CHECK_THAT(error, Catch::Contains("(mode 0644); run: chmod 600 " + f.dir() + "/hub.token"));
}

TEST_CASE("agent config: a missing token file is named") {
  AgentFixture f(R"({"remote_write": {"url": "https://m.example/api/v1/write", "bearer_token_file": "hub.token"}})", 0);
  CHECK_THAT(f.TokenFileError(), Catch::Contains("bearer_token_file: no such file: " + f.dir() + "/hub.token"));
}

TEST_CASE("agent config: bad urls, targets, intervals and keys name their pointer") {
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "ftp://x/api"}})").Error(),
             Catch::Contains("/scrape/agent/remote_write/url: expected an http:// or https:// URL"));
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "https://u:pw@x/api"}})").Error(),
             Catch::Contains("/scrape/agent/remote_write/url: credentials in the URL"));
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "https:///api"}})").Error(),
             Catch::Contains("the URL names no host"));
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "https://x/w"}, "jobs": {"node": ["127.0.0.1"]}})").Error(),
             Catch::Contains("/scrape/agent/jobs/node/0"));
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "https://x/w"}, "jobs": {"node": ["127.0.0.1:0"]}})").Error(),
             Catch::Contains("/scrape/agent/jobs/node/0: a target needs its port"));
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "https://x/w"}, "jobs": {"node": []}})").Error(),
             Catch::Contains("/scrape/agent/jobs/node: expected at least one"));
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "https://x/w"}, "jobs": {}})").Error(),
             Catch::Contains("/scrape/agent/jobs: expected at least one job"));
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "https://x/w"}, "scrape_interval": "500ms"})").Error(),
             Catch::Contains("/scrape/agent/scrape_interval: expected at least \"1s\""));
  CHECK_THAT(AgentFixture(R"({"remote_write": {"url": "https://x/w", "bearer_token": "t"}})").Error(),
             Catch::Contains("/scrape/agent/remote_write/bearer_token: unknown key"));
  CHECK_THAT(AgentFixture(R"({"scrape_interval": "15s"})").Error(), Catch::Contains("/scrape/agent"));
}

}  // namespace
}  // namespace evt::scrape
