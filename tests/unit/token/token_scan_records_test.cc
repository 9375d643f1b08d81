// The merge input parser: what `scans export` writes reads back as the same
// element, other kinds are left to the caller, and bad fields are named.
#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/token/sync_records.h"

using evt::token::AddSyncRecord;
using evt::token::SyncBatch;

namespace {

evt::Value Json(const char* text) {
  auto v = evt::ParseJson(text, "test");
  REQUIRE(v.ok());
  return *v;
}

std::string ErrorOf(const char* text) {
  SyncBatch batch;
  auto added = AddSyncRecord(Json(text), batch);
  REQUIRE_FALSE(added.ok());
  CHECK(added.status().code() == evt::ExitCode::kDataErr);
  CHECK(batch.size() == 0);
  return added.status().message();
}

}  // namespace

TEST_CASE("token scan records: an exported scan and revocation read back as the same elements") {
  SyncBatch batch;
  auto scan = AddSyncRecord(Json(R"({"kind":"scan.event","v":1,"ts":"2026-12-05T09:05:00.000Z","id":"1a18",)"
                                 R"("jti":"t1","gate":"gate-a","type":"exit","hlc_wall":1764925200123,)"
                                 R"("hlc_logical":2,"at":"2026-12-05T09:00:00.123Z","code_step":7,"seq":1})"),
                            batch);
  REQUIRE(scan.ok());
  CHECK(*scan);
  auto revocation = AddSyncRecord(Json(R"({"kind":"revocation","v":1,"id":"c063","jti":"t2","gate":"box",)"
                                       R"("reason":"refunded","hlc_wall":5,"hlc_logical":0})"),
                                  batch);
  REQUIRE(revocation.ok());
  REQUIRE(batch.scans.size() == 1);
  REQUIRE(batch.revocations.size() == 1);
  const auto& e = batch.scans[0];
  CHECK(e.id == "1a18");
  CHECK(e.type == evt::token::ScanType::kExit);
  CHECK(e.hlc == evt::token::Hlc{1764925200123, 2});
  CHECK(e.code_step == 7);
  evt::Value again = evt::Value::object({{"kind", "scan.event"}, {"v", 1}});
  evt::token::AddScanEventFields(again, e);
  auto parsed = evt::token::ScanEventFromRecord(again);
  REQUIRE(parsed.ok());
  CHECK(*parsed == e);
  CHECK(batch.revocations[0].reason == "refunded");
}

TEST_CASE("token scan records: a jti or reason is data: control characters pass, as a signed jti may hold them") {
  SyncBatch batch;
  auto added = AddSyncRecord(Json(R"({"kind":"revocation","v":1,"id":"a","jti":"t\n1","gate":"g",)"
                                  R"("reason":"line\u0001two","hlc_wall":1,"hlc_logical":0})"),
                             batch);
  REQUIRE(added.ok());
  REQUIRE(batch.revocations.size() == 1);
  CHECK(batch.revocations[0].jti == "t\n1");
}

TEST_CASE("token scan records: other kinds are not elements") {
  SyncBatch batch;
  auto added = AddSyncRecord(Json(R"({"kind":"verdict","v":1})"), batch);
  REQUIRE(added.ok());
  CHECK_FALSE(*added);
  CHECK(batch.size() == 0);
}

TEST_CASE("token scan records: bad fields are named with what was expected") {
  const char* base = R"({"kind":"scan.event","v":1,"id":"a","jti":"t","gate":"g","type":"entry",)";
  CHECK(ErrorOf((std::string(base) + R"("hlc_wall":-1,"hlc_logical":0})").c_str()).find("\"hlc_wall\": expected an integer") == 0);
  CHECK(ErrorOf((std::string(base) + R"("hlc_wall":1.5,"hlc_logical":0})").c_str()).find("\"hlc_wall\"") == 0);
  CHECK(ErrorOf((std::string(base) + R"("hlc_wall":1})").c_str()) == "\"hlc_logical\": missing");
  CHECK(ErrorOf(R"({"kind":"scan.event","v":2,"id":"a"})") == "\"v\": expected 1");
  CHECK(ErrorOf(R"({"kind":"scan.event","v":1,"id":"","jti":"t"})").find("\"id\": expected 1 to 64 bytes") == 0);
  CHECK(ErrorOf(R"({"kind":"scan.event","v":1,"id":"a","jti":7})") == "\"jti\": expected a string, got an integer");
  CHECK(ErrorOf(R"({"kind":"scan.event","v":1,"id":"a","jti":"t","gate":"g\u0001"})").find("\"gate\"") == 0);
  CHECK(ErrorOf(R"({"kind":"scan.event","v":1,"id":"a","jti":"t","gate":"g","type":"in"})") ==
        "\"type\": expected \"entry\" or \"exit\"");
  CHECK(ErrorOf(R"({"kind":"revocation","v":1,"id":"a","jti":"t","gate":"g","reason":5})").find("\"reason\"") == 0);
}
