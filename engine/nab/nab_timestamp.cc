#include "engine/nab/nab_timestamp.h"

#include <chrono>

namespace evt::nab {
namespace {

// REQUIRES: pos + width <= text.size().
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t width) {
  int n = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

bool AllZeroDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c != '0') return false;
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> ParseNabTimestamp(std::string_view text) {
  constexpr std::size_t kWholeSeconds = 19;  // "2014-04-01 00:00:00"
  if (text.size() < kWholeSeconds) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  if (text.size() > kWholeSeconds &&
      (text[kWholeSeconds] != '.' || !AllZeroDigits(text.substr(kWholeSeconds + 1)))) {
    return std::nullopt;
  }
  auto year = Digits(text, 0, 4);
  auto month = Digits(text, 5, 2);
  auto day = Digits(text, 8, 2);
  auto hour = Digits(text, 11, 2);
  auto minute = Digits(text, 14, 2);
  auto second = Digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                   std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
  return days * 86400 + *hour * 3600 + *minute * 60 + *second;
}

}  // namespace evt::nab
