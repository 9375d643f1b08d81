// The s3 destination's config object: every key, its defaults, and errors
// that name the file and pointer.
#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/outbox/s3_destination.h"

namespace evt::outbox {
namespace {

constexpr std::string_view kKeys = R"("access_key": {"file": "s3.key"}, "secret_key": {"env": "EVT_S3_SECRET"})";

DestinationSpec Spec(const std::string& json) {
  return DestinationSpec{"archive", "s3", *ParseJson(json, "test"), "event.json: /outbox/destinations/archive"};
}

std::string Minimal(const std::string& more = "") {
  return R"({"type": "s3", "endpoint": "http://127.0.0.1:8080", "bucket": "telemetry", )" + std::string(kKeys) +
         more + "}";
}

std::string Refusal(const std::string& json) {
  auto d = ParseS3Destination(Spec(json), "/etc/evt", "lyon");
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == ExitCode::kConfig);
  return d.status().message();
}

TEST_CASE("s3 destination: defaults", "[outbox][s3]") {
  auto d = ParseS3Destination(Spec(Minimal()), "/etc/evt", "lyon");
  INFO(d.status().ToString());
  REQUIRE(d.ok());
  CHECK(d->name == "archive");
  CHECK(d->region == "us-east-1");
  CHECK(d->prefix == "lyon");
  CHECK(d->segment.max_bytes == 8 << 20);
  CHECK(d->segment.max_age == std::chrono::seconds(60));
  CHECK(d->multipart_over == 16 << 20);
  CHECK(d->part_bytes == 8 << 20);
  CHECK(d->zstd_level == 3);
  CHECK(d->access_key.where == "event.json: /outbox/destinations/archive/access_key");
  CHECK(d->secret_key.folder == "/etc/evt");
}

TEST_CASE("s3 destination: every key", "[outbox][s3]") {
  auto d = ParseS3Destination(
      Spec(Minimal(R"(, "region": "eu-west-3", "prefix": "sites/lyon", "segment": {"max_bytes": 1000, "max_age": "5s"},
                     "multipart_over": 6000000, "part_bytes": 5242880, "zstd_level": 9,
                     "retry": {"initial": "2s", "max": "1m"}, "when": {"active": ["uplink"], "max_shed_level": 1})")),
      "/etc/evt", "lyon");
  INFO(d.status().ToString());
  REQUIRE(d.ok());
  CHECK(d->region == "eu-west-3");
  CHECK(d->prefix == "sites/lyon");
  CHECK(d->segment.max_bytes == 1000);
  CHECK(d->segment.max_age == std::chrono::seconds(5));
  CHECK(d->multipart_over == 6000000);
  CHECK(d->part_bytes == 5242880);
  CHECK(d->zstd_level == 9);
  CHECK(d->retry.initial == std::chrono::seconds(2));
  CHECK(d->when.active == std::vector<std::string>{"uplink"});
}

TEST_CASE("s3 destination: bad values are config errors naming the key", "[outbox][s3]") {
  CHECK(Refusal(Minimal(R"(, "part_bytes": 1048576)")).find("/outbox/destinations/archive/part_bytes") !=
        std::string::npos);
  CHECK(Refusal(Minimal(R"(, "zstd_level": 30)")).find("zstd_level") != std::string::npos);
  CHECK(Refusal(Minimal(R"(, "segment": {"max_age": "0s"})")).find("segment/max_age") != std::string::npos);
  CHECK(Refusal(Minimal(R"(, "segment": {"max_files": 3})")).find("max_files") != std::string::npos);
  CHECK(Refusal(Minimal(R"(, "prefix": "/abs")")).find("prefix") != std::string::npos);
  CHECK(Refusal(Minimal(R"(, "colour": "red")")).find("colour") != std::string::npos);
  CHECK(Refusal(R"({"type": "s3", "endpoint": "ftp://x", "bucket": "b", )" + std::string(kKeys) + "}")
            .find("endpoint") != std::string::npos);
  CHECK(Refusal(R"({"type": "s3", "endpoint": "http://x", "bucket": "b", "access_key": "AKIA", "secret_key": {"env": "S"}})")
            .find("access_key") != std::string::npos);
}

}  // namespace
}  // namespace evt::outbox
