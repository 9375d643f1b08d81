#include "tools/outbox/outbox_tables.h"

#include "common/duration.h"
#include "common/number_text.h"
#include "common/table.h"
#include "common/time_display.h"

namespace evt::outbox {
namespace {

Style PendingStyle(const QueueStats& s) {
  if (s.dead_lettered > 0) return Style::kBad;
  return s.pending > 0 ? Style::kWarn : Style::kOk;
}

Style StateStyle(DeliveryState state) {
  switch (state) {
    case DeliveryState::kDelivered: return Style::kOk;
    case DeliveryState::kPending: return Style::kWarn;
    case DeliveryState::kDeadLettered: return Style::kBad;
    case DeliveryState::kDropped: return Style::kPlain;
  }
  return Style::kPlain;
}

std::string Captured(std::int64_t ms, const TimeZone& zone, TimePoint now) {
  return FormatLocalTimeSeconds(TimePoint(std::chrono::milliseconds(ms)), zone, now);
}

}  // namespace

std::string AgeText(const std::optional<std::int64_t>& age_ms) {
  return age_ms ? DurationText(Duration(*age_ms)) : "-";
}

std::string StatusTable(const std::vector<QueueStats>& stats, bool color, int width) {
  Table t;
  t.AddColumn("queue", {.align = Align::kLeft, .fit = Fit::kWrap, .priority = Priority::kKey});
  t.AddColumn("class", {.align = Align::kLeft, .priority = Priority::kLow});
  t.AddColumn("destination", {.align = Align::kLeft, .fit = Fit::kMiddle});
  t.AddColumn("pending", {.align = Align::kRight, .priority = Priority::kHigh});
  t.AddColumn("bytes", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("oldest", {.align = Align::kRight, .priority = Priority::kHigh});
  t.AddColumn("delivered", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("retried", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("dead", {.align = Align::kRight, .priority = Priority::kHigh});
  t.AddColumn("dropped", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("shed", {.align = Align::kRight});
  for (const QueueStats& s : stats) {
    t.AddRow({s.queue + (s.configured ? "" : " (not configured)"), std::string(QueueClassName(s.cls)),
              s.destination.empty() ? "-" : s.destination, Cell(std::to_string(s.pending), PendingStyle(s)),
              std::to_string(s.pending_bytes), AgeText(s.oldest_pending_age_ms), std::to_string(s.delivered),
              std::to_string(s.retried),
              Cell(std::to_string(s.dead_lettered), s.dead_lettered > 0 ? Style::kBad : Style::kPlain),
              std::to_string(s.dropped), Cell(std::to_string(s.shed), s.shed > 0 ? Style::kWarn : Style::kPlain)});
  }
  return t.Render(color, width);
}

std::string ListTable(const std::vector<ListedRecord>& records, bool color, int width, const TimeZone& zone,
                      TimePoint now) {
  Table t;
  t.AddColumn("id", {.align = Align::kLeft, .fit = Fit::kMiddle, .priority = Priority::kKey});
  t.AddColumn("queue", {.align = Align::kLeft});
  t.AddColumn("origin", {.align = Align::kLeft, .priority = Priority::kLow});
  t.AddColumn("captured", {.align = Align::kLeft, .priority = Priority::kLow});
  t.AddColumn("destination", {.align = Align::kLeft, .fit = Fit::kMiddle});
  t.AddColumn("state", {.align = Align::kLeft, .priority = Priority::kHigh});
  t.AddColumn("attempts", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("status", {.align = Align::kRight});
  for (const ListedRecord& r : records) {
    std::vector<Cell> head{r.record.id, r.record.queue, r.record.origin, Captured(r.record.captured_ms, zone, now)};
    if (r.deliveries.empty()) t.AddRow(head);
    for (const Delivery& d : r.deliveries) {
      std::vector<Cell> row = head;
      row.push_back(d.destination);
      row.push_back(Cell(std::string(DeliveryStateName(d.state)), StateStyle(d.state)));
      row.push_back(std::to_string(d.attempts));
      row.push_back(d.last_status == 0 ? "-" : std::to_string(d.last_status));
      t.AddRow(std::move(row));
    }
  }
  return t.Render(color, width);
}

}  // namespace evt::outbox
