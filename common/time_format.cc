#include "common/time_format.h"

#include <algorithm>
#include <cstdio>

#include "common/quoted.h"

namespace evt {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kShape = "2026-12-05T10:00:00.000+01:00";

constexpr TimePoint kEarliest = std::chrono::sys_days{std::chrono::year{0} / 1 / 1};
constexpr TimePoint kLatest = std::chrono::sys_days{std::chrono::year{10000} / 1 / 1} - milliseconds{1};

std::string Quoted(std::string_view text) { return QuotedForMessage(text); }

std::string TwoDigits(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

struct Fields {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0, millis = 0;
  int offset_minutes = 0;
};

// One pass over the text, left to right; each step either consumes what it
// expects or says what it expected there.
class Rfc3339Reader {
 public:
  explicit Rfc3339Reader(std::string_view text) : text_(text) {}

  Result<TimePoint> Read() {
    Fields f;
    EVT_RETURN_IF_ERROR(ReadDate(f));
    if (!Literal('T') && !Literal('t')) return Expected("\"T\" between the date and the time");
    EVT_RETURN_IF_ERROR(ReadTime(f));
    EVT_RETURN_IF_ERROR(ReadZone(f));
    if (pos_ != text_.size()) return Error("unexpected text after the time zone at byte " + Byte());
    return ToInstant(f);
  }

 private:
  Status ReadDate(Fields& f) {
    if (!Digits(4, &f.year)) return Expected("a 4-digit year");
    if (!Literal('-')) return Expected("\"-\" after the year");
    if (!Digits(2, &f.month)) return Expected("a 2-digit month");
    if (f.month < 1 || f.month > 12) return OutOfRange("month", f.month, 1, 12);
    if (!Literal('-')) return Expected("\"-\" after the month");
    if (!Digits(2, &f.day)) return Expected("a 2-digit day");
    int last = DaysInMonth(f.year, f.month);
    if (f.day < 1 || f.day > last) {
      return Error("day " + TwoDigits(f.day) + " out of range 01.." + TwoDigits(last) + " for " +
                   std::string(text_.substr(0, 7)));
    }
    return Status::Ok();
  }

  Status ReadTime(Fields& f) {
    if (!Digits(2, &f.hour)) return Expected("a 2-digit hour");
    if (f.hour > 23) return OutOfRange("hour", f.hour, 0, 23);
    if (!Literal(':')) return Expected("\":\" after the hour");
    if (!Digits(2, &f.minute)) return Expected("a 2-digit minute");
    if (f.minute > 59) return OutOfRange("minute", f.minute, 0, 59);
    if (!Literal(':')) return Expected("\":\" after the minute");
    if (!Digits(2, &f.second)) return Expected("a 2-digit second");
    if (f.second > 60) return OutOfRange("second", f.second, 0, 60);
    if (Literal('.')) return ReadFraction(f);
    return Status::Ok();
  }

  // Any number of digits; those past the third are dropped (truncation).
  Status ReadFraction(Fields& f) {
    size_t start = pos_;
    int scale = 100;
    for (; pos_ < text_.size() && IsDigit(text_[pos_]); ++pos_, scale /= 10) f.millis += (text_[pos_] - '0') * scale;
    if (pos_ == start) return Expected("a digit after the decimal point");
    return Status::Ok();
  }

  Status ReadZone(Fields& f) {
    if (Literal('Z') || Literal('z')) return Status::Ok();
    int sign = Literal('+') ? 1 : Literal('-') ? -1 : 0;
    if (sign == 0) return Expected("\"Z\" or an offset such as \"+01:00\" after the time");
    int hh = 0, mm = 0;
    if (!Digits(2, &hh)) return Expected("a 2-digit offset hour");
    if (hh > 23) return OutOfRange("offset hour", hh, 0, 23);
    if (!Literal(':')) return Expected("\":\" in the offset");
    if (!Digits(2, &mm)) return Expected("a 2-digit offset minute");
    if (mm > 59) return OutOfRange("offset minute", mm, 0, 59);
    f.offset_minutes = sign * (hh * 60 + mm);
    return Status::Ok();
  }

  Result<TimePoint> ToInstant(const Fields& f) const {
    bool leap_second = f.second == 60;
    auto date = std::chrono::sys_days{std::chrono::year{f.year} / f.month / f.day};
    TimePoint local = date + hours{f.hour} + minutes{f.minute} + seconds{leap_second ? 59 : f.second} +
                      milliseconds{leap_second ? 999 : f.millis};
    TimePoint utc = local - minutes{f.offset_minutes};
    if (utc < kEarliest) return Error("falls before 0000-01-01T00:00:00Z");
    if (utc > kLatest) return Error("falls after 9999-12-31T23:59:59.999Z");
    return utc;
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  static int DaysInMonth(int year, int month) {
    auto last = std::chrono::year_month_day_last{std::chrono::year{year},
                                                 std::chrono::month_day_last{std::chrono::month(month)}};
    return static_cast<int>(static_cast<unsigned>(last.day()));
  }

  bool Digits(int count, int* out) {
    if (text_.size() - pos_ < static_cast<size_t>(count)) return false;
    int n = 0;
    for (int i = 0; i < count; ++i) {
      char c = text_[pos_ + i];
      if (!IsDigit(c)) return false;
      n = n * 10 + (c - '0');
    }
    pos_ += count;
    *out = n;
    return true;
  }

  bool Literal(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  std::string Byte() const { return std::to_string(pos_ + 1); }

  Status Error(const std::string& what) const { return Status::DataErr(Quoted(text_) + ": " + what); }

  Status Expected(std::string_view what) const {
    return Error("expected " + std::string(what) + " at byte " + Byte() + ", as in \"" + std::string(kShape) + "\"");
  }

  Status OutOfRange(std::string_view field, int value, int lo, int hi) const {
    return Error(std::string(field) + " " + TwoDigits(value) + " out of range " + TwoDigits(lo) + ".." + TwoDigits(hi));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::string FormatRfc3339(TimePoint t) {
  t = std::clamp(t, kEarliest, kLatest);
  auto date = std::chrono::floor<days>(t);
  std::chrono::year_month_day ymd{date};
  std::chrono::hh_mm_ss<milliseconds> tod{t - date};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()), static_cast<int>(tod.subseconds().count()));
  return buf;
}

Result<TimePoint> ParseRfc3339(std::string_view text) { return Rfc3339Reader(text).Read(); }

}  // namespace evt
