#include "tools/load/load_records.h"


#include "common/json_writer.h"
#include "common/time_format.h"

namespace evt::load {
namespace {

double Millis(std::int64_t micros) { return static_cast<double>(micros) / 1000; }

TimePoint Milliseconds(MicroTime t) { return std::chrono::floor<std::chrono::milliseconds>(t); }

Value Percentiles(const LatencyHistogram& h) {
  return Value::object({{"count", h.count()},
                        {"p50_ms", Millis(h.ValueAtPercentile(50))},
                        {"p90_ms", Millis(h.ValueAtPercentile(90))},
                        {"p99_ms", Millis(h.ValueAtPercentile(99))},
                        {"p99_9_ms", Millis(h.ValueAtPercentile(99.9))},
                        {"max_ms", Millis(h.max())}});
}

Value Slices(const std::map<std::string, LatencySlice>& slices) {
  Value map = Value::object();
  for (const auto& [name, s] : slices)
    map.set(name, Value::object({{"count", s.latency.count()},
                                 {"errors", s.errors},
                                 {"p50_ms", Millis(s.latency.ValueAtPercentile(50))},
                                 {"p99_ms", Millis(s.latency.ValueAtPercentile(99))},
                                 {"max_ms", Millis(s.latency.max())}}));
  return map;
}

Value Errors(const LoadWindow& w) {
  Value errors = Value::object();
  for (std::size_t i = 0; i < kErrorClasses; ++i)
    if (w.errors[i] > 0) errors.set(ErrorClassName(static_cast<ErrorClass>(i)), w.errors[i]);
  return errors;
}

// What a window and the whole run both say.
void AddFigures(const LoadWindow& w, Value& record) {
  record.set("duration_ms", w.seconds * 1000);
  record.set("target_rate", w.target_rate);
  record.set("achieved_rate", w.achieved_rate());
  record.set("intended", w.intended);
  record.set("sent", w.sent);
  record.set("completed", w.completed);
  record.set("in_flight", w.in_flight);
  record.set("slipped", w.slipped);
  record.set("held_back", w.held_back);
  record.set("errors", Errors(w));
  record.set("error_ratio", w.completed > 0 ? static_cast<double>(w.error_count()) / static_cast<double>(w.completed) : 0.0);
  if (w.corrected.count() > 0) record.set("latency", Percentiles(w.corrected));
  if (w.uncorrected.count() > 0) record.set("uncorrected", Percentiles(w.uncorrected));
  if (w.slip.count() > 0)
    record.set("slip", Value::object({{"p50_ms", Millis(w.slip.ValueAtPercentile(50))},
                                      {"p99_ms", Millis(w.slip.ValueAtPercentile(99))},
                                      {"max_ms", Millis(w.slip.max())}}));
  if (!w.slices.by_class.empty()) record.set("classes", Slices(w.slices.by_class));
  if (!w.slices.by_step.empty()) record.set("steps", Slices(w.slices.by_step));
}

// Writes `digits` decimal digits of `value`, zero-padded.
void AppendDigits(std::string& out, unsigned value, int digits) {
  char text[8];
  for (int i = digits - 1; i >= 0; --i, value /= 10) text[i] = static_cast<char>('0' + value % 10);
  out.append(text, static_cast<std::size_t>(digits));
}

// By hand rather than snprintf: --raw formats five instants per request,
// 100,000 a second at 20,000 requests/s, and snprintf made that the
// record's main cost.
// `fraction_digits`: 6 for microseconds, 3 for a record's "ts".
void AppendRfc3339(std::string& out, MicroTime t, int fraction_digits) {
  const auto date = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{date};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // four digits are all the format holds: clamp as FormatRfc3339 does
    std::string text = FormatRfc3339(Milliseconds(t));
    if (fraction_digits == 6) text.insert(text.size() - 1, year < 0 ? "000" : "999");
    out += text;
    return;
  }
  const std::chrono::hh_mm_ss<std::chrono::microseconds> tod{t - date};
  AppendDigits(out, static_cast<unsigned>(year), 4);
  out += '-';
  AppendDigits(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  AppendDigits(out, static_cast<unsigned>(ymd.day()), 2);
  out += 'T';
  AppendDigits(out, static_cast<unsigned>(tod.hours().count()), 2);
  out += ':';
  AppendDigits(out, static_cast<unsigned>(tod.minutes().count()), 2);
  out += ':';
  AppendDigits(out, static_cast<unsigned>(tod.seconds().count()), 2);
  out += '.';
  const auto micros = static_cast<unsigned>(tod.subseconds().count());
  AppendDigits(out, fraction_digits == 6 ? micros : micros / 1000, fraction_digits);
  out += 'Z';
}

void AppendInteger(std::string& out, std::string_view key, std::int64_t value) {
  out += ",\"";
  out += key;
  out += "\":";
  out += std::to_string(value);
}

Status AppendString(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  return AppendJsonString(out, value).Prefixed(key);
}

void AppendInstant(std::string& out, std::string_view key, MicroTime t) {
  out += ",\"";
  out += key;
  out += "\":\"";
  AppendRfc3339(out, t, 6);
  out += '"';
}

}  // namespace

const char* StopCauseName(StopCause cause) {
  switch (cause) {
    case StopCause::kDone: return "done";
    case StopCause::kInterrupted: return "interrupted";
    case StopCause::kAborted: return "aborted";
    case StopCause::kTimeBound: return "time bound";
    case StopCause::kRequestBound: return "request bound";
  }
  return "done";
}

std::string FormatRfc3339Micros(MicroTime t) {
  std::string text;
  AppendRfc3339(text, t, 6);
  return text;
}

Value WindowRecord(const LoadWindow& window) {
  Value record = Value::object({{"kind", "load.window"},
                                {"v", 1},
                                {"ts", FormatRfc3339(Milliseconds(window.start))},
                                {"synthetic", kSyntheticTag}});
  AddFigures(window, record);
  return record;
}

Value SummaryRecord(const RunDescription& run, const LoadWindow& whole_run) {
  Value record = Value::object({{"kind", "load.summary"},
                                {"v", 1},
                                {"ts", FormatRfc3339(Milliseconds(whole_run.start))},
                                {"synthetic", kSyntheticTag},
                                {"unit", run.unit},
                                {"target", run.target},
                                {"profile", run.profile},
                                {"stopped", StopCauseName(run.stopped)}});
  if (!run.reason.empty()) record.set("reason", run.reason);
  AddFigures(whole_run, record);
  record.set("clamped", Value::object({{"latency", whole_run.corrected.clamped()},
                                       {"uncorrected", whole_run.uncorrected.clamped()},
                                       {"slip", whole_run.slip.clamped()}}));
  return record;
}

Status AppendRequestRecord(std::string& out, const RequestOutcome& o) {
  const std::size_t size_before = out.size();
  out += "{\"kind\":\"load.request\",\"v\":1,\"ts\":\"";
  AppendRfc3339(out, o.done, 3);
  out += "\",\"synthetic\":\"load\"";
  AppendInteger(out, "seq", o.seq);
  Status written = AppendString(out, "method", o.method);
  if (written.ok()) written = AppendString(out, "url", o.url);
  if (written.ok() && !o.step.empty()) written = AppendString(out, "step", o.step);
  if (o.buyer > 0) AppendInteger(out, "buyer", o.buyer);
  AppendInstant(out, "intended", o.intended);
  AppendInstant(out, "sent", o.sent);
  if (o.first_byte) AppendInstant(out, "first_byte", *o.first_byte);
  AppendInstant(out, "done", o.done);
  if (o.status) AppendInteger(out, "status", *o.status);
  AppendInteger(out, "bytes", o.bytes);
  if (written.ok() && !o.error.empty()) written = AppendString(out, "error", o.error);
  if (o.error_class != ErrorClass::kNone) {
    out += ",\"error_class\":\"";
    out += ErrorClassName(o.error_class);
    out += '"';
  }
  out += '}';
  // A string that failed left a key without its value: drop the whole record.
  if (!written.ok()) out.resize(size_before);
  return written;
}

}  // namespace evt::load
