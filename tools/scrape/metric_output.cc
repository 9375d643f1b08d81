#include "tools/scrape/metric_output.h"

#include "common/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <map>

namespace evt::scrape {
namespace {

// A sample's value as the record writer printed the Value it used to be
// built into: NaN and the infinities as strings, a whole number below 9e15
// as an integer, else the shortest double that reads back the same, with
// ".0" when that looks like an integer.
void AppendSampleValue(std::string& out, double v) {
  if (std::isnan(v)) {
    out += R"("NaN")";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? R"("+Inf")" : R"("-Inf")";
    return;
  }
  char buffer[32];
  bool whole = v == std::floor(v) && std::fabs(v) < 9e15;
  auto result = whole ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(v))
                      : std::to_chars(buffer, buffer + sizeof buffer, v);
  std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  out += text;
  if (!whole && text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

// Whether any byte of `text` needs the careful path: a control byte, a
// quote, a backslash, or a byte of multi-byte UTF-8 (to be checked). Eight
// bytes at a time: each test below is true exactly when some byte of the
// word matches (the has-zero and has-less-than bit tricks).
bool NeedsCare(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [&](std::uint64_t w) { return (w - kOnes) & ~w & kHigh; };
  auto care = [&](std::uint64_t w) {
    return (w & kHigh) | ((w - 0x20 * kOnes) & ~w & kHigh) | has_zero(w ^ ('"' * kOnes)) | has_zero(w ^ ('\\' * kOnes));
  };
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, sizeof w);
    if (care(w)) return true;
  }
  // The last bytes (most label names are all last bytes) in a word padded
  // with a byte that needs none.
  if (i == text.size()) return false;
  std::uint64_t w = 'a' * kOnes;
  std::memcpy(&w, text.data() + i, text.size() - i);
  return care(w) != 0;
}

// AppendJsonString, with a fast path for the common case of printable
// ASCII without quotes or backslashes, found a word at a time instead of
// by a UTF-8 check and an escaping pass over each byte.
Status AppendJsonText(std::string& out, std::string_view text) {
  if (NeedsCare(text)) return AppendJsonString(out, text);
  out.push_back('"');
  out.append(text);
  out.push_back('"');
  return Status::Ok();
}

Status AppendSampleHead(std::string& out, const SampleParts& s, std::string_view ts) {
  out += R"({"kind":"metric","v":1,"ts":")";
  out += ts;
  out += R"(","name":)";
  EVT_RETURN_IF_ERROR(AppendJsonText(out, s.name));
  out += R"(,"value":)";
  AppendSampleValue(out, s.value);
  out += R"(,"labels":{)";
  for (std::size_t i = 0; i < s.labels.size(); ++i) {
    if (i) out.push_back(',');
    EVT_RETURN_IF_ERROR(AppendJsonText(out, s.labels[i].first));
    out.push_back(':');
    EVT_RETURN_IF_ERROR(AppendJsonText(out, s.labels[i].second));
  }
  out.push_back('}');
  return Status::Ok();
}

Status AppendSampleTail(std::string& out, const SampleParts& s, std::string_view source) {
  out += R"(,"source":)";
  EVT_RETURN_IF_ERROR(AppendJsonText(out, source));
  out += R"(,"type":")";
  out.append(s.type);
  out.push_back('"');
  if (!s.unit.empty()) {
    out += R"(,"unit":)";
    EVT_RETURN_IF_ERROR(AppendJsonText(out, s.unit));
  }
  if (!s.help.empty()) {
    out += R"(,"help":)";
    EVT_RETURN_IF_ERROR(AppendJsonText(out, s.help));
  }
  out.push_back('}');
  return Status::Ok();
}

}  // namespace

Status AppendSampleJson(std::string& out, const SampleParts& s, std::string_view source, std::string_view ts) {
  EVT_RETURN_IF_ERROR(AppendSampleHead(out, s, ts));
  return AppendSampleTail(out, s, source);
}

