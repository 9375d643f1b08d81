#include "tools/load/access_log.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "common/quoted.h"
#include "tools/load/request_line.h"

namespace evt::load {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
// "06/Dec/2026:10:00:00": the clock both formats share.
constexpr std::size_t kClockLength = 20;
// $request_time beyond a day is not a request time but a misread field.
constexpr std::int64_t kMaxRequestTimeSeconds = 86'400;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The number in text[from, from + n) when all of it is digits.
std::optional<int> DigitsAt(std::string_view text, std::size_t from, std::size_t n) {
  if (from + n > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = from; i < from + n; ++i) {
    if (!IsDigit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<unsigned> MonthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return static_cast<unsigned>(i + 1);
  }
  return std::nullopt;
}

// "06/Dec/2026:10:00:00" as seconds since the epoch, read as UTC. A second
// of 60 (a leap second) is read as 59, as common/time_format.h does.
std::optional<std::int64_t> ParseLogClock(std::string_view text) {
  if (text.size() < kClockLength || text[2] != '/' || text[6] != '/' || text[11] != ':' || text[14] != ':' ||
      text[17] != ':') {
    return std::nullopt;
  }
  auto day = DigitsAt(text, 0, 2);
  auto month = MonthNumber(text.substr(3, 3));
  auto year = DigitsAt(text, 7, 4);
  auto hour = DigitsAt(text, 12, 2);
  auto minute = DigitsAt(text, 15, 2);
  auto second = DigitsAt(text, 18, 2);
  if (!day || !month || !year || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(*month),
                                   std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  return days * 86'400 + *hour * 3600 + *minute * 60 + std::min(*second, 59);
}

// "+0100" as seconds east of UTC.
std::optional<std::int64_t> ParseZoneOffset(std::string_view text) {
  if (text.size() != 5 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  auto hours = DigitsAt(text, 1, 2);
  auto minutes = DigitsAt(text, 3, 2);
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  std::int64_t offset = *hours * 3600 + *minutes * 60;
  return text[0] == '-' ? -offset : offset;
}

// "[06/Dec/2026:10:00:00 +0100]" at text[open]: the instant in µs.
std::optional<std::int64_t> CombinedTimeAt(std::string_view text, std::size_t open) {
  constexpr std::size_t kLength = 1 + kClockLength + 6 + 1;
  if (open + kLength > text.size() || text[open] != '[' || text[open + kLength - 1] != ']' ||
      text[open + 1 + kClockLength] != ' ') {
    return std::nullopt;
  }
  auto local = ParseLogClock(text.substr(open + 1, kClockLength));
  auto offset = ParseZoneOffset(text.substr(open + 2 + kClockLength, 5));
  if (!local || !offset) return std::nullopt;
  return (*local - *offset) * kMicrosPerSecond;
}

// "[06/Dec/2026:10:00:00.123]" at text[open]: the instant in µs.
std::optional<std::int64_t> HaproxyTimeAt(std::string_view text, std::size_t open) {
  constexpr std::size_t kLength = 1 + kClockLength + 4 + 1;
  if (open + kLength > text.size() || text[open] != '[' || text[open + kLength - 1] != ']' ||
      text[open + 1 + kClockLength] != '.') {
    return std::nullopt;
  }
  auto clock = ParseLogClock(text.substr(open + 1, kClockLength));
  auto millis = DigitsAt(text, open + 2 + kClockLength, 3);
  if (!clock || !millis) return std::nullopt;
  return *clock * kMicrosPerSecond + std::int64_t{*millis} * 1000;
}

// Reads a field at text[pos] up to the next space (or the end) and moves
// pos past that space.
std::string_view NextField(std::string_view text, std::size_t& pos) {
  std::size_t end = text.find(' ', pos);
  if (end == std::string_view::npos) end = text.size();
  std::string_view field = text.substr(pos, end - pos);
  pos = end < text.size() ? end + 1 : end;
  return field;
}

// The quoted field starting at text[pos] (the opening quote), its content
// still escaped; pos moves past the closing quote. A backslash escapes the
// next byte, as nginx and Apache write \x22 and \".
std::optional<std::string_view> QuotedFieldAt(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '"') return std::nullopt;
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      std::string_view content = text.substr(pos + 1, i - pos - 1);
      pos = i + 1;
      return content;
    }
  }
  return std::nullopt;
}

bool IsWholeNumber(std::string_view text) {
  if (text.empty() || text.size() > 18) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

std::int64_t WholeNumber(std::string_view text) {
  std::int64_t value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

// "0.123" (seconds, 1 to 6 fractional digits) in µs; nullopt for anything
// else, including a number without a fraction, which is no $request_time.
std::optional<std::int64_t> RequestTimeMicros(std::string_view text) {
  std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = text.substr(dot + 1);
  if (!IsWholeNumber(whole) || !IsWholeNumber(fraction) || fraction.size() > 6) return std::nullopt;
  if (WholeNumber(whole) > kMaxRequestTimeSeconds) return std::nullopt;
  std::int64_t micros = WholeNumber(fraction);
  for (std::size_t i = fraction.size(); i < 6; ++i) micros *= 10;
  return WholeNumber(whole) * kMicrosPerSecond + micros;
}

std::string Where(std::string_view file, std::int64_t line) { return std::string(file) + ":" + std::to_string(line); }

Status BadLine(std::string_view file, std::int64_t line, std::string what) {
  return Status::DataErr(std::move(what)).Prefixed(Where(file, line));
}

// After the user agent: $request_time when the last field is seconds with
// a fraction; 0 when the log has no such field.
std::int64_t TrailingRequestTime(std::string_view rest) {
  std::size_t last_space = rest.find_last_of(' ');
  std::string_view last = last_space == std::string_view::npos ? rest : rest.substr(last_space + 1);
  return RequestTimeMicros(last).value_or(0);
}

std::optional<long> HttpStatus(std::string_view field) {
  if (field.size() != 3 || !IsWholeNumber(field)) return std::nullopt;
  long status = static_cast<long>(WholeNumber(field));
  if (status < 100 || status > 599) return std::nullopt;
  return status;
}

// "10/0/30/69/109": Tq/Tw/Tc/Tr/Ta, each a number that may be "-1" (did
// not happen) or carry a "+" (option logasap).
bool IsTimers(std::string_view field) {
  int parts = 1;
  for (char c : field) {
    if (c == '/') {
      ++parts;
    } else if (!IsDigit(c) && c != '-' && c != '+') {
      return false;
    }
  }
  return parts == 5;
}

}  // namespace

Result<LoggedRequest> ParseCombinedLine(std::string_view text, std::string_view file, std::int64_t line) {
  std::size_t open = text.find(" [");
  if (open == std::string_view::npos || open == 0) {
    return BadLine(file, line, "expected \"ADDRESS - USER [TIME]\" at the start of a combined-format line");
  }
  std::optional<std::int64_t> logged = CombinedTimeAt(text, open + 1);
  if (!logged) {
    return BadLine(file, line, "time " + QuotedForMessage(text.substr(open + 1, 28)) +
                                   ": expected [dd/Mon/yyyy:hh:mm:ss +zzzz]");
  }
  std::size_t pos = open + 1 + 28;
  if (pos >= text.size() || text[pos] != ' ') return BadLine(file, line, "expected a quoted request after the time");
  ++pos;
  std::optional<std::string_view> request = QuotedFieldAt(text, pos);
  if (!request) return BadLine(file, line, "expected a quoted request after the time");
  Result<RequestLine> parsed = ParseRequestLine(*request, LogEscape::kBackslash);
  if (!parsed.ok()) return parsed.status().Prefixed(Where(file, line));
  if (pos >= text.size() || text[pos] != ' ') return BadLine(file, line, "expected a status after the request");
  ++pos;
  std::string_view status_field = NextField(text, pos);
  std::optional<long> status = HttpStatus(status_field);
  if (!status) return BadLine(file, line, "status " + QuotedForMessage(status_field) + ": expected 100 to 599");
  std::string_view bytes = NextField(text, pos);
  if (bytes != "-" && !IsWholeNumber(bytes)) {
    return BadLine(file, line, "body bytes " + QuotedForMessage(bytes) + ": expected a number or \"-\"");
  }
  // Referer and user agent, when the line has them; whatever follows them
  // may end in $request_time.
  for (int quoted = 0; quoted < 2 && pos < text.size() && text[pos] == '"'; ++quoted) {
    if (!QuotedFieldAt(text, pos)) return BadLine(file, line, "unterminated quoted field");
    if (pos < text.size() && text[pos] == ' ') ++pos;
  }
  LoggedRequest out;
  out.request.method = std::move(parsed->method);
  out.request.target = std::move(parsed->target);
  out.request.status = status;
  out.request.line = line;
  out.logged_us = *logged;
  out.request_time_us = TrailingRequestTime(text.substr(pos));
  out.whole_second = true;
  return out;
}

Result<LoggedRequest> ParseHaproxyLine(std::string_view text, std::string_view file, std::int64_t line) {
  std::optional<std::int64_t> accepted;
  std::size_t open = text.find('[');
  // A syslog prefix ("haproxy[1234]:") has brackets of its own: the accept
  // date is the first bracket that reads as one.
  while (open != std::string_view::npos && !(accepted = HaproxyTimeAt(text, open))) open = text.find('[', open + 1);
  if (!accepted || open == 0 || text[open - 1] != ' ') {
    return BadLine(file, line, "expected \"CLIENT:PORT [dd/Mon/yyyy:hh:mm:ss.mmm]\" of an HAProxy httplog line");
  }
  std::size_t pos = open + 1 + kClockLength + 5;
  if (pos >= text.size() || text[pos] != ' ') return BadLine(file, line, "expected the frontend after the accept date");
  ++pos;
  std::string_view frontend = NextField(text, pos);
  std::string_view backend = NextField(text, pos);
  std::string_view timers = NextField(text, pos);
  std::string_view status_field = NextField(text, pos);
  if (frontend.empty() || backend.find('/') == std::string_view::npos) {
    return BadLine(file, line, "expected FRONTEND BACKEND/SERVER after the accept date");
  }
  if (!IsTimers(timers)) return BadLine(file, line, "timers " + QuotedForMessage(timers) + ": expected Tq/Tw/Tc/Tr/Ta");
  std::optional<long> status;
  if (status_field != "-1") {
    status = HttpStatus(status_field);
    if (!status) return BadLine(file, line, "status " + QuotedForMessage(status_field) + ": expected 100 to 599 or -1");
  }
  std::size_t quote = text.find('"', pos);
  if (quote == std::string_view::npos) return BadLine(file, line, "expected a quoted request at the end of the line");
  // HAProxy cuts long lines without closing the quote: the request is then
  // what is left of the line.
  std::size_t close = text.rfind('"');
  std::string_view request = close > quote ? text.substr(quote + 1, close - quote - 1) : text.substr(quote + 1);
  Result<RequestLine> parsed = ParseRequestLine(request, LogEscape::kHash);
  if (!parsed.ok()) return parsed.status().Prefixed(Where(file, line));
  LoggedRequest out;
  out.request.method = std::move(parsed->method);
  out.request.target = std::move(parsed->target);
  out.request.status = status;
  out.request.line = line;
  out.logged_us = *accepted;
  return out;
}

TextLogShape ShapeOfLine(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t");
  if (start != std::string_view::npos && text[start] == '{') return TextLogShape::kJson;
  for (std::size_t open = text.find('['); open != std::string_view::npos; open = text.find('[', open + 1)) {
    if (CombinedTimeAt(text, open)) return TextLogShape::kCombined;
    if (HaproxyTimeAt(text, open)) return TextLogShape::kHaproxy;
  }
  return TextLogShape::kUnknown;
}

}  // namespace evt::load
