#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "engine/probe/dns_map.h"

namespace evt::probe {
namespace {

Result<DnsMap> Read(const std::string& probe_section) {
  Result<Value> value = ParseJson(probe_section, "test");
  REQUIRE(value.ok());
  Result<ConfigObject> section = ConfigObject::FromValue(std::move(*value), "/probe", {"event.json", "/etc/evt"});
  REQUIRE(section.ok());
  Result<DnsMap> map = ReadDnsMap(*section);
  if (map.ok()) REQUIRE(section->Finish().ok());
  return map;
}

const char* kShop = R"({"dns_map": {"environment": "live", "names": {
  "Shop.Example.NET.": {"staging": ["10.0.0.5"], "live": ["203.0.113.10", "2001:DB8:0::10"]},
  "api.example.net": {"staging": ["10.0.0.6"], "live": ["203.0.113.11"]}}}})";

TEST_CASE("dns map: names per environment, the active one, addresses as c-ares writes them") {
  Result<DnsMap> map = Read(kShop);
  REQUIRE(map.ok());
  CHECK(map->environment == "live");
  CHECK(map->Environments() == std::vector<std::string>{"live", "staging"});
  REQUIRE(map->names.contains("shop.example.net"));
  CHECK(map->names.at("shop.example.net").at("live") == std::vector<std::string>{"203.0.113.10", "2001:db8::10"});
}

TEST_CASE("dns map: absent is empty, and expects nothing") {
  Result<DnsMap> map = Read("{}");
  REQUIRE(map.ok());
  CHECK(map->empty());
  CHECK_FALSE(ExpectationFor(*map, "shop.example.net", "A").has_value());
  CHECK(DnsTemplateVars(*map).empty());
}

TEST_CASE("dns map: what an A or AAAA check of a name expects in the active environment") {
  Result<DnsMap> map = Read(kShop);
  REQUIRE(map.ok());
  std::optional<DnsExpectation> a = ExpectationFor(*map, "SHOP.example.net.", "A");
  REQUIRE(a.has_value());
  CHECK(a->environment == "live");
  CHECK(a->addresses == std::vector<std::string>{"203.0.113.10"});
  CHECK(a->elsewhere == std::vector<std::pair<std::string, std::string>>{{"10.0.0.5", "staging"}});
  std::optional<DnsExpectation> aaaa = ExpectationFor(*map, "shop.example.net", "AAAA");
  REQUIRE(aaaa.has_value());
  CHECK(aaaa->addresses == std::vector<std::string>{"2001:db8::10"});
  // No IPv6 address for api: an AAAA check of it is not compared.
  CHECK_FALSE(ExpectationFor(*map, "api.example.net", "AAAA").has_value());
  CHECK_FALSE(ExpectationFor(*map, "other.example.net", "A").has_value());
}

TEST_CASE("dns map: a mismatch says which environment the answer belongs to") {
  Result<DnsMap> map = Read(kShop);
  REQUIRE(map.ok());
  DnsExpectation live = *ExpectationFor(*map, "shop.example.net", "A");
  CHECK(DnsMismatch("shop.example.net", {"203.0.113.10"}, live).empty());
  CHECK(DnsMismatch("shop.example.net", {"10.0.0.5"}, live) ==
        "shop.example.net resolved to 10.0.0.5 (the staging address), expected 203.0.113.10 for live");
  CHECK(DnsMismatch("shop.example.net", {"203.0.113.10", "198.51.100.7"}, live) ==
        "shop.example.net resolved to 198.51.100.7 (in no environment of the map), expected 203.0.113.10 for live");

  Result<DnsMap> staging = WithEnvironment(*map, "staging");
  REQUIRE(staging.ok());
  DnsExpectation s = *ExpectationFor(*staging, "shop.example.net", "A");
  CHECK(DnsMismatch("shop.example.net", {"203.0.113.10"}, s) ==
        "shop.example.net resolved to 203.0.113.10 (the live address), expected 10.0.0.5 for staging");
}

