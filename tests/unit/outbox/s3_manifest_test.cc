#include <catch2/catch.hpp>

#include "tools/outbox/s3_manifest.h"

namespace evt::outbox {
namespace {

Segment Uploaded(std::int64_t seq, std::int64_t records, const std::string& key) {
  Segment s;
  s.seq = seq;
  s.destination = "archive";
  s.queue = "telemetry";
  s.origin = "kiosk-b";
  s.first_ms = 1'800'057'599'999;  // 2027-01-15, the last millisecond
  s.state = SegmentState::kUploaded;
  s.records = records;
  s.raw_bytes = records * 100;
  s.compressed_bytes = records * 10;
  s.sha256_hex = std::string(64, 'a');
  s.key = key;
  return s;
}

TEST_CASE("a manifest lists the writer's objects of the day with their totals, and reads back", "[outbox][s3]") {
  Manifest m = ManifestOf("kiosk-a", {Uploaded(1, 3, "p/k1"), Uploaded(2, 5, "p/k2")});
  CHECK(m.date == "2027-01-15");
  Result<std::string> json = RenderManifest(m);
  REQUIRE(json.ok());
  CHECK(json->find(R"("records":8,"raw_bytes":800,"compressed_bytes":80})") != std::string::npos);
  CHECK(json->back() == '\n');
  CHECK(*json == RenderManifest(m).value());
  Result<Manifest> back = ParseManifest(*json);
  INFO(back.status().ToString());
  REQUIRE(back.ok());
  CHECK(back->writer == "kiosk-a");
  CHECK(back->origin == "kiosk-b");
  REQUIRE(back->objects.size() == 2);
  CHECK(back->objects[1].key == "p/k2");
  CHECK(back->objects[1].records == 5);
  CHECK(back->objects[1].sha256_hex == std::string(64, 'a'));
}

TEST_CASE("a broken manifest is a data error naming what is wrong", "[outbox][s3]") {
  Result<Manifest> wrong_kind = ParseManifest(R"({"kind":"other"})");
  REQUIRE_FALSE(wrong_kind.ok());
  CHECK(wrong_kind.status().code() == ExitCode::kDataErr);
  CHECK(wrong_kind.status().message().find("manifest/kind") != std::string::npos);
  Result<Manifest> bad_count = ParseManifest(
      R"({"kind":"outbox.manifest","writer":"a","queue":"q","origin":"o","date":"d",)"
      R"("objects":[{"key":"k","records":-1,"raw_bytes":1,"compressed_bytes":1,"sha256":"x"}]})");
  REQUIRE_FALSE(bad_count.ok());
  CHECK(bad_count.status().message().find("manifest/objects/0/records") != std::string::npos);
  CHECK_FALSE(ParseManifest("[").ok());
}

}  // namespace
}  // namespace evt::outbox
