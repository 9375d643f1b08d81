#include "tools/outbox/privacy.h"

#include <catch2/catch.hpp>
#include <cstring>

#include "common/json_parse.h"

namespace evt::outbox {
namespace {

Value Json(std::string_view text) { return ParseJson(text, "test").value(); }

Result<PrivacySpec> Spec(std::string_view privacy) {
  EVT_ASSIGN_OR_RETURN(ConfigObject o, ConfigObject::FromValue(Json(privacy), "/outbox/queues/t/privacy",
                                                                ConfigOrigin{"event.json", "/etc/evt"}));
  EVT_ASSIGN_OR_RETURN(PrivacySpec spec, ReadPrivacySpec(o, "/etc/evt"));
  EVT_RETURN_IF_ERROR(o.Finish());
  return spec;
}

const char* SiteKey(const char* name) { return std::strcmp(name, "SITE_KEY") == 0 ? "site-secret" : nullptr; }

Privacy Made(std::string_view privacy) { return Privacy::Make(Spec(privacy).value(), SiteKey).value(); }

TEST_CASE("privacy: IPv4 keeps its /24 and IPv6 its /48, with or without a port") {
  CHECK(TruncatedIp("203.0.113.77") == "203.0.113.0");
  CHECK(TruncatedIp("203.0.113.77:8443") == "203.0.113.0:8443");
  CHECK(TruncatedIp("2001:db8:1:2::5") == "2001:db8:1::");
  CHECK(TruncatedIp("[2001:db8:1:2::5]:443") == "[2001:db8:1::]:443");
  CHECK(TruncatedIp("[2001:db8:ffff:2::5]") == "[2001:db8:ffff::]");
}

TEST_CASE("privacy: what is not an address is left alone") {
  CHECK_FALSE(TruncatedIp("shop.example.com"));
  CHECK_FALSE(TruncatedIp("shop.example.com:443"));
  CHECK_FALSE(TruncatedIp("203.0.113.77:http"));
  CHECK_FALSE(TruncatedIp("[203.0.113.77]:80"));
  CHECK_FALSE(TruncatedIp("203.0.113"));
  CHECK_FALSE(TruncatedIp(""));
}

TEST_CASE("privacy: a pseudonym is HMAC-SHA256 cut to 128 bits (RFC 4231 case 2)") {
  CHECK(Pseudonym("Jefe", "what do ya want for nothing?") == "hmac:5bdcc146bf60754e6a042426089575c7");
}

TEST_CASE("privacy: drop, pseudonymise and truncate by dotted paths, id and the rest untouched") {
  Privacy p = Made(R"({"drop": ["customer", "headers.cookie"], "pseudonymise": ["client_id", "user"],
                       "truncate_ip": ["client_ip", "net.peer"], "key": {"env": "SITE_KEY"}})");
  Value r = Json(R"({"kind": "probe", "id": "r1", "customer": "CANARY", "headers": {"cookie": "s=1", "ua": "x"},
                     "client_id": "c-42", "user": 7, "client_ip": "198.51.100.9", "net": {"peer": "[2001:db8::1]:80"},
                     "target": "shop"})");
  p.Apply(r);
  CHECK(r.find("customer") == nullptr);
  CHECK(r.find("headers")->find("cookie") == nullptr);
  CHECK(r.find("headers")->find("ua")->as_string() == "x");
  CHECK(r.find("client_id")->as_string() == Pseudonym("site-secret", "c-42"));
  CHECK(r.find("user")->as_string() == Pseudonym("site-secret", "7"));
  CHECK(r.find("client_ip")->as_string() == "198.51.100.0");
  CHECK(r.find("net")->find("peer")->as_string() == "[2001:db8::]:80");
  CHECK(r.find("id")->as_string() == "r1");
  CHECK(r.find("target")->as_string() == "shop");
}

TEST_CASE("privacy: paths that are not there, or run through a non-object, change nothing") {
  Privacy p = Made(R"({"drop": ["a.b.c", "missing"], "truncate_ip": ["host"]})");
  Value r = Json(R"({"a": {"b": 3}, "host": "kiosk-a.local"})");
  const Value before = r;
  p.Apply(r);
  CHECK(r == before);
}

TEST_CASE("privacy: the same value gets the same pseudonym on every kiosk of the site, another value another") {
  Privacy a = Made(R"({"pseudonymise": ["user"], "key": {"env": "SITE_KEY"}})");
  Privacy b = Made(R"({"pseudonymise": ["user"], "key": {"env": "SITE_KEY"}})");
  Value r1 = Json(R"({"user": "ann"})"), r2 = Json(R"({"user": "ann"})"), r3 = Json(R"({"user": "bob"})");
  a.Apply(r1);
  b.Apply(r2);
  a.Apply(r3);
  CHECK(r1 == r2);
  CHECK_FALSE(r1 == r3);
  CHECK(r1.find("user")->as_string().size() == 5 + 32);
}

TEST_CASE("privacy: config errors name the key") {
  Result<PrivacySpec> id = Spec(R"({"drop": ["id"]})");
  REQUIRE_FALSE(id.ok());
  CHECK(id.status().code() == ExitCode::kConfig);
  CHECK_THAT(id.status().message(), Catch::Contains("/outbox/queues/t/privacy/drop") && Catch::Contains("\"id\""));
  Result<PrivacySpec> no_key = Spec(R"({"pseudonymise": ["user"]})");
  REQUIRE_FALSE(no_key.ok());
  CHECK_THAT(no_key.status().message(), Catch::Contains("key"));
  Result<PrivacySpec> unknown = Spec(R"({"dorp": ["user"]})");
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Catch::Contains("dorp"));
  CHECK_FALSE(Spec(R"({"drop": ["a..b"]})").ok());
  CHECK_FALSE(Spec(R"({"truncate_ip": "peer"})").ok());
}

TEST_CASE("privacy: a key given inline or not set is refused when the queue pseudonymises") {
  CHECK_FALSE(Spec(R"({"pseudonymise": ["user"], "key": "inline"})").ok());
  Result<Privacy> unset = Privacy::Make(Spec(R"({"pseudonymise": ["user"], "key": {"env": "NOT_SET"}})").value(),
                                        SiteKey);
  REQUIRE_FALSE(unset.ok());
  CHECK(unset.status().code() == ExitCode::kConfig);
  CHECK_THAT(unset.status().message(), Catch::Contains("NOT_SET"));
}

}  // namespace
}  // namespace evt::outbox
