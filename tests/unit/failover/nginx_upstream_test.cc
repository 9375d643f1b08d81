#include <catch2/catch.hpp>

#include <string>

#include "tools/failover/nginx_limits.h"
#include "tools/failover/nginx_upstream.h"

using evt::failover::ClassLimit;
using evt::failover::NginxRate;
using evt::failover::NginxUpstream;
using evt::failover::ParseUpstream;
using evt::failover::RenderNginxLimits;
using evt::failover::RenderUpstream;

TEST_CASE("nginx upstream: rendered block reads back the same") {
  NginxUpstream u;
  u.name = "reads";
  u.servers = {{"127.0.0.1:8081", 7, false, false}, {"127.0.0.1:8082", 3, true, false}, {"unix:/run/x.sock", 2, false, true}};
  u.bind = "10.0.1.2";
  const std::string text = RenderUpstream(u);
  CHECK(text ==
        "upstream reads {\n"
        "    server 127.0.0.1:8081 weight=7;\n"
        "    server 127.0.0.1:8082 weight=3 down;\n"
        "    server unix:/run/x.sock weight=2 backup;\n"
        "}\n"
        "geo $evt_bind_reads { default 10.0.1.2; }\n");
  auto back = ParseUpstream(text, "reads", "f.conf");
  REQUIRE(back.ok());
  REQUIRE(back->servers.size() == 3);
  CHECK(back->servers[0].weight == 7);
  CHECK_FALSE(back->servers[0].down);
  CHECK(back->servers[1].down);
  CHECK(back->servers[2].backup);
  CHECK(back->servers[2].address == "unix:/run/x.sock");
  CHECK(back->bind == "10.0.1.2");
  CHECK(back->balance == "roundrobin");
}

TEST_CASE("nginx upstream: found among other blocks, comments and parameters, default weight 1") {
  const std::string text =
      "http {\n  # upstream reads { server 1.1.1.1; }\n"
      "  upstream other { server 9.9.9.9:1 weight=5; }\n"
      "  upstream reads {\n    least_conn;\n    keepalive 8;\n"
      "    server 127.0.0.1:1 max_fails=3 fail_timeout=5s;  # cache\n"
      "    server \"127.0.0.1:2\" weight=4;\n  }\n}\n";
  auto u = ParseUpstream(text, "reads", "f.conf");
  REQUIRE(u.ok());
  REQUIRE(u->servers.size() == 2);
  CHECK(u->servers[0].address == "127.0.0.1:1");
  CHECK(u->servers[0].weight == 1);
  CHECK(u->servers[1].address == "127.0.0.1:2");
  CHECK(u->servers[1].weight == 4);
  CHECK(u->balance == "least_conn");
  CHECK(u->bind.empty());
}

TEST_CASE("nginx upstream: bad files are data errors naming the file and line") {
  auto missing = ParseUpstream("upstream a { server x; }", "reads", "f.conf");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == evt::ExitCode::kDataErr);
  CHECK(missing.status().message() == "f.conf: no \"upstream reads { ... }\" block");
  auto unclosed = ParseUpstream("\nupstream reads {\n server a;\n", "reads", "f.conf");
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.status().message() == "f.conf:2: the block opened here is not closed");
  auto weight = ParseUpstream("upstream reads {\n server a weight=0;\n}", "reads", "f.conf");
  REQUIRE_FALSE(weight.ok());
  CHECK(weight.status().message() == "f.conf:2: expected weight=1 to weight=1000, got \"weight=0\"");
  auto bare = ParseUpstream("upstream reads { server; }", "reads", "f.conf");
  REQUIRE_FALSE(bare.ok());
  CHECK(bare.status().message() == "f.conf:1: a server line without an address");
  auto quote = ParseUpstream("upstream reads { server \"a; }", "reads", "f.conf");
  REQUIRE_FALSE(quote.ok());
  CHECK(quote.status().message() == "f.conf:1: unclosed quote");
  auto semicolon = ParseUpstream("upstream reads { server a }", "reads", "f.conf");
  REQUIRE_FALSE(semicolon.ok());
  CHECK(semicolon.status().message() == "f.conf:1: expected \";\" after \"server\"");
}

TEST_CASE("nginx limits: rates in nginx's units") {
  CHECK(NginxRate(20) == "20r/s");
  CHECK(NginxRate(0.5) == "30r/m");
  CHECK(NginxRate(2.5) == "150r/m");
  CHECK(NginxRate(0.001) == "1r/m");
}

TEST_CASE("nginx limits: a limited class gets a zone keyed by itself, a denied one sets $evt_deny") {
  ClassLimit reads{"reads", false, 20, 10};
  ClassLimit stream{"stream", true, 0, 0};
  auto text = RenderNginxLimits({reads, stream});
  REQUIRE(text.ok());
  CHECK(*text ==
        "# evt-failover: reduced service mode (doc/design.md §16)\n"
        "map $evt_class $evt_limit_reads { \"reads\" \"reads\"; default \"\"; }\n"
        "limit_req_zone $evt_limit_reads zone=evt_reads:1m rate=20r/s;\n"
        "limit_req zone=evt_reads burst=10 nodelay;\n"
        "map $evt_class $evt_deny { \"stream\" 1; default 0; }\n"
        "limit_req_status 429;\n");
  auto normal = RenderNginxLimits({});
  REQUIRE(normal.ok());
  CHECK(*normal ==
        "# evt-failover: normal service, no class limited (doc/design.md §16)\n"
        "map $evt_class $evt_deny { default 0; }\n");
}

TEST_CASE("nginx limits: bad limits are usage errors naming the class") {
  auto twice = RenderNginxLimits({{"reads", true, 0, 0}, {"reads", false, 1, 0}});
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.status().code() == evt::ExitCode::kUsage);
  CHECK(twice.status().message().find("\"reads\" is limited twice") != std::string::npos);
  auto rate = RenderNginxLimits({{"reads", false, 0, 0}});
  REQUIRE_FALSE(rate.ok());
  CHECK(rate.status().message() == "reduced mode: class \"reads\": the rate must be more than 0 per second");
  auto name = RenderNginxLimits({{"re\"ads", true, 0, 0}});
  REQUIRE_FALSE(name.ok());
  CHECK(name.status().message().find("letters, digits") != std::string::npos);
}
