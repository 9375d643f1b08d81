#include "tools/outbox/s3_segment_status.h"

#include <algorithm>
#include <cstdio>

#include "common/number_text.h"
#include "common/table.h"
#include "tools/outbox/outbox_tables.h"

namespace evt::outbox {
namespace {

const SegmentStats* Find(const std::vector<SegmentStats>& stats, const std::string& destination,
                         const std::string& queue) {
  auto it = std::find_if(stats.begin(), stats.end(), [&](const SegmentStats& s) {
    return s.destination == destination && s.queue == queue;
  });
  return it == stats.end() ? nullptr : &*it;
}

const QueueStats* FindQueue(const std::vector<QueueStats>& queues, const std::string& destination,
                            const std::string& queue) {
  auto it = std::find_if(queues.begin(), queues.end(), [&](const QueueStats& q) {
    return q.destination == destination && q.queue == queue;
  });
  return it == queues.end() ? nullptr : &*it;
}

std::string RatioText(double ratio) {
  return ratio <= 0 ? "-" : FixedText(ratio, 1) + "x";
}

}  // namespace

Result<std::vector<SegmentStats>> QuerySegmentStats(OutboxStore& store, const OutboxConfig& config) {
  SegmentStore segments(store.db());
  std::vector<SegmentStats> out;
  for (const DestinationSpec& d : config.destinations) {
    if (d.type != "s3") continue;
    for (const QueueSpec& q : config.queues) {
      if (std::find(q.destinations.begin(), q.destinations.end(), d.name) == q.destinations.end()) continue;
      EVT_ASSIGN_OR_RETURN(SegmentTotals totals, segments.Totals(d.name, q.name));
      out.push_back(SegmentStats{d.name, q.name, totals});
    }
  }
  return out;
}

double CompressionRatio(const SegmentTotals& t) {
  if (t.uploaded_compressed_bytes <= 0) return 0;
  return static_cast<double>(t.uploaded_raw_bytes) / static_cast<double>(t.uploaded_compressed_bytes);
}

void AddSegmentFields(Value& r, const std::vector<SegmentStats>& stats) {
  const Value* destination = r.find("destination");
  const Value* queue = r.find("queue");
  if (destination == nullptr || queue == nullptr) return;
  const SegmentStats* s = Find(stats, destination->as_string(), queue->as_string());
  if (s == nullptr) return;
  r.set("segments_sealed", s->totals.sealed);
  r.set("objects_written", s->totals.uploaded);
  r.set("bytes_written_raw", s->totals.uploaded_raw_bytes);
  r.set("bytes_written_compressed", s->totals.uploaded_compressed_bytes);
  r.set("segments_dead_lettered", s->totals.dead_lettered);
}

std::string SegmentTable(const std::vector<SegmentStats>& stats, const std::vector<QueueStats>& queues, bool color,
                         int width) {
  if (stats.empty()) return "";
  Table t;
  t.AddColumn("s3 destination", {.align = Align::kLeft, .fit = Fit::kMiddle, .priority = Priority::kKey});
  t.AddColumn("queue", {.align = Align::kLeft, .priority = Priority::kHigh});
  t.AddColumn("bytes pending", {.align = Align::kRight});
  t.AddColumn("oldest unshipped", {.align = Align::kRight, .priority = Priority::kHigh});
  t.AddColumn("sealed", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("objects", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("ratio", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("dead segments", {.align = Align::kRight, .priority = Priority::kHigh});
  for (const SegmentStats& s : stats) {
    const QueueStats* q = FindQueue(queues, s.destination, s.queue);
    t.AddRow({s.destination, s.queue, q ? std::to_string(q->pending_bytes) : "-",
              q ? AgeText(q->oldest_pending_age_ms) : "-", std::to_string(s.totals.sealed),
              std::to_string(s.totals.uploaded), RatioText(CompressionRatio(s.totals)),
              Cell(std::to_string(s.totals.dead_lettered), s.totals.dead_lettered > 0 ? Style::kBad : Style::kPlain)});
  }
  return t.Render(color, width);
}

}  // namespace evt::outbox
