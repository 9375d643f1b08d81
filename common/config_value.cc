#include "common/config_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "common/json_writer.h"
#include "common/number_text.h"
#include "common/utf8.h"

namespace evt {
namespace {

constexpr size_t kMaxQuotedBytes = 64;
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

std::string ShortNumber(double d) { return ShortestText(d); }

// A string as JSON would spell it, cut at a character boundary when long.
std::string QuotedString(const std::string& s) {
  const size_t n = Utf8CutPoint(s, kMaxQuotedBytes);
  std::string out;
  if (!AppendJsonString(out, std::string_view(s).substr(0, n)).ok()) return "a string";
  if (n < s.size()) out.insert(out.size() - 1, "...");
  return out;
}

template <class T, class Convert>
Result<std::vector<T>> Elements(const Value& v, const std::string& where, Convert convert) {
  if (!v.is_array()) return ConfigExpected(where, "an array", v);
  std::vector<T> out;
  for (size_t i = 0; i < v.as_array().size(); ++i) {
    Result<T> item = convert(v.as_array()[i], where + "/" + std::to_string(i));
    if (!item.ok()) return item.status();
    out.push_back(std::move(*item));
  }
  return out;
}

Result<std::string> StringElement(const Value& v, const std::string& where) { return ConfigString(v, where); }
Result<double> NumberElement(const Value& v, const std::string& where) { return ConfigNumber(v, where); }

}  // namespace

// What a value is, for "got ...": short scalars as written, others by type.
std::string DescribeConfigValue(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      return "null";
    case Value::Type::kBool:
      return v.as_bool() ? "true" : "false";
    case Value::Type::kInt:
      return std::to_string(v.as_int());
    case Value::Type::kUint:
      return std::to_string(v.as_uint());
    case Value::Type::kDouble:
      return ShortNumber(v.as_double());
    case Value::Type::kString:
      return QuotedString(v.as_string());
    default:
      return std::string(v.type_name());
  }
}

Status ConfigExpected(const std::string& where, std::string_view what, const Value& got) {
  return Status::Config(where + ": expected " + std::string(what) + ", got " + DescribeConfigValue(got));
}

Result<std::string> ConfigString(const Value& v, const std::string& where) {
  if (!v.is_string()) return ConfigExpected(where, "a string", v);
  return v.as_string();
}

Result<std::int64_t> ConfigInt(const Value& v, const std::string& where) {
  if (v.is_int()) return v.as_int();
  if (v.is_integer()) return Status::Config(where + ": " + DescribeConfigValue(v) + " is too large for an integer");
  if (v.is_number() && std::trunc(v.as_double()) == v.as_double() && std::fabs(v.as_double()) <= kMaxExactInteger) {
    return static_cast<std::int64_t>(v.as_double());
  }
  return ConfigExpected(where, "an integer", v);
}

Result<double> ConfigNumber(const Value& v, const std::string& where) {
  if (!v.is_number()) return ConfigExpected(where, "a number", v);
  return v.as_double();
}

Result<bool> ConfigBool(const Value& v, const std::string& where) {
  if (!v.is_bool()) return ConfigExpected(where, "true or false", v);
  return v.as_bool();
}

Result<double> ConfigRatio(const Value& v, const std::string& where) {
  if (v.is_number() && v.as_double() >= 0 && v.as_double() <= 1) return v.as_double();
  Status status = ConfigExpected(where, "a ratio from 0 to 1", v);
  if (v.is_number() && v.as_double() > 1 && v.as_double() <= 100) {
    return Status::Config(status.message() + " (ratios are 0..1, not percent: write " +
                          ShortNumber(v.as_double() / 100) + ")");
  }
  return status;
}

Result<Duration> ConfigDuration(const Value& v, const std::string& where) {
  constexpr std::string_view kWhat = "a duration such as \"500ms\", \"2s\" or \"15m\"";
  if (v.is_int()) {
    return Status::Config(ConfigExpected(where, kWhat, v).message() + "; durations need a unit, as in \"" +
                          std::to_string(v.as_int()) + "ms\"");
  }
  if (!v.is_string()) return ConfigExpected(where, kWhat, v);
  Result<Duration> d = ParseDuration(v.as_string());
  if (!d.ok()) return Status::Config(where + ": expected " + std::string(kWhat) + ", got " + d.status().message());
  return *d;
}

Result<TimePoint> ConfigTime(const Value& v, const std::string& where) {
  constexpr std::string_view kWhat = "an RFC 3339 time such as \"2026-12-05T10:00:00+01:00\"";
  if (!v.is_string()) return ConfigExpected(where, kWhat, v);
  Result<TimePoint> t = ParseRfc3339(v.as_string());
  if (!t.ok()) return Status::Config(where + ": expected " + std::string(kWhat) + ", got " + t.status().message());
  return *t;
}

Result<std::string> ConfigPath(const Value& v, const std::string& where, const std::string& folder) {
  if (!v.is_string() || v.as_string().empty()) return ConfigExpected(where, "a file path", v);
  const std::string& written = v.as_string();
  if (written.find('\0') != std::string::npos) return Status::Config(where + ": a file path cannot hold a NUL byte");
  if (written == "~" || written.rfind("~/", 0) == 0) {
    return Status::Config(where + ": \"~\" is not expanded; write an absolute path or one relative to " + folder);
  }
  std::filesystem::path path(written);
  if (path.is_relative() && !folder.empty()) path = std::filesystem::path(folder) / path;
  return path.lexically_normal().string();
}

Result<std::vector<std::string>> ConfigStringArray(const Value& v, const std::string& where) {
  return Elements<std::string>(v, where, StringElement);
}

Result<std::vector<double>> ConfigNumberArray(const Value& v, const std::string& where) {
  return Elements<double>(v, where, NumberElement);
}

}  // namespace evt
