// The spool file: whole zstd frames that decompress to the records, the
// same bytes (so the same key) every time the same records are spooled.
#include <zstd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "tests/unit/store_test_util.h"
#include "tools/outbox/s3_segment_spool.h"

namespace evt::outbox {
namespace {

using store_test::TempDir;

std::uint32_t TestSeed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  return env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                        : std::random_device{}();
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string Decompressed(const std::string& compressed) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::string out;
  std::string buffer(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  std::size_t left = 1;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
    left = ZSTD_decompressStream(dctx, &o, &in);
    REQUIRE_FALSE(ZSTD_isError(left));
    out.append(buffer.data(), o.pos);
  }
  ZSTD_freeDCtx(dctx);
  REQUIRE(left == 0);  // the frame ended: the file is whole
  return out;
}

SpoolSummary Spool(const std::string& path, const std::vector<std::string>& lines, int level = 3) {
  Result<SegmentSpoolWriter> writer = SegmentSpoolWriter::Create(path, level);
  REQUIRE(writer.ok());
  for (const std::string& line : lines) REQUIRE(writer->Add(line).ok());
  Result<SpoolSummary> summary = writer->Finish();
  INFO(summary.status().ToString());
  REQUIRE(summary.ok());
  return *summary;
}

TEST_CASE("a spool decompresses to the records, one a line, and is the same bytes each time", "[outbox][s3]") {
  const std::uint32_t seed = TestSeed();
  std::cout << "s3_segment_spool_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> count(1, 3000);
  std::uniform_int_distribution<int> latency(1, 5000);
  std::vector<std::string> lines;
  std::string expected;
  for (int i = count(rng); i > 0; --i) {
    std::ostringstream line;
    line << R"({"kind":"probe.result","v":1,"id":")" << rng() << R"(","latency_ms":)" << latency(rng) << "}";
    lines.push_back(line.str());
    expected += line.str() + "\n";
  }
  TempDir dir;
  SpoolSummary a = Spool(dir.path() + "/a.zst", lines);
  SpoolSummary b = Spool(dir.path() + "/b.zst", lines);
  std::string bytes = ReadAll(a.path);
  CHECK(Decompressed(bytes) == expected);
  CHECK(bytes == ReadAll(b.path));
  CHECK(a.sha256_hex == b.sha256_hex);
  CHECK(a.sha256_hex.size() == 64);
  CHECK(a.records == static_cast<std::int64_t>(lines.size()));
  CHECK(a.raw_bytes == static_cast<std::int64_t>(expected.size()));
  CHECK(a.compressed_bytes == static_cast<std::int64_t>(bytes.size()));
  CHECK(a.compressed_bytes < a.raw_bytes);
  CHECK_FALSE(std::ifstream(a.path + ".partial").good());
}

TEST_CASE("other records give another hash", "[outbox][s3]") {
  TempDir dir;
  SpoolSummary a = Spool(dir.path() + "/a.zst", {R"({"id":"1"})"});
  SpoolSummary b = Spool(dir.path() + "/b.zst", {R"({"id":"2"})"});
  CHECK(a.sha256_hex != b.sha256_hex);
}

TEST_CASE("a spool that cannot be created says where", "[outbox][s3]") {
  Result<SegmentSpoolWriter> writer = SegmentSpoolWriter::Create("/nonexistent-dir/x.zst", 3);
  REQUIRE_FALSE(writer.ok());
  CHECK(writer.status().message().find("/nonexistent-dir/x.zst.partial") != std::string::npos);
}

TEST_CASE("an abandoned spool leaves no partial file behind", "[outbox][s3]") {
  TempDir dir;
  std::string path = dir.path() + "/c.zst";
  {
    Result<SegmentSpoolWriter> writer = SegmentSpoolWriter::Create(path, 3);
    REQUIRE(writer.ok());
    REQUIRE(writer->Add("{}").ok());
  }
  struct stat st;
  CHECK(::stat((path + ".partial").c_str(), &st) != 0);
  CHECK(::stat(path.c_str(), &st) != 0);
}

}  // namespace
}  // namespace evt::outbox
