#include "tools/load/target_guard.h"

#include <catch2/catch.hpp>

namespace evt::load {
namespace {

TEST_CASE("a load on this machine's own addresses needs no config", "[load][guard]") {
  LoadSection none;
  TargetGuard guard(none);
  CHECK(guard.Allow("http://127.0.0.1:8080/").ok());
  CHECK(guard.Allow("http://127.9.9.9/").ok());
  CHECK(guard.Allow("http://[::1]:9/").ok());
  CHECK(guard.Allow("http://localhost/").ok());
}

// TEST-NET-3: CI machines here use TEST-NET-1 (192.0.2.0/24) for their own
// interface, so that range would count as local.
TEST_CASE("a host off the machine is refused unless load.targets names it", "[load][guard]") {
  LoadSection section;
  section.where = "event.json: /load/targets";
  TargetGuard guard(section);
  Status refused = guard.Allow("http://203.0.113.1/buy");
  CHECK(refused.code() == ExitCode::kConfig);
  CHECK(refused.message() ==
        "203.0.113.1 (203.0.113.1) is not this machine's: a load goes off the box only to a host named in event.json: "
        "/load/targets");
  // Decided once per host: the same refusal again, without resolving.
  CHECK(guard.Allow("http://203.0.113.1:8443/other").message() == refused.message());

  section.targets = {"203.0.113.1"};
  TargetGuard listed(section);
  CHECK(listed.Allow("http://203.0.113.1/buy").ok());
  CHECK(listed.Allow("http://203.0.113.2/buy").code() == ExitCode::kConfig);
}

TEST_CASE("a URL without a host is a usage error", "[load][guard]") {
  LoadSection none;
  TargetGuard guard(none);
  CHECK(guard.Allow("not a url").code() == ExitCode::kUsage);
  CHECK(UrlHost("HTTP://Shop.Example.NET:8080/x").value() == "shop.example.net");
  CHECK(UrlHost("http://[::1]:80/").value() == "::1");
}

}  // namespace
}  // namespace evt::load
