#include "tools/load/json_log.h"

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "common/quoted.h"
#include "common/time_format.h"
#include "tools/load/request_line.h"

namespace evt::load {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
// 9999-12-31T23:59:59Z, the last instant RFC 3339 can write.
constexpr double kLastEpochSecond = 253'402'300'799.0;
constexpr double kMaxRequestTimeSeconds = 86'400.0;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "1733480000.123" (or without the fraction) in µs, digits beyond the
// microsecond truncated; nullopt unless the whole text is such a number.
std::optional<std::int64_t> DecimalSecondsMicros(std::string_view text) {
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || (dot != std::string_view::npos && fraction.empty())) return std::nullopt;
  std::int64_t seconds = 0;
  for (char c : whole) {
    if (!IsDigit(c)) return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  std::int64_t micros = 0;
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    if (!IsDigit(fraction[i])) return std::nullopt;
    if (i < 6) micros = micros * 10 + (fraction[i] - '0');
  }
  for (std::size_t i = fraction.size(); i < 6; ++i) micros *= 10;
  return seconds * kMicrosPerSecond + micros;
}

struct LoggedTime {
  std::int64_t us = 0;
  bool whole_second = false;
};

Result<LoggedTime> TimeOf(const Value& v) {
  if (v.is_number()) {
    double seconds = v.as_double();
    if (!(seconds >= 0 && seconds <= kLastEpochSecond)) {
      return Status::DataErr("expected epoch seconds from 0 to year 9999");
    }
    return LoggedTime{std::llround(seconds * kMicrosPerSecond), v.is_integer()};
  }
  if (!v.is_string()) return Status::DataErr("expected epoch seconds or an RFC 3339 time, got " + std::string(v.type_name()));
  const std::string& text = v.as_string();
  if (std::optional<std::int64_t> us = DecimalSecondsMicros(text)) {
    return LoggedTime{*us, text.find('.') == std::string::npos};
  }
  Result<std::int64_t> us = ParseRfc3339Micros(text);
  if (!us.ok()) return us.status();
  return LoggedTime{*us, !(text.size() > 19 && text[19] == '.')};
}

// $request_time: seconds as a number or a string; "-" is none.
Result<std::int64_t> SecondsMicros(const Value& v) {
  if (v.is_string() && v.as_string() == "-") return std::int64_t{0};
  std::optional<std::int64_t> us;
  if (v.is_number() && v.as_double() >= 0 && v.as_double() <= kMaxRequestTimeSeconds) {
    us = std::llround(v.as_double() * kMicrosPerSecond);
  } else if (v.is_string()) {
    us = DecimalSecondsMicros(v.as_string());
  }
  if (!us || *us > static_cast<std::int64_t>(kMaxRequestTimeSeconds) * kMicrosPerSecond) {
    return Status::DataErr("expected seconds from 0 to 86400 such as 0.123");
  }
  return *us;
}

Result<std::optional<long>> StatusOf(const Value* v) {
  if (v == nullptr || v->is_null() || (v->is_string() && v->as_string() == "-")) return std::optional<long>();
  std::optional<std::int64_t> status;
  if (v->is_int()) status = v->as_int();
  if (v->is_string() && v->as_string().size() == 3 && IsDigit(v->as_string()[0]) && IsDigit(v->as_string()[1]) &&
      IsDigit(v->as_string()[2])) {
    status = std::stoi(v->as_string());
  }
  if (!status || *status < 100 || *status > 599) return Status::DataErr("expected an HTTP status from 100 to 599");
  return std::optional<long>(static_cast<long>(*status));
}

Result<std::string> StringOf(const Value& v) {
  if (!v.is_string()) return Status::DataErr("expected a string, got " + std::string(v.type_name()));
  return v.as_string();
}

std::string Where(std::string_view file, std::int64_t line, std::string_view field) {
  return std::string(file) + ":" + std::to_string(line) + ": " + QuotedForMessage(field);
}

const Value* Field(const Value& record, std::string_view name) { return name.empty() ? nullptr : record.find(name); }

Result<const Value*> RequiredField(const Value& record, std::string_view name, std::string_view file,
                                   std::int64_t line) {
  const Value* v = Field(record, name);
  if (v == nullptr) return Status::DataErr("missing").Prefixed(Where(file, line, name));
  return v;
}

// The request of a record from its method and target fields, each checked
// as a logged request line's parts are.
Status FillRequest(const Value& method, const Value& target, std::string_view method_name,
                   std::string_view target_name, std::string_view file, std::int64_t line, ReplayRequest& out) {
  Result<std::string> m = StringOf(method);
  Status checked = m.ok() ? CheckMethod(*m) : m.status();
  if (!checked.ok()) return checked.Prefixed(Where(file, line, method_name));
  Result<std::string> t = StringOf(target);
  if (t.ok()) t = TargetToSend(*t);
  if (!t.ok()) return t.status().Prefixed(Where(file, line, target_name));
  out.method = std::move(m).value();
  out.target = std::move(t).value();
  out.line = line;
  return Status::Ok();
}

}  // namespace