TEST_CASE("dns map: another environment by name, a usage error naming the known ones otherwise") {
  Result<DnsMap> map = Read(kShop);
  REQUIRE(map.ok());
  Result<DnsMap> unknown = WithEnvironment(*map, "prod");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == ExitCode::kUsage);
  CHECK(unknown.status().message() ==
        "--environment: \"prod\" is not an environment of probe.dns_map (known: live, staging)");
  CHECK(WithEnvironment(DnsMap{}, "live").status().message() ==
        "--environment: \"live\" is not an environment of probe.dns_map (known: none: the config has no dns_map)");
}

TEST_CASE("dns map: template variables are the active environment's addresses") {
  Result<DnsMap> map = Read(kShop);
  REQUIRE(map.ok());
  CHECK(DnsTemplateVars(*map) == std::map<std::string, std::string>{{"dns.api.example.net", "203.0.113.11"},
                                                                     {"dns.shop.example.net", "203.0.113.10 2001:db8::10"}});
  CHECK(DnsTemplateVars(*WithEnvironment(*map, "staging")).at("dns.shop.example.net") == "10.0.0.5");
}

TEST_CASE("dns map: config errors are exit 78 and name the key") {
  auto error = [](const std::string& text) {
    Result<DnsMap> map = Read(text);
    REQUIRE_FALSE(map.ok());
    CHECK(map.status().code() == ExitCode::kConfig);
    return map.status().message();
  };
  CHECK(error(R"({"dns_map": {"environment": "live", "names": {"a.test": {"live": ["10.0.0.300"]}}}})") ==
        "event.json: /probe/dns_map/names/a.test/live: \"10.0.0.300\" is not an IPv4 or IPv6 address");
  CHECK(error(R"({"dns_map": {"environment": "live", "names": {"a.test": {"live": []}}}})") ==
        "event.json: /probe/dns_map/names/a.test/live: expected at least one address");
  CHECK(error(R"({"dns_map": {"environment": "prod", "names": {"a.test": {"live": ["10.0.0.1"]}}}})") ==
        "event.json: /probe/dns_map/environment: \"prod\" is not an environment of the names (known: live)");
  CHECK(error(R"({"dns_map": {"environment": "live", "names": {"a.test": {"live": ["10.0.0.1"]},
                  "b.test": {"staging": ["10.0.0.2"]}}}})") ==
        "event.json: /probe/dns_map/names/a.test: no addresses for \"staging\" (every name lists every environment: "
        "live, staging)");
  CHECK(error(R"({"dns_map": {"environment": "live", "names": {"a.test": {}}}})") ==
        "event.json: /probe/dns_map/names/a.test: expected addresses per environment, such as \"live\": [...]");
  CHECK(error(R"({"dns_map": {"environment": "live", "names": {"a.test": {"live": ["10.0.0.1"]},
                  "A.test.": {"live": ["10.0.0.1"]}}}})")
            .find("the same name as another key") != std::string::npos);
  CHECK(error(R"({"dns_map": {"names": {"a.test": {"live": ["10.0.0.1"]}}}})") ==
        "event.json: /probe/dns_map: missing required key \"environment\"");
  CHECK(error(R"({"dns_map": {"environment": "live", "names": {"a.test": {"live": "10.0.0.1"}}}})")
            .find("/probe/dns_map/names/a.test/live") != std::string::npos);
  // A map with no names has no environment to be in.
  CHECK(error(R"({"dns_map": {"environment": "live", "names": {}}})") ==
        "event.json: /probe/dns_map/environment: \"live\" is not an environment of the names (known: none)");
  // A misspelt key inside the map is the section's Finish() error.
  Result<Value> value = ParseJson(
      R"({"dns_map": {"environment": "live", "names": {"a.test": {"live": ["10.0.0.1"]}}, "enviroment": "x"}})", "test");
  REQUIRE(value.ok());
  Result<ConfigObject> section = ConfigObject::FromValue(std::move(*value), "/probe", {"event.json", "/etc/evt"});
  REQUIRE(section.ok());
  REQUIRE(ReadDnsMap(*section).ok());
  Status finish = section->Finish();
  CHECK(finish.code() == ExitCode::kConfig);
  CHECK(finish.message().find("/probe/dns_map/enviroment: unknown key") != std::string::npos);
}

}  // namespace
}  // namespace evt::probe
