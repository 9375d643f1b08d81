#include "common/posix_tz.h"

#include <cctype>
#include <limits>

namespace evt {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// Howard Hinnant's days_from_civil / civil_from_days, proleptic Gregorian.
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  std::int64_t era = FloorDiv(y, 400);
  std::int64_t yoe = y - era * 400;
  std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::int64_t YearOfDay(std::int64_t days) {
  days += 719468;
  std::int64_t era = FloorDiv(days, 146097);
  std::int64_t doe = days - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  return yoe + era * 400 + (mp >= 10);
}

bool IsLeap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(std::int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// 0 Sunday .. 6 Saturday; day 0 (1970-01-01) was a Thursday.
int WeekdayOf(std::int64_t days) { return static_cast<int>(days + 4 - FloorDiv(days + 4, 7) * 7); }

std::int64_t DayOfRule(const PosixTz::Rule& rule, std::int64_t y) {
  std::int64_t jan1 = DaysFromCivil(y, 1, 1);
  switch (rule.kind) {
    case PosixTz::Rule::Kind::kJulianNoLeap:
      return jan1 + rule.day - 1 + (IsLeap(y) && rule.day >= 60);
    case PosixTz::Rule::Kind::kZeroBasedDay:
      return jan1 + rule.day;
    case PosixTz::Rule::Kind::kMonthWeekDay:
      break;
  }
  std::int64_t first = DaysFromCivil(y, rule.month, 1);
  int day = 1 + (rule.weekday - WeekdayOf(first) + 7) % 7 + 7 * (rule.week - 1);
  while (day > DaysInMonth(y, rule.month)) day -= 7;
  return first + day - 1;
}

// The instant (UTC seconds) `rule` fires in year `y`, read in a local time
// `offset` east of UTC.
std::int64_t TransitionAt(const PosixTz::Rule& rule, std::int64_t y, std::int32_t offset) {
  return DayOfRule(rule, y) * kSecondsPerDay + rule.time - offset;
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return i_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[i_]; }
  bool Take(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // Up to `max_digits` digits, at least one; nullopt-like -1 when none.
  std::int64_t Number(int max_digits) {
    std::int64_t n = -1;
    for (int k = 0; k < max_digits && std::isdigit(static_cast<unsigned char>(peek())); ++k) {
      n = (n < 0 ? 0 : n * 10) + (text_[i_++] - '0');
    }
    return n;
  }
  bool TakeName() {
    std::size_t begin = i_;
    if (Take('<')) {
      while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '+' || peek() == '-') ++i_;
      return i_ - begin - 1 >= 3 && Take('>');
    }
    while (std::isalpha(static_cast<unsigned char>(peek()))) ++i_;
    return i_ - begin >= 3;
  }
  // [+-]hh[:mm[:ss]] with hh <= max_hours, in seconds (sign as written).
  bool TakeTime(int max_hours, std::int32_t& seconds) {
    int sign = Take('-') ? -1 : (Take('+'), 1);
    std::int64_t h = Number(3), m = 0, s = 0;
    if (h < 0 || h > max_hours) return false;
    if (Take(':') && ((m = Number(2)) < 0 || m > 59)) return false;
    if (Take(':') && ((s = Number(2)) < 0 || s > 59)) return false;
    seconds = static_cast<std::int32_t>(sign * (h * 3600 + m * 60 + s));
    return true;
  }
  bool TakeRule(PosixTz::Rule& rule) {
    using Kind = PosixTz::Rule::Kind;
    if (Take('J')) {
      rule.kind = Kind::kJulianNoLeap;
      rule.day = static_cast<int>(Number(3));
      if (rule.day < 1 || rule.day > 365) return false;
    } else if (Take('M')) {
      rule.kind = Kind::kMonthWeekDay;
      rule.month = static_cast<int>(Number(2));
      if (rule.month < 1 || rule.month > 12 || !Take('.')) return false;
      rule.week = static_cast<int>(Number(1));
      if (rule.week < 1 || rule.week > 5 || !Take('.')) return false;
      rule.weekday = static_cast<int>(Number(1));
      if (rule.weekday < 0 || rule.weekday > 6) return false;
    } else {
      rule.kind = Kind::kZeroBasedDay;
      rule.day = static_cast<int>(Number(3));
      if (rule.day < 0 || rule.day > 365) return false;
    }
    return !Take('/') || TakeTime(167, rule.time);
  }

 private:
  std::string_view text_;
  std::size_t i_ = 0;
};

}  // namespace

Result<PosixTz> PosixTz::Parse(std::string_view text) {
  auto malformed = [&](const char* what) {
    return Status::DataErr("footer TZ string \"" + std::string(text) + "\": " + what);
  };
  Cursor in(text);
  PosixTz tz;
  std::int32_t west = 0;
  if (!in.TakeName()) return malformed("expected a standard-time name of 3 or more letters or <quoted>");
  if (!in.TakeTime(24, west)) return malformed("expected the standard time's offset [+-]hh[:mm[:ss]]");
  tz.std_offset_ = -west;
  if (in.done()) return tz;
  if (!in.TakeName()) return malformed("expected a daylight-saving time name after the offset");
  tz.has_dst_ = true;
  tz.dst_offset_ = tz.std_offset_ + 3600;
  if (!in.done() && in.peek() != ',') {
    if (!in.TakeTime(24, west)) return malformed("expected the daylight-saving time's offset [+-]hh[:mm[:ss]]");
    tz.dst_offset_ = -west;
  }
  if (!in.Take(',') || !in.TakeRule(tz.start_)) return malformed("expected ,start rule (Jn, n or Mm.w.d[/time])");
  if (!in.Take(',') || !in.TakeRule(tz.end_)) return malformed("expected ,end rule (Jn, n or Mm.w.d[/time])");
  if (!in.done()) return malformed("unexpected text after the end rule");
  return tz;
}

std::int32_t PosixTz::UtcOffsetAt(std::int64_t utc_seconds) const {
  if (!has_dst_) return std_offset_;
  // The latest change at or before the instant, among those of the years
  // around it: changes may be up to a week off their day (RFC 8536 3.3.1),
  // and in the southern hemisphere daylight-saving time spans new year.
  std::int64_t year = YearOfDay(FloorDiv(utc_seconds + std_offset_, kSecondsPerDay));
  std::int64_t latest = std::numeric_limits<std::int64_t>::min();
  bool dst = false;
  auto consider = [&](std::int64_t at, bool into_dst) {
    // A change back and one forward at the same instant ("DST all year"
    // rules) leave daylight-saving time on.
    if (at <= utc_seconds && (at > latest || (at == latest && into_dst))) {
      latest = at;
      dst = into_dst;
    }
  };
  for (std::int64_t y = year - 1; y <= year + 1; ++y) {
    consider(TransitionAt(end_, y, dst_offset_), false);
    consider(TransitionAt(start_, y, std_offset_), true);
  }
  return dst ? dst_offset_ : std_offset_;
}

}  // namespace evt
