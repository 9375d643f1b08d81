#include "common/duration.h"

#include <cstdint>
#include <numeric>

#include "common/quoted.h"

namespace evt {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t millis;
};

// Largest first: a compound duration must list its parts in this order.
constexpr Unit kUnits[] = {{"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}};
constexpr int kNoUnit = -1;
constexpr size_t kMaxFractionDigits = 18;  // what fits an uint64

std::string Quoted(std::string_view text) { return QuotedForMessage(text); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int UnitIndex(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kUnits)); ++i) {
    if (kUnits[i].name == name) return i;
  }
  return kNoUnit;
}

std::uint64_t PowerOfTen(size_t n) {
  std::uint64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Reads the parts left to right, keeping the unit of the previous part so
// the next must be smaller.
class DurationReader {
 public:
  explicit DurationReader(std::string_view text) : text_(text) {}

  Result<Duration> Read() {
    if (text_.empty()) return Error("empty; expected a duration such as \"500ms\", \"2s\" or \"15m\"");
    if (text_[0] == '-') return Error("negative durations are not allowed");
    std::int64_t total = 0;
    while (pos_ < text_.size()) {
      Result<std::int64_t> part = ReadPart();
      if (!part.ok()) return part.status();
      if (__builtin_add_overflow(total, *part, &total)) return TooLarge();
    }
    return Duration{total};
  }

 private:
  Result<std::int64_t> ReadPart() {
    size_t number_start = pos_;
    std::string_view whole = Take(IsDigit);
    if (whole.empty()) return Error("expected a number at byte " + std::to_string(pos_ + 1));
    std::string_view fraction;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      fraction = Take(IsDigit);
      if (fraction.empty()) return Error("expected a digit after the decimal point");
    }
    std::string_view number = text_.substr(number_start, pos_ - number_start);
    std::string_view unit_name = Take(IsLetter);
    if (unit_name.empty()) return Error("expected a unit: ms, s, m, h or d after \"" + std::string(number) + "\"");
    int unit = UnitIndex(unit_name);
    if (unit == kNoUnit) return Error("unknown unit \"" + std::string(unit_name) + "\"; expected ms, s, m, h or d");
    if (unit <= previous_unit_) return Error("units must go from largest to smallest, each once, as in \"1h30m\"");
    previous_unit_ = unit;
    return PartMillis(whole, fraction, kUnits[unit].millis);
  }

  Result<std::int64_t> PartMillis(std::string_view whole, std::string_view fraction, std::int64_t unit) const {
    std::int64_t count = 0;
    for (char c : whole) {
      if (__builtin_mul_overflow(count, 10, &count) || __builtin_add_overflow(count, c - '0', &count)) {
        return TooLarge();
      }
    }
    std::int64_t millis = 0;
    if (__builtin_mul_overflow(count, unit, &millis)) return TooLarge();
    Result<std::int64_t> fraction_millis = FractionMillis(fraction, unit);
    if (!fraction_millis.ok()) return fraction_millis.status();
    if (__builtin_add_overflow(millis, *fraction_millis, &millis)) return TooLarge();
    return millis;
  }

  // 0.<fraction> of `unit` milliseconds, exactly, or an error if that is
  // not a whole number of milliseconds.
  Result<std::int64_t> FractionMillis(std::string_view fraction, std::int64_t unit) const {
    while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
    if (fraction.empty()) return std::int64_t{0};
    if (fraction.size() > kMaxFractionDigits) return FinerThanMillisecond();
    std::uint64_t digits = 0;
    for (char c : fraction) digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
    std::uint64_t scale = PowerOfTen(fraction.size());
    std::uint64_t common = std::gcd(scale, static_cast<std::uint64_t>(unit));
    std::uint64_t denominator = scale / common;
    if (digits % denominator != 0) return FinerThanMillisecond();
    // digits / scale < 1, so the product stays below `unit`.
    return static_cast<std::int64_t>(digits / denominator * (static_cast<std::uint64_t>(unit) / common));
  }

  template <class Pred>
  std::string_view Take(Pred pred) {
    size_t start = pos_;
    while (pos_ < text_.size() && pred(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  Status Error(const std::string& what) const { return Status::DataErr(Quoted(text_) + ": " + what); }
  Status TooLarge() const { return Error("too large (the limit is about 292 million years)"); }
  Status FinerThanMillisecond() const { return Error("finer than a millisecond; durations are whole milliseconds"); }

  std::string_view text_;
  size_t pos_ = 0;
  int previous_unit_ = kNoUnit;
};

}  // namespace

Result<Duration> ParseDuration(std::string_view text) { return DurationReader(text).Read(); }

std::string FormatDuration(Duration d) {
  std::int64_t count = d.count();
  // Negated as unsigned: -INT64_MIN does not fit an int64.
  std::uint64_t rest = count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
  std::string out = count < 0 ? "-" : "";
  for (const Unit& unit : kUnits) {
    std::uint64_t n = rest / static_cast<std::uint64_t>(unit.millis);
    rest %= static_cast<std::uint64_t>(unit.millis);
    if (n > 0) out += std::to_string(n) + std::string(unit.name);
  }
  if (count == 0) out = "0s";
  return out;
}

}  // namespace evt
