#include "tools/price/field_reader.h"

#include <cmath>
#include <optional>

#include "common/config_value.h"
#include "common/json_writer.h"

namespace evt::price {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53: beyond it a double skips integers

}  // namespace

std::string Describe(const Value& v) { return DescribeConfigValue(v); }

Result<FieldReader> FieldReader::Of(const Value& value, std::string prefix, std::string pointer) {
  if (prefix.size() >= 2) prefix.resize(prefix.size() - 2);  // "catalog.json: " names the file "catalog.json"
  ConfigOrigin origin{std::move(prefix), "", SystemEnv, ExitCode::kDataErr, UnknownKeys::kFirstOnly};
  EVT_ASSIGN_OR_RETURN(ConfigObject object, ConfigObject::Borrowing(value, std::move(pointer), std::move(origin)));
  return FieldReader(std::move(object));
}

std::string FieldReader::prefix() const {
  const std::string& file = object_.origin().file;
  return file.empty() ? "" : file + ": ";
}

std::string FieldReader::PointerOf(std::string_view key) const { return pointer() + JsonPointerToken(key); }

Status FieldReader::Error(std::string_view key, std::string_view what) const { return object_.Error(key, what); }

Status FieldReader::Error(std::string_view what) const { return object_.Error(what); }

Status FieldReader::Expected(std::string_view key, std::string_view what, const Value& got) const {
  return Error(key, "expected " + std::string(what) + ", got " + Describe(got));
}

const Value* FieldReader::Required(std::string_view key, Status& error) {
  const Value* v = Find(key);
  if (!v) error = Error(key, "missing (required)");
  return v;
}

Result<std::string> FieldReader::String(std::string_view key) {
  Status error;
  const Value* v = Required(key, error);
  if (!v) return error;
  if (!v->is_string() || v->as_string().empty()) return Expected(key, "a non-empty string", *v);
  return v->as_string();
}

Result<std::optional<std::string>> FieldReader::OptionalString(std::string_view key) {
  if (!Has(key)) {
    Find(key);
    return std::optional<std::string>();
  }
  EVT_ASSIGN_OR_RETURN(std::string s, String(key));
  return std::optional<std::string>(std::move(s));
}

Result<std::vector<std::string>> FieldReader::Strings(std::string_view key) {
  std::vector<std::string> out;
  const Value* v = Find(key);
  if (!v) return out;
  if (!v->is_array()) return Expected(key, "an array of strings", *v);
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const Value& item = v->as_array()[i];
    if (!item.is_string() || item.as_string().empty()) {
      return Status::DataErr(prefix() + PointerOf(key) + "/" + std::to_string(i) +
                             ": expected a non-empty string, got " + Describe(item));
    }
    out.push_back(item.as_string());
  }
  return out;
}

Result<bool> FieldReader::Bool(std::string_view key, bool fallback) {
  const Value* v = Find(key);
  if (!v) return fallback;
  if (!v->is_bool()) return Expected(key, "true or false", *v);
  return v->as_bool();
}

Result<std::int64_t> FieldReader::Integer(std::string_view key, std::int64_t minimum) {
  Status error;
  const Value* v = Required(key, error);
  if (!v) return error;
  std::string what = "a whole number >= " + std::to_string(minimum);
  if (v->is_integer() && !v->is_int()) return Error(key, "expected " + what + " that fits in 64 bits, got " + Describe(*v));
  // A whole number is one however it is written: 1e3 is 1000, as config
  // values read it (ConfigInt), not a refusal that says "got 1000".
  std::optional<std::int64_t> n;
  if (v->is_int()) n = v->as_int();
  if (v->type() == Value::Type::kDouble && std::trunc(v->as_double()) == v->as_double() &&
      std::fabs(v->as_double()) <= kMaxExactInteger) {
    n = static_cast<std::int64_t>(v->as_double());
  }
  if (!n || *n < minimum) return Expected(key, what, *v);
  return *n;
}

Result<std::optional<std::int64_t>> FieldReader::OptionalInteger(std::string_view key, std::int64_t minimum) {
  if (!Has(key)) {
    Find(key);
    return std::optional<std::int64_t>();
  }
  EVT_ASSIGN_OR_RETURN(std::int64_t n, Integer(key, minimum));
  return std::optional<std::int64_t>(n);
}

Result<Rate> FieldReader::Percent(std::string_view key) {
  Status error;
  const Value* v = Required(key, error);
  if (!v) return error;
  constexpr std::string_view kWhat = "a percentage above 0 and at most 100 with at most 7 decimals";
  if (!v->is_number()) return Expected(key, kWhat, *v);
  std::optional<std::int64_t> scaled = ExactDecimal(v->as_double(), 7);
  if (!scaled || *scaled <= 0 || *scaled > kRateScale) return Expected(key, kWhat, *v);
  return Rate{*scaled};
}

Result<FieldReader> FieldReader::Object(std::string_view key) {
  Status error;
  const Value* v = Required(key, error);
  if (!v) return error;
  return Of(*v, prefix(), PointerOf(key));
}

}  // namespace evt::price
