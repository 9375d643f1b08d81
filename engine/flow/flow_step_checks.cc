#include "engine/flow/flow_step_checks.h"

#include <cmath>
#include <optional>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/number_text.h"
#include "engine/flow/json_pointer.h"
#include "engine/probe/round_millis.h"

namespace evt::probe {
namespace {

// Longer values are cut in messages.
constexpr std::size_t kShownValue = 80;

std::string Shown(const Value& v) {
  Result<std::string> json = ToJson(v);
  std::string text = json.ok() ? *json : std::string(v.type_name());
  if (text.size() > kShownValue) text = text.substr(0, kShownValue) + "...";
  return text;
}

std::string FormatMillis(double ms) { return ShortestText(RoundMillis(ms)); }

// A captured or compared string: strings as they are, numbers and booleans
// as their JSON text, so {"id": 42} captures "42".
std::optional<std::string> AsText(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_number() || v.is_bool()) {
    Result<std::string> json = ToJson(v);
    if (json.ok()) return *json;
  }
  return std::nullopt;
}

bool SameValue(const Value& actual, const JsonExpectation& x, const VariableLookup& lookup) {
  if (x.text) return actual.is_string() && actual.as_string() == x.text->Render(lookup);
  if (actual.is_number() && x.value.is_number()) return actual.as_double() == x.value.as_double();
  return actual == x.value;
}

std::string Expected(const JsonExpectation& x, const VariableLookup& lookup) {
  if (x.text) return Shown(Value(x.text->Render(lookup)));
  return Shown(x.value);
}

// 3000 rather than 3000.0 for a bound written as a whole number.
std::string ShownNumber(double n) {
  if (std::floor(n) == n && std::fabs(n) < 1e15) return Shown(Value(static_cast<std::int64_t>(n)));
  return Shown(Value(n));
}

// "equals \"TEE\"", "matches /^o-/", "lt 3000": what the expectation wants.
std::string Wanted(const JsonExpectation& x, const VariableLookup& lookup) {
  using Op = JsonExpectation::Op;
  std::string op = JsonOpName(x.op);
  if (x.op == Op::kEquals || x.op == Op::kNotEquals) return op + " " + Expected(x, lookup);
  if (x.op == Op::kMatches) return op + " /" + x.pattern->text() + "/";
  return op + " " + ShownNumber(x.number);
}

std::string CheckJson(const JsonExpectation& x, const Value* body, const VariableLookup& lookup) {
  using Op = JsonExpectation::Op;
  const Value* at = body ? ResolveJsonPointer(*body, x.pointer) : nullptr;
  std::string where = "json " + (x.pointer.empty() ? std::string("(the whole body)") : x.pointer);
  if (x.op == Op::kExists) {
    bool want = x.value.as_bool();
    if ((at != nullptr) == want) return "";
    return where + ": expected " + (want ? "a value, found nothing" : "nothing, found " + Shown(*at));
  }
  if (at == nullptr) return where + ": nothing there, expected " + Wanted(x, lookup);
  switch (x.op) {
    case Op::kEquals:
      return SameValue(*at, x, lookup) ? "" : where + ": expected " + Expected(x, lookup) + ", got " + Shown(*at);
    case Op::kNotEquals:
      return !SameValue(*at, x, lookup) ? "" : where + ": expected anything but " + Expected(x, lookup);
    case Op::kMatches: {
      std::optional<std::string> text = AsText(*at);
      if (text && x.pattern->Search(*text)) return "";
      return where + ": " + Shown(*at) + " does not match /" + x.pattern->text() + "/";
    }
    default: break;
  }
  if (!at->is_number()) return where + ": expected a number, got " + Shown(*at);
  double v = at->as_double();
  bool holds = x.op == Op::kLess ? v < x.number
               : x.op == Op::kLessOrEqual ? v <= x.number
               : x.op == Op::kGreater ? v > x.number
                                      : v >= x.number;
  if (holds) return "";
  return where + ": expected " + Wanted(x, lookup) + ", got " + Shown(*at);
}

bool NeedsJson(const FlowStep& step) {
  if (!step.json.empty()) return true;
  for (const Capture& c : step.captures)
    if (c.source == Capture::Source::kJson) return true;
  return false;
}

std::string CaptureOne(const Capture& c, const ProbeResult& r, const Value* body, std::string& value) {
  std::string prefix = "capture " + c.variable + ": ";
  switch (c.source) {
    case Capture::Source::kJson: {
      const Value* at = body ? ResolveJsonPointer(*body, c.pointer) : nullptr;
      if (at == nullptr) return prefix + "nothing at " + (c.pointer.empty() ? "\"\"" : c.pointer) + " in the response body";
      std::optional<std::string> text = AsText(*at);
      if (!text) return prefix + "the value at " + c.pointer + " is " + std::string(at->type_name()) +
                        ", expected a string, number or boolean";
      value = *text;
      return "";
    }
    case Capture::Source::kHeader: {
      std::optional<std::string> header = JoinedHeader(r.headers, c.header);
      if (!header) return prefix + "no header " + c.header + " in the response";
      value = *header;
      return "";
    }
    case Capture::Source::kRegex: {
      std::optional<std::string> group = c.regex->Group(r.body, c.group);
      if (!group) return prefix + "/" + c.regex->text() + "/ group " + std::to_string(c.group) +
                         " matched nothing in the response body";
      value = *group;
      return "";
    }
  }
  return prefix + "unknown source";
}

}  // namespace

std::string CheckStepResponse(const FlowStep& step, const ProbeResult& r, const VariableLookup& lookup,
                              std::map<std::string, std::string>& captured) {
  if (step.max_latency && r.total_ms > static_cast<double>(step.max_latency->count()))
    return "took " + FormatMillis(r.total_ms) + " ms, more than max_latency " +
           std::to_string(step.max_latency->count()) + " ms";
  std::optional<Value> body;
  if (NeedsJson(step)) {
    Result<Value> parsed = ParseJson(r.body, "the response body");
    if (!parsed.ok()) return "the response body is not JSON: " + parsed.status().message();
    body = std::move(*parsed);
  }
  const Value* document = body ? &*body : nullptr;
  for (const JsonExpectation& x : step.json) {
    std::string error = CheckJson(x, document, lookup);
    if (!error.empty()) return error;
  }
  std::map<std::string, std::string> values;
  for (const Capture& c : step.captures) {
    std::string value;
    std::string error = CaptureOne(c, r, document, value);
    if (!error.empty()) return error;
    values[c.variable] = std::move(value);
  }
  for (auto& [name, value] : values) captured[name] = std::move(value);
  return "";
}

}  // namespace evt::probe