Result<std::int64_t> ParseRfc3339Micros(std::string_view text) {
  Result<TimePoint> t = ParseRfc3339(text);
  if (!t.ok()) return t.status();
  std::int64_t us = t->time_since_epoch().count() * 1000;
  // ParseRfc3339 keeps milliseconds; the fourth to sixth fractional digits
  // are added here ("...:00.123456Z": 456 µs).
  if (text.size() > 19 && text[19] == '.') {
    std::int64_t below_ms = 0;
    std::size_t i = 23;
    for (; i < 26 && i < text.size() && IsDigit(text[i]); ++i) below_ms = below_ms * 10 + (text[i] - '0');
    for (std::size_t scale = i; scale < 26; ++scale) below_ms *= 10;
    if (i > 23) us += below_ms;
  }
  return us;
}

JsonLogParser::JsonLogParser(JsonLogFields fields) : fields_(std::move(fields)) {}

Result<Value> JsonLogParser::ParseObject(std::string_view text, std::string_view file, std::int64_t line) {
  padded_.assign(text);
  padded_.push_back('\n');
  padded_.append(kJsonPadding, '\0');
  Result<Value> value = parser_.Parse(std::string_view(padded_.data(), text.size()), file,
                                      static_cast<std::size_t>(line));
  if (value.ok() && !value->is_object()) {
    return Status::DataErr("expected a JSON object, got " + std::string(value->type_name()))
        .Prefixed(std::string(file) + ":" + std::to_string(line));
  }
  return value;
}

Result<LoggedRequest> JsonLogParser::ParseMapped(std::string_view text, std::string_view file, std::int64_t line) {
  EVT_ASSIGN_OR_RETURN(Value record, ParseObject(text, file, line));
  EVT_ASSIGN_OR_RETURN(const Value* time, RequiredField(record, fields_.time, file, line));
  EVT_ASSIGN_OR_RETURN(const Value* method, RequiredField(record, fields_.method, file, line));
  EVT_ASSIGN_OR_RETURN(const Value* path, RequiredField(record, fields_.path, file, line));
  LoggedRequest out;
  EVT_RETURN_IF_ERROR(FillRequest(*method, *path, fields_.method, fields_.path, file, line, out.request));
  Result<LoggedTime> logged = TimeOf(*time);
  if (!logged.ok()) return logged.status().Prefixed(Where(file, line, fields_.time));
  out.logged_us = logged->us;
  out.whole_second = logged->whole_second;
  if (const Value* request_time = Field(record, fields_.request_time)) {
    Result<std::int64_t> us = SecondsMicros(*request_time);
    if (!us.ok()) return us.status().Prefixed(Where(file, line, fields_.request_time));
    out.request_time_us = *us;
  }
  Result<std::optional<long>> status = StatusOf(Field(record, fields_.status));
  if (!status.ok()) return status.status().Prefixed(Where(file, line, fields_.status));
  out.request.status = *status;
  return out;
}

Result<LoggedRequest> JsonLogParser::ParseLoadRequest(std::string_view text, std::string_view file,
                                                      std::int64_t line) {
  EVT_ASSIGN_OR_RETURN(Value record, ParseObject(text, file, line));
  const Value* kind = record.find("kind");
  if (kind == nullptr || !kind->is_string() || kind->as_string() != "load.request") {
    return Status::DataErr("expected a load.request record").Prefixed(Where(file, line, "kind"));
  }
  EVT_ASSIGN_OR_RETURN(const Value* method, RequiredField(record, "method", file, line));
  EVT_ASSIGN_OR_RETURN(const Value* url, RequiredField(record, "url", file, line));
  EVT_ASSIGN_OR_RETURN(const Value* intended, RequiredField(record, "intended", file, line));
  LoggedRequest out;
  EVT_RETURN_IF_ERROR(FillRequest(*method, *url, "method", "url", file, line, out.request));
  Result<std::string> intended_text = StringOf(*intended);
  Result<std::int64_t> us = intended_text.ok() ? ParseRfc3339Micros(*intended_text) : intended_text.status();
  if (!us.ok()) return us.status().Prefixed(Where(file, line, "intended"));
  out.logged_us = *us;
  Result<std::optional<long>> status = StatusOf(record.find("status"));
  if (!status.ok()) return status.status().Prefixed(Where(file, line, "status"));
  out.request.status = *status;
  return out;
}

}  // namespace evt::load