Status ForEachMetricRecord(const ScrapeOutcome& outcome, TimePoint scraped_at,
                           const std::function<Status(std::string_view json)>& each) {
  std::string scraped_ts = FormatRfc3339(scraped_at);
  std::string json;
  auto emit = [&](const SampleParts& parts, std::string_view ts) -> Status {
    json.clear();
    EVT_RETURN_IF_ERROR(AppendSampleJson(json, parts, outcome.source, ts));
    return each(json);
  };
  // A family's samples share source, type, unit and help: escaped once per
  // family, not once per sample. Held, so its address cannot be reused.
  std::shared_ptr<const FamilyMeta> tail_meta;
  std::string tail, own_ts;
  std::optional<std::int64_t> own_ts_ms;
  EVT_RETURN_IF_ERROR(ForEachSample(outcome, [&](const OutSample& s) -> Status {
    SampleParts parts{s.name, s.labels, s.value, s.meta->type, s.meta->unit, s.meta->help};
    if (s.meta != tail_meta) {
      tail.clear();
      EVT_RETURN_IF_ERROR(AppendSampleTail(tail, parts, outcome.source));
      tail_meta = s.meta;
    }
    // Samples of an exposition often share their timestamp: formatted once.
    if (s.timestamp_ms && s.timestamp_ms != own_ts_ms) {
      own_ts = FormatRfc3339(TimePoint(std::chrono::milliseconds(*s.timestamp_ms)));
      own_ts_ms = s.timestamp_ms;
    }
    json.clear();
    EVT_RETURN_IF_ERROR(AppendSampleHead(json, parts, s.timestamp_ms ? own_ts : scraped_ts));
    json += tail;
    return each(json);
  }));
  const Labels none;
  EVT_RETURN_IF_ERROR(emit({"up", none, outcome.up ? 1.0 : 0.0, "gauge", "", ""}, scraped_ts));
  EVT_RETURN_IF_ERROR(emit({"scrape_duration_ms", none, std::round(outcome.duration_ms * 1000) / 1000, "gauge", "", ""}, scraped_ts));
  return emit({"samples", none, static_cast<double>(SampleCount(outcome)), "gauge", "", ""}, scraped_ts);
}

Status AddExposition(ExpositionWriter& writer, const std::vector<ScrapeOutcome>& outcomes) {
  // evt's own series first and under evt's prefix: a bare `up{source=...} 0`
  // would fire every site's "target down" alert, and an upstream family
  // named like one of them can never stand in for it.
  auto up = MakeMeta("gauge", "", "1 when the source answered and parsed, else 0");
  auto duration = MakeMeta("gauge", "seconds", "how long the source's scrape took");
  auto samples = MakeMeta("gauge", "", "samples the source gave");
  for (const ScrapeOutcome& o : outcomes) {
    writer.Add({"evt_scrape_up", {}, o.up ? 1.0 : 0.0, up, {}}, o.source);
    writer.Add({"evt_scrape_duration_seconds", {}, o.duration_ms / 1000, duration, {}}, o.source);
    writer.Add({"evt_scrape_samples", {}, static_cast<double>(SampleCount(o)), samples, {}}, o.source);
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const ScrapeOutcome& o = outcomes[i];
    EVT_RETURN_IF_ERROR(ForEachSample(o, [&](const OutSample& s) {
      // Only a spooled exposition was parsed, its repeats dropped by the parser.
      if (o.spooled) {
        writer.AddParsed(s, o.source, i + 1);
      } else {
        writer.Add(s, o.source);
      }
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

Result<std::string> ExpositionText(const std::vector<ScrapeOutcome>& outcomes, bool openmetrics,
                                   std::vector<std::string>* problems) {
  ExpositionWriter writer(openmetrics);
  EVT_RETURN_IF_ERROR(AddExposition(writer, outcomes));
  if (problems) problems->insert(problems->end(), writer.problems().begin(), writer.problems().end());
  return writer.Text();
}

}  // namespace evt::scrape
