#include "tools/outbox/delivery_pass.h"

#include <algorithm>
#include <thread>

#include "common/json_parse.h"
#include "common/time_format.h"

namespace evt::outbox {

namespace {

std::int64_t Ms(Duration d) { return d.count(); }

bool IsRefusedCredential(long status) { return status == 401 || status == 403; }

}  // namespace

DestinationSender::DestinationSender(HttpDestination destination, SenderEnv env)
    : destination_(std::move(destination)),
      env_(std::move(env)),
      policy_(destination_.retry),
      ramp_(destination_.ramp, destination_.rate_per_s, env_.clock->Monotonic()),
      cap_(ramp_.Rate(env_.clock->Monotonic()), env_.clock->Monotonic()),
      rng_(env_.seed) {}

Status DestinationSender::Emit(Value record) {
  if (!env_.emit) return Status::Ok();
  return env_.emit(record);
}

Value DestinationSender::DeliveryRecord(const DueDelivery& due, std::string_view event, const HttpReply& reply) const {
  Value r = Value::object({{"kind", "outbox.delivery"},
                           {"v", 1},
                           {"ts", FormatRfc3339(env_.clock->Now())},
                           {"destination", destination_.name},
                           {"event", std::string(event)},
                           {"id", due.record.id},
                           {"queue", due.record.queue},
                           {"origin", due.record.origin},
                           {"attempt", due.delivery.attempts + 1},
                           {"status", static_cast<std::int64_t>(reply.status)},
                           {"latency_ms", Ms(reply.latency)},
                           {"rate_per_s", cap_.rate()}});
  if (!reply.error.empty()) r.set("error", reply.error);
  return r;
}

// The takeover rule of doc/design.md §15.4: with idempotency keys honoured, any kiosk
// may send (the shop commits a key once); without, the origin sends, and
// another kiosk only once the origin has been silent for takeover_after,
// counted from when it was last heard or, never heard (records piped in by
// `merge`), from when the record was captured.
Result<bool> DestinationSender::MayDeliverHere(DeliveryLedger& ledger, const OutboxRecord& record, TimePoint now) {
  if (record.origin == env_.kiosk || destination_.idempotency) return true;
  EVT_ASSIGN_OR_RETURN(std::optional<TimePoint> seen, ledger.PeerLastSeen(record.origin));
  TimePoint silent_since = seen ? *seen : TimePoint(Duration(record.captured_ms));
  return now - silent_since >= env_.takeover_after;
}

Status DestinationSender::WaitForRate() {
  for (;;) {
    if (env_.stop_requested && env_.stop_requested()) return Status::Ok();
    auto mono = env_.clock->Monotonic();
    Duration wait(0);
    if (not_before_ && mono < *not_before_) wait = std::chrono::duration_cast<Duration>(*not_before_ - mono) + Duration(1);
    cap_.SetRate(ramp_.Rate(mono), mono);
    if (wait == Duration(0)) {
      if (cap_.TryTake(mono)) return Status::Ok();
      wait = cap_.Wait(mono);
    }
    if (!env_.sleep) return Status::Internal("delivery pass: no way to wait for the rate cap");
    env_.sleep(std::max(wait, Duration(1)));
  }
}

Result<std::string> DestinationSender::Body(const OutboxRecord& record) const {
  if (!destination_.body) return record.line;
  EVT_ASSIGN_OR_RETURN(Value value, ParseJson(record.line, "record " + record.id));
  return destination_.body->Render(value);
}

Result<DestinationSender::Step> DestinationSender::Deliver(DeliveryLedger& ledger, const DueDelivery& due,
                                                          PassReport& report) {
  const std::string& id = due.record.id;
  const std::string& dest = destination_.name;
  auto body = Body(due.record);
  if (!body.ok()) {
    // A record the template cannot fill never will: a person must look.
    TimePoint now = env_.clock->Now();
    EVT_ASSIGN_OR_RETURN(bool moved, ledger.MarkDeadLettered(id, dest, now, 0, body.status().message(), env_.kiosk));
    if (moved) ++report.dead_lettered;
    HttpReply none;
    none.error = body.status().message();
    EVT_RETURN_IF_ERROR(Emit(DeliveryRecord(due, "dead_letter", none)));
    return Step::kNext;
  }
  EVT_RETURN_IF_ERROR(WaitForRate());
  if (env_.stop_requested && env_.stop_requested()) return Step::kEndPass;
  HttpPost post{destination_.url, std::move(*body), id, env_.token, destination_.timeout};
  HttpReply reply = env_.transport->Post(post);
  TimePoint now = env_.clock->Now();
  auto mono = env_.clock->Monotonic();
  if (IsRefusedCredential(reply.status)) {
    EVT_RETURN_IF_ERROR(Emit(DeliveryRecord(due, "refused_credential", reply)));
    std::string token = env_.token ? env_.token->Redacted() : std::string("no token configured");
    return Status::Config("destination " + dest + ": the API refused the credentials (HTTP " +
                          std::to_string(reply.status) + ") with " + token + "; nothing was marked, " + id +
                          " stays pending");
  }
  ResponseClass cls = ClassifyStatus(reply.status);
  ramp_.Note(cls == ResponseClass::kRetry, mono);
  if (cls == ResponseClass::kDelivered) {
    failures_in_row_ = 0;
    EVT_ASSIGN_OR_RETURN(bool moved, ledger.MarkDelivered(id, dest, now, static_cast<int>(reply.status), env_.kiosk));
    if (moved) ++report.delivered;
    EVT_RETURN_IF_ERROR(Emit(DeliveryRecord(due, "delivered", reply)));
    return Step::kNext;
  }
  if (cls == ResponseClass::kDeadLetter) {
    failures_in_row_ = 0;
    std::string text = reply.body.empty() ? reply.error : reply.body;
    EVT_ASSIGN_OR_RETURN(bool moved, ledger.MarkDeadLettered(id, dest, now, static_cast<int>(reply.status), text, env_.kiosk));
    if (moved) ++report.dead_lettered;
    Value r = DeliveryRecord(due, "dead_letter", reply);
    r.set("response", text);
    EVT_RETURN_IF_ERROR(Emit(std::move(r)));
    return Step::kNext;
  }
  ++failures_in_row_;
  std::optional<Duration> retry_after = ParseRetryAfter(reply.retry_after, now);
  TimePoint next = policy_.NextAttempt(now, due.delivery.attempts + 1, retry_after, rng_);
  std::string error = reply.error.empty() ? "HTTP " + std::to_string(reply.status) : reply.error;
  EVT_ASSIGN_OR_RETURN(bool moved, ledger.MarkRetry(id, dest, now, next, static_cast<int>(reply.status), error, env_.kiosk));
  if (moved) ++report.retried;
  Value r = DeliveryRecord(due, "retry", reply);
  r.set("next_attempt", FormatRfc3339(next));
  if (retry_after) r.set("retry_after_ms", Ms(*retry_after));
  EVT_RETURN_IF_ERROR(Emit(std::move(r)));
  if (retry_after) {
    // The shop said when it can take more: nothing goes to it before then.
    not_before_ = mono + *retry_after;
    report.cut_short = true;
    return Step::kEndPass;
  }
  if (failures_in_row_ >= kFailureBurst) {
    report.cut_short = true;
    return Step::kEndPass;
  }
  return Step::kNext;
}

Result<PassReport> DestinationSender::RunPass(DeliveryLedger& ledger) {
  PassReport report;
  TimePoint now = env_.clock->Now();
  GateVerdict verdict = env_.gate ? env_.gate(now) : GateVerdict{};
  if (!verdict.open) {
    if (!was_gated_) {
      EVT_RETURN_IF_ERROR(Emit(Value::object({{"kind", "outbox.delivery"}, {"v", 1}, {"ts", FormatRfc3339(now)},
                                              {"destination", destination_.name}, {"event", "gated"},
                                              {"reason", verdict.reason}})));
    }
    was_gated_ = true;
    report.gated = true;
    return report;
  }
  if (was_gated_) ramp_.Restart(env_.clock->Monotonic());  // the link is back: ramp up again
  was_gated_ = false;
  failures_in_row_ = 0;
  // Each record is tried at most once a pass, whatever its next attempt
  // says, so a retry due at once cannot spin the pass.
  std::unordered_set<std::string> tried;
  for (;;) {
    EVT_ASSIGN_OR_RETURN(std::vector<DueDelivery> due,
                         ledger.Due(destination_.name, env_.clock->Now(), tried.size() + kDueBatch));
    bool any = false;
    for (const DueDelivery& d : due) {
      if (!tried.insert(d.record.id).second) continue;
      any = true;
      if (env_.stop_requested && env_.stop_requested()) return report;
      EVT_ASSIGN_OR_RETURN(bool ours, MayDeliverHere(ledger, d.record, env_.clock->Now()));
      if (!ours) {
        ++report.awaiting_origin;
        continue;
      }
      EVT_ASSIGN_OR_RETURN(Step step, Deliver(ledger, d, report));
      if (step == Step::kEndPass) return report;
    }
    if (!any) return report;
  }
}

}  // namespace evt::outbox
