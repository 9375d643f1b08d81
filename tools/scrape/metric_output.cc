#include "tools/scrape/metric_output.h"

#include "common/json_writer.h"
#include "tools/scrape/json_fragments.h"
#include "tools/scrape/spooled_records.h"

#include <cmath>
#include <cstdint>
#include <optional>

namespace evt::scrape {
namespace {

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
  EVT_RETURN_IF_ERROR(AppendFamilyMembers(out, source, s.type, s.unit, s.help));
  out.push_back('}');
  return Status::Ok();
}

// The records of samples held in memory (JSON, HTML and NUT sources).
Status AppendHeldRecords(const ScrapeOutcome& outcome, std::string_view scraped_ts, std::string& block,
                         const std::function<Status()>& full) {
  // A family's samples share source, type, unit and help: escaped once per
  // family, not once per sample. The outcome holds every meta, so an
  // address is never reused for another.
  const FamilyMeta* tail_meta = nullptr;
  std::string tail, own_ts;
  std::optional<std::int64_t> own_ts_ms;
  for (const OutSample& s : outcome.samples) {
    SampleParts parts{s.name, s.labels, s.value, s.meta->type, s.meta->unit, s.meta->help};
    if (s.meta.get() != tail_meta) {
      tail.clear();
      EVT_RETURN_IF_ERROR(AppendSampleTail(tail, parts, outcome.source));
      tail_meta = s.meta.get();
    }
    if (s.timestamp_ms && s.timestamp_ms != own_ts_ms) {
      own_ts = FormatRfc3339(TimePoint(std::chrono::milliseconds(*s.timestamp_ms)));
      own_ts_ms = s.timestamp_ms;
    }
    std::size_t before = block.size();
    if (Status head = AppendSampleHead(block, parts, s.timestamp_ms ? own_ts : scraped_ts); !head.ok()) {
      block.resize(before);
      return head;
    }
    block += tail;
    block.push_back('\n');
    EVT_RETURN_IF_ERROR(full());
  }
  return Status::Ok();
}

}  // namespace

Status AppendSampleJson(std::string& out, const SampleParts& s, std::string_view source, std::string_view ts) {
  EVT_RETURN_IF_ERROR(AppendSampleHead(out, s, ts));
  return AppendSampleTail(out, s, source);
}

Status ForEachMetricBlock(const ScrapeOutcome& outcome, TimePoint scraped_at,
                          const std::function<Status(std::string_view lines, std::size_t count)>& each) {
  // About what a RecordWriter buffers before it writes: still in the cache
  // when write(2) copies it (blocks of 1 MiB measured slower).
  constexpr std::size_t kBlockBytes = 64 * 1024;
  const std::string scraped_ts = FormatRfc3339(scraped_at);
  std::string block;
  block.reserve(kBlockBytes + 4096);
  std::size_t count = 0;
  auto hand_on = [&]() -> Status {
    if (count == 0) return Status::Ok();
    Status handed = each(block, count);
    block.clear();
    count = 0;
    return handed;
  };
  auto full = [&]() -> Status {
    ++count;
    return block.size() >= kBlockBytes ? hand_on() : Status::Ok();
  };
  // The records made before an error are handed on, as one by one they were.
  auto finish = [&](Status status) -> Status {
    Status handed = hand_on();
    return status.ok() ? handed : status;
  };
  Status samples;
  if (outcome.spooled) {
    SpooledRecordJson records(outcome.source, scraped_ts);
    samples = outcome.spooled->ForEachSpooledSample([&](const SpooledSample& s) {
      EVT_RETURN_IF_ERROR(records.Append(block, s));
      return full();
    });
  } else {
    samples = AppendHeldRecords(outcome, scraped_ts, block, full);
  }
  if (!samples.ok()) return finish(samples);
  const Labels none;
  auto health = [&](const SampleParts& parts) -> Status {
    std::size_t before = block.size();
    if (Status json = AppendSampleJson(block, parts, outcome.source, scraped_ts); !json.ok()) {
      block.resize(before);
      return json;
    }
    block.push_back('\n');
    return full();
  };
  Status status = health({"up", none, outcome.up ? 1.0 : 0.0, "gauge", "", ""});
  if (status.ok()) status = health({"scrape_duration_ms", none, std::round(outcome.duration_ms * 1000) / 1000, "gauge", "", ""});
  if (status.ok()) status = health({"samples", none, static_cast<double>(SampleCount(outcome)), "gauge", "", ""});
  return finish(status);
}

Status ForEachMetricRecord(const ScrapeOutcome& outcome, TimePoint scraped_at,
                           const std::function<Status(std::string_view json)>& each) {
  return ForEachMetricBlock(outcome, scraped_at, [&](std::string_view lines, std::size_t) -> Status {
    // A record's own newlines are escaped: each '\n' ends one.
    while (!lines.empty()) {
      std::size_t end = lines.find('\n');
      EVT_RETURN_IF_ERROR(each(lines.substr(0, end)));
      lines.remove_prefix(end + 1);
    }
    return Status::Ok();
  });
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
