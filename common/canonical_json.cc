#include "common/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

#include "common/json_writer.h"

namespace evt {
namespace {

// UTF-16 code units of valid UTF-8 `s`: surrogate pairs above U+FFFF.
std::u16string Utf16(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += static_cast<std::size_t>(extra) + 1;
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    }
  }
  return out;
}

Status AppendNumber(std::string& out, double d) {
  if (!std::isfinite(d)) return Status::DataErr("canonical JSON: NaN and infinity are not JSON numbers");
  out += EcmaScriptNumber(d);
  return Status::Ok();
}

Status Append(std::string& out, const Value& v);

Status AppendObject(std::string& out, const Object& members) {
  // Keys are checked as UTF-8 (AppendJsonString) before they are sorted.
  std::vector<std::pair<std::u16string, const Member*>> sorted;
  std::string scratch;
  for (const Member& m : members) {
    EVT_RETURN_IF_ERROR(AppendJsonString(scratch, m.first));
    sorted.emplace_back(Utf16(m.first), &m);
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out += '{';
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out += ',';
    EVT_RETURN_IF_ERROR(AppendJsonString(out, sorted[i].second->first));
    out += ':';
    EVT_RETURN_IF_ERROR(Append(out, sorted[i].second->second));
  }
  out += '}';
  return Status::Ok();
}

Status Append(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull: out += "null"; return Status::Ok();
    case Value::Type::kBool: out += v.as_bool() ? "true" : "false"; return Status::Ok();
    case Value::Type::kInt:
    case Value::Type::kUint:
    case Value::Type::kDouble: return AppendNumber(out, v.as_double());
    case Value::Type::kString: return AppendJsonString(out, v.as_string());
    case Value::Type::kArray: {
      out += '[';
      for (std::size_t i = 0; i < v.as_array().size(); ++i) {
        if (i > 0) out += ',';
        EVT_RETURN_IF_ERROR(Append(out, v.as_array()[i]));
      }
      out += ']';
      return Status::Ok();
    }
    case Value::Type::kObject: return AppendObject(out, v.as_object());
  }
  return Status::Internal("canonical JSON: unknown value type");
}

}  // namespace

std::string EcmaScriptNumber(double d) {
  if (d == 0) return "0";  // -0 too
  if (d < 0) return "-" + EcmaScriptNumber(-d);
  // The shortest digits that round-trip, as "d.ddde±x": ECMAScript's k
  // digits s and exponent n (value = 0.s × 10^n) follow from them.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  std::size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int n = std::atoi(std::string(text.substr(e + 1)).c_str()) + 1;
  int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) return digits + std::string(static_cast<std::size_t>(n - k), '0');
  auto point = static_cast<std::size_t>(n);
  if (0 < n && n <= 21) return digits.substr(0, point) + "." + digits.substr(point);
  if (-6 < n && n <= 0) return "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  std::string exponent = (n - 1 < 0 ? "e-" : "e+") + std::to_string(std::abs(n - 1));
  if (k == 1) return digits + exponent;
  return digits.substr(0, 1) + "." + digits.substr(1) + exponent;
}

Result<std::string> CanonicalJson(const Value& v) {
  std::string out;
  EVT_RETURN_IF_ERROR(Append(out, v));
  return out;
}

bool SameCanonicalJson(const Value& a, const Value& b) {
  Result<std::string> ca = CanonicalJson(a);
  Result<std::string> cb = CanonicalJson(b);
  return ca.ok() && cb.ok() && *ca == *cb;
}

}  // namespace evt
