// How much a source's body may be, after its Content-Encoding is undone:
// a few kilobytes of gzip from a hostile or broken device can decode to
// gigabytes, in memory or in the spool file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evt::scrape {

// The default of a source's `max_body`.
constexpr std::uint64_t kDefaultMaxBody = 8ull << 20;
// A decoded body may be at most this many times what came over the wire,
// once it is past kRatioFloor. Prometheus text and JSON compress 5 to 30
// times; a decompression bomb a thousand.
constexpr std::uint64_t kMaxCompressionRatio = 100;
constexpr std::uint64_t kRatioFloor = 1ull << 20;

// The most a spooled body may take: `max_body`, and no more than half of
// the space free where the spool is, so a scrape never fills the disk the
// rest of the box (and the state directory) needs.
std::uint64_t SpoolLimit(std::uint64_t max_body, std::uint64_t free_bytes);

// Why a body of `decoded` bytes, `wire` of them received, is refused, or ""
// when it is not. `limit` is the cap in force; `spooled` says which.
std::string BodyRefusal(std::uint64_t decoded, std::uint64_t wire, std::uint64_t limit, bool spooled);

// A size in config: a count and a unit, B, KiB, MiB or GiB ("8MiB",
// "512 KiB"); nullopt for anything else or past 2^63 bytes.
std::optional<std::uint64_t> ParseByteSize(std::string_view text);

// "8 MiB", "512 KiB", "1000 bytes": a size for messages.
std::string SizeText(std::uint64_t bytes);

}  // namespace evt::scrape
