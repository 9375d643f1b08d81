#include <catch2/catch.hpp>

#include "tools/scrape/body_limit.h"

namespace evt::scrape {
namespace {

TEST_CASE("scrape body limit: a spool takes at most max_body and half the free space") {
  CHECK(SpoolLimit(8ull << 20, 100ull << 30) == 8ull << 20);
  CHECK(SpoolLimit(64ull << 30, 10ull << 30) == 5ull << 30);
  CHECK(SpoolLimit(8ull << 20, 0) == 0);
}

TEST_CASE("scrape body limit: over the cap, or decompressing over 100 times past 1 MiB") {
  CHECK(BodyRefusal(8ull << 20, 8ull << 20, 8ull << 20, false).empty());
  CHECK(BodyRefusal((8ull << 20) + 1, 8ull << 20, 8ull << 20, false) == "the body is over 8 MiB (max_body)");
  CHECK(BodyRefusal(1ull << 30, 1ull << 30, 512ull << 20, true) ==
        "the body is over 512 MiB (max_body, or half the space free for the temporary file)");
  // 250 KiB of gzip that becomes 1 GiB is refused long before.
  CHECK(BodyRefusal(kRatioFloor, 100, 1ull << 30, false).empty());
  CHECK(BodyRefusal(kRatioFloor + 1, 8192, 1ull << 30, false) ==
        "the body decompresses to over 100 times the 8192 bytes received (a decompression bomb?)");
  CHECK(BodyRefusal(30ull << 20, 1ull << 20, 1ull << 30, false).empty());  // 30:1, as text compresses
}

TEST_CASE("scrape body limit: sizes in config and in messages") {
  CHECK(ParseByteSize("8MiB") == std::optional<std::uint64_t>(8ull << 20));
  CHECK(ParseByteSize("8 MiB") == std::optional<std::uint64_t>(8ull << 20));
  CHECK(ParseByteSize("512KiB") == std::optional<std::uint64_t>(512ull << 10));
  CHECK(ParseByteSize("2GiB") == std::optional<std::uint64_t>(2ull << 30));
  CHECK(ParseByteSize("4096B") == std::optional<std::uint64_t>(4096));
  for (const char* bad : {"", "8", "MiB", "8mb", "-1MiB", "8  MiB", "99999999999999GiB", "1.5MiB"}) {
    CHECK_FALSE(ParseByteSize(bad));
  }
  CHECK(SizeText(8ull << 20) == "8 MiB");
  CHECK(SizeText(1536) == "1536 bytes");
  CHECK(SizeText(3ull << 30) == "3 GiB");
}

}  // namespace
}  // namespace evt::scrape
