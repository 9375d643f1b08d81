// `evt-price redeem`: quote records in, one `redemption` record out per
// quote, saying whether its promotions were redeemed, replayed (the order
// was already redeemed as it is: nothing counted twice), refused (a limit
// was reached since the quote; nothing counted) or conflict (the order id
// holds another sale; nothing counted, and a person must look).
// With --order the output is the sale instead: an `order` record for each
// quote redeemed or replayed, so `quote | redeem --order | evt-outbox put
// orders` is a pipe that carries only orders; what was refused or is in
// conflict goes to stderr, still with exit 1.
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/record_input.h"
#include "tools/price/cli.h"
#include "tools/price/order_record.h"
#include "tools/price/promotion_parse.h"
#include "tools/price/redemption_limits.h"

namespace evt::price {

namespace {

bool IsQuote(const Value& record) {
  const Value* kind = record.find("kind");
  return kind && kind->is_string() && kind->as_string() == "quote";
}

Value OutcomeRecord(const Redemption& r, const RedeemOutcome& outcome, TimePoint ts) {
  Value record = RedemptionRecord(r, ts);
  record.set("result", RedeemResultName(outcome.result));
  if (outcome.stored) {
    Value stored = RedemptionContent(*outcome.stored);
    stored.as_object().erase(stored.as_object().begin());  // the order: the same
    record.set("stored", std::move(stored));
  }
  if (outcome.breaches.empty()) return record;
  Value breaches = Value::array();
  for (const LimitBreach& b : outcome.breaches) {
    breaches.push_back(Value::object({{"promotion", b.promotion}, {"scope", b.scope}, {"limit", b.limit},
                                      {"used", b.used}}));
  }
  record.set("breaches", std::move(breaches));
  return record;
}

std::string OutcomeLine(const Redemption& r, const RedeemOutcome& outcome) {
  std::string line = r.order + ": " + std::string(RedeemResultName(outcome.result));
  if (outcome.stored) {
    line += "; the order id already holds another sale (kiosk " + outcome.stored->kiosk + ", at " +
            FormatRfc3339(outcome.stored->at) + ")";
  }
  for (const LimitBreach& b : outcome.breaches) {
    line += "; " + b.promotion + " " + b.scope + " limit " + std::to_string(b.limit) + " reached (" +
            std::to_string(b.used) + " used)";
  }
  return line + "\n";
}

// A sale that was not committed (refused, conflict) is no order: the
// person at the till reads why on stderr and the pipe carries nothing.
Status WriteOrder(Value order, const Redemption& r, const RedeemOutcome& outcome, RecordWriter& writer) {
  if (outcome.result == RedeemResult::kRefused || outcome.result == RedeemResult::kConflict) {
    std::string line = OutcomeLine(r, outcome);
    line.pop_back();
    PrintError(line);
    return Status::Ok();
  }
  return writer.Write(order);
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "kiosk";
  return name;
}

}  // namespace

Status RunRedeem(const Options& options) {
  Result<PriceSettings> settings = ResolveSettings(options, /*need_catalog=*/false);
  if (!settings.ok()) return settings.status();
  Result<std::vector<Promotion>> promotions = LoadPromotions(settings->promotions, settings->timezone);
  if (!promotions.ok()) return promotions.status();
  LimitsById limits = LimitsOf(*promotions);
  std::string kiosk = settings->kiosk.empty() ? HostName() : settings->kiosk;
  Result<RedemptionStore> store = OpenRedemptionStore(options);
  if (!store.ok()) return store.status();
  Result<JsonlReader> reader = JsonlReader::Open(options.input);
  if (!reader.ok()) return reader.status();
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  SystemClock clock;
  RecordInput input(*reader, options.common, writer, clock);
  bool records = WantRecords(options.common);
  std::size_t refused = 0;
  std::size_t conflicts = 0;
  while (true) {
    Result<std::optional<JsonlRecord>> next = input.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    const JsonlRecord& record = **next;
    if (!IsQuote(record.value)) {
      input.Ignore(record.value);
      continue;
    }
    Result<Redemption> r = RedemptionOfQuote(record.value, kiosk);
    if (!r.ok()) {
      EVT_RETURN_IF_ERROR(input.Reject(r.status().Prefixed(reader->name() + ":" + std::to_string(record.line))));
      continue;
    }
    // The order is made before the redemption is committed, so a quote
    // that cannot become one is refused with nothing counted.
    Result<Value> order = options.order ? OrderRecord(record.value, *r, clock.Now()) : Result<Value>(Value());
    if (!order.ok()) {
      EVT_RETURN_IF_ERROR(input.Reject(order.status().Prefixed(reader->name() + ":" + std::to_string(record.line))));
      continue;
    }
    Result<RedeemOutcome> outcome = Redeem(*store, *r, limits);
    if (!outcome.ok()) return outcome.status();
    if (outcome->result == RedeemResult::kRefused) ++refused;
    if (outcome->result == RedeemResult::kConflict) ++conflicts;
    if (options.order) {
      EVT_RETURN_IF_ERROR(WriteOrder(std::move(*order), *r, *outcome, writer));
    } else if (records) {
      EVT_RETURN_IF_ERROR(writer.Write(OutcomeRecord(*r, *outcome, clock.Now())));
    } else {
      std::string line = OutcomeLine(*r, *outcome);
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
  }
  input.ReportAtEnd();
  EVT_RETURN_IF_ERROR(writer.Flush());
  if (!records && std::fflush(stdout) != 0) return Status::IoErr("standard output: write failed");
  if (conflicts > 0) {
    return Status::CheckFailed(std::to_string(conflicts) + " in conflict: an order id already holds another sale" +
                               (refused > 0 ? "; " + std::to_string(refused) + " refused" : ""));
  }
  if (refused > 0) return Status::CheckFailed(std::to_string(refused) + " refused: a usage limit was reached");
  return Status::Ok();
}

}  // namespace evt::price
