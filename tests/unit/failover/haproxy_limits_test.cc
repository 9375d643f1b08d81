#include <catch2/catch.hpp>

#include "tools/failover/haproxy_limits.h"

using namespace evt::failover;

TEST_CASE("haproxy limits: a class's map entry is deny or its requests per 1 s window") {
  CHECK(LimitEntry(ClassLimit{"stream", true, 0, 0}) == "deny");
  CHECK(LimitEntry(ClassLimit{"reads", false, 20, 10}) == "30");
  CHECK(LimitEntry(ClassLimit{"reads", false, 0.5, 0}) == "1");
  CHECK(LimitEntry(ClassLimit{"reads", false, 0, 0}) == "1");
}

TEST_CASE("haproxy limits: the restore token reads back what it held, for its own map only") {
  MapEntries held{{"reads", "30"}, {"other", "deny"}};
  auto token = EncodeRestoreToken("/etc/haproxy/evt-limits.map", {held, "# ours\nother deny\nreads 30\n"});
  REQUIRE(token.ok());
  auto back = DecodeRestoreToken(*token, "/etc/haproxy/evt-limits.map");
  REQUIRE(back.ok());
  CHECK(back->entries == held);
  CHECK(back->file == "# ours\nother deny\nreads 30\n");
  auto no_file = EncodeRestoreToken("/m", {held, std::nullopt});
  REQUIRE(no_file.ok());
  auto back_no_file = DecodeRestoreToken(*no_file, "/m");
  REQUIRE(back_no_file.ok());
  CHECK_FALSE(back_no_file->file.has_value());
  CHECK_FALSE(EncodeRestoreToken("/m", {held, std::string("\xff\xfe")}).ok());
  auto other = DecodeRestoreToken(*token, "/elsewhere.map");
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().message() ==
        "the reduced mode's restore token is for the map /etc/haproxy/evt-limits.map, not /elsewhere.map");
  CHECK_FALSE(DecodeRestoreToken("{\"entries\": {}}", "/m").ok());
  CHECK_FALSE(DecodeRestoreToken("not json", "/m").ok());
}

TEST_CASE("haproxy limits: the map file lists every entry") {
  CHECK(MapFileText({{"reads", "30"}}) == "# written by evt-failover (reduced mode): class limit\nreads 30\n");
}
