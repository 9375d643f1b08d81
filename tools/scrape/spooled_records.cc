#include "tools/scrape/spooled_records.h"

#include <cstring>

#include "common/time_format.h"
#include "tools/scrape/json_fragments.h"
#include "tools/scrape/scraper.h"

namespace evt::scrape {
namespace {

constexpr std::string_view kHead = R"({"kind":"metric","v":1,"ts":")";
constexpr std::string_view kLabels = R"(,"labels":{)";

}  // namespace

SpooledRecordJson::SpooledRecordJson(std::string_view source, std::string_view scraped_ts) : source_(source) {
  scraped_head_.append(kHead).append(scraped_ts);
}

// Remakes the fragments the sample changed (all of them after an error,
// when they may be half made).
Status SpooledRecordJson::Refresh(const SpooledSample& s) {
  bool all = !valid_;
  valid_ = false;
  if (all || s.new_family) {
    const FamilyMeta& meta = *s.meta;
    tail_.clear();
    EVT_RETURN_IF_ERROR(AppendFamilyMembers(tail_, source_, meta.type, meta.unit, meta.help));
    tail_ += "}\n";
  }
  if (all || s.new_name) {
    name_.assign(R"(","name":)");
    EVT_RETURN_IF_ERROR(AppendJsonText(name_, s.name));
    name_ += R"(,"value":)";
  }
  if (all || s.new_keys) {
    keys_.resize(s.keys.size());
    labels_.resize(s.keys.size());
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      keys_[i].assign(i ? "," : "");
      EVT_RETURN_IF_ERROR(AppendJsonText(keys_[i], s.keys[i]));
      keys_[i].push_back(':');
    }
  }
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    if (!all && !s.new_keys && !s.new_values[i]) continue;
    labels_[i].assign(keys_[i]);
    EVT_RETURN_IF_ERROR(AppendJsonText(labels_[i], s.values[i]));
  }
  valid_ = true;
  return Status::Ok();
}

Status SpooledRecordJson::Append(std::string& out, const SpooledSample& s) {
  EVT_RETURN_IF_ERROR(Refresh(s));
  // Samples of an exposition often share their timestamp: formatted once.
  if (s.timestamp_ms && s.timestamp_ms != own_ts_ms_) {
    own_head_.assign(kHead).append(FormatRfc3339(TimePoint(std::chrono::milliseconds(*s.timestamp_ms))));
    own_ts_ms_ = s.timestamp_ms;
  }
  const std::string& head = s.timestamp_ms ? own_head_ : scraped_head_;
  // Every piece is made: the record is copied in at a cursor, its size known.
  std::size_t size = head.size() + name_.size() + kMaxSampleValue + kLabels.size() + 1 + tail_.size();
  for (const std::string& label : labels_) size += label.size();
  std::size_t before = out.size();
  out.resize(before + size);
  char* at = out.data() + before;
  auto put = [&](std::string_view text) { at = static_cast<char*>(std::memcpy(at, text.data(), text.size())) + text.size(); };
  put(head);
  put(name_);
  at = WriteSampleValue(at, s.value);
  put(kLabels);
  for (const std::string& label : labels_) put(label);
  *at++ = '}';
  put(tail_);
  out.resize(static_cast<std::size_t>(at - out.data()));
  return Status::Ok();
}

}  // namespace evt::scrape
