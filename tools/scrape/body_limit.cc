#include "tools/scrape/body_limit.h"

#include <algorithm>
#include <charconv>

namespace evt::scrape {

std::uint64_t SpoolLimit(std::uint64_t max_body, std::uint64_t free_bytes) { return std::min(max_body, free_bytes / 2); }

std::string BodyRefusal(std::uint64_t decoded, std::uint64_t wire, std::uint64_t limit, bool spooled) {
  if (decoded > limit) {
    return "the body is over " + SizeText(limit) +
           (spooled ? " (max_body, or half the space free for the temporary file)" : " (max_body)");
  }
  if (decoded > kRatioFloor && decoded / std::max<std::uint64_t>(wire, 1) > kMaxCompressionRatio) {
    return "the body decompresses to over " + std::to_string(kMaxCompressionRatio) + " times the " + std::to_string(wire) +
           " bytes received (a decompression bomb?)";
  }
  return "";
}

std::optional<std::uint64_t> ParseByteSize(std::string_view text) {
  std::uint64_t count = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string_view unit = text.substr(static_cast<std::size_t>(end - text.data()));
  if (unit.starts_with(' ')) unit.remove_prefix(1);
  int shift = unit == "B" ? 0 : unit == "KiB" ? 10 : unit == "MiB" ? 20 : unit == "GiB" ? 30 : -1;
  if (shift < 0 || count > (std::uint64_t{1} << (63 - shift))) return std::nullopt;
  return count << shift;
}

std::string SizeText(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"GiB", "MiB", "KiB"};
  for (int i = 0; i < 3; ++i) {
    std::uint64_t unit = 1ull << (10 * (3 - i));
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + " " + kUnits[i];
  }
  return std::to_string(bytes) + " bytes";
}

}  // namespace evt::scrape
