// evt-token scan: a gate's decision on each ticket shown. The ticket is
// verified offline, then the admission is recorded durably, and only then
// answered: a "scan" record per ticket; exit 1 when any was refused.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <vector>

#include "common/json_writer.h"
#include "common/messages.h"
#include "common/number_text.h"
#include "tools/token/scan_live.h"
#include "tools/token/scan_setup.h"
#include "tools/token/token_lines.h"
#include "tools/token/totp.h"
#include "tools/token/verify_setup.h"

namespace evt::token {
namespace {

// Codes from one step before to one step after now are accepted: the
// wallet's and the gate's clocks may straddle a step boundary.
constexpr int kCodeDrift = 1;

class GateScanner {
 public:
  GateScanner(const CommandContext& ctx, TokenVerifier verifier, KeySet keys, ScanStore store,
              std::optional<Secret> code_key, ScanRequest base)
      : ctx_(ctx),
        verifier_(std::move(verifier)),
        keys_(std::move(keys)),
        store_(std::move(store)),
        code_key_(std::move(code_key)),
        base_(std::move(base)) {}

  ScanStore& store() { return store_; }

  // The "scan" record of one shown ticket, after its scan (if admitted) is
  // recorded, or joined the open batch.
  Result<Value> Scan(std::string_view line, std::size_t line_no, bool too_long) {
    TimePoint now = ctx_.clock.Now();
    Value record = ctx_.Envelope("scan");
    record.set("gate", base_.gate);
    record.set("type", ScanTypeName(base_.type));
    ShownTicket shown = SplitShownTicket(line);
    Verdict v = too_long ? Verdict::Fail(Reason::kMalformed, "token: longer than " +
                                                                 std::to_string(kMaxTokenBytes) + " bytes")
                         : verifier_.Verify(shown.token, keys_, now);
    if (!v.ok()) return Refused(std::move(record), "invalid", v.detail, line_no, ReasonName(v.reason));
    const Value* jti = v.claims.find("jti");
    if (jti == nullptr || !jti->is_string() || jti->as_string().empty() ||
        jti->as_string().size() > kMaxJtiBytes) {
      return Refused(std::move(record), "invalid", "\"jti\": expected a string of 1 to 256 bytes", line_no,
                     "malformed");
    }
    record.set("jti", *jti);
    ScanRequest request = base_;
    request.jti = jti->as_string();
    // Codes guard the way in; leaving needs none, and uses none up.
    if (request.type == ScanType::kEntry) {
      Result<std::optional<Refusal>> refusal = CheckCode(shown.code, request, now);
      if (!refusal.ok()) return refusal.status();
      if (refusal->has_value()) {
        return Refused(std::move(record), (*refusal)->result, std::string((*refusal)->detail), line_no);
      }
    }
    Result<ScanDecision> decision = store_.Scan(request, now);
    if (!decision.ok()) return decision.status();
    if (decision->recorded) WarnIfClockAhead(decision->recorded->hlc, now);
    return Decided(std::move(record), *decision, line_no);
  }

 private:
  struct Refusal {
    std::string_view result;
    std::string_view detail;
  };

  // The refusal a shown code earns, or nullopt with request.code_step set
  // to the step it matched (or left unset when the gate takes no codes).
  Result<std::optional<Refusal>> CheckCode(std::string_view code, ScanRequest& request, TimePoint now) {
    using Out = std::optional<Refusal>;
    if (!code_key_) {
      if (code.empty()) return Out();
      return Out(Refusal{"bad_code", "a code was shown but this gate has no code key (token.code)"});
    }
    if (code.empty()) return Out(Refusal{"code_required", "this gate takes tickets with their rotating code"});
    Result<std::string> secret = TicketCodeSecret(code_key_->bytes(), request.jti);
    if (!secret.ok()) return secret.status();
    std::int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    Result<std::optional<std::int64_t>> step =
        MatchTicketCode(*secret, code, TotpStep(now_s, ctx_.config.code_step.count()), kCodeDrift);
    if (!step.ok()) return step.status();
    if (!step->has_value()) return Out(Refusal{"bad_code", "the code is not this ticket's code now"});
    request.code_step = **step;
    return Out();
  }

  Value Refused(Value record, std::string_view result, const std::string& detail, std::size_t line_no,
                std::string_view reason = {}) {
    record.set("ok", false);
    record.set("result", result);
    if (!reason.empty()) record.set("reason", reason);
    if (!detail.empty()) record.set("detail", detail);
    record.set("line", line_no);
    return record;
  }

  Value Decided(Value record, const ScanDecision& d, std::size_t line_no) {
    record.set("ok", d.ok());
    record.set("result", ScanResultName(d.result));
    if (d.recorded) {
      record.set("id", d.recorded->id);
      record.set("hlc_wall", d.recorded->hlc.wall);
      record.set("hlc_logical", d.recorded->hlc.logical);
      if (d.recorded->code_step) record.set("code_step", *d.recorded->code_step);
    }
    if (d.first) record.set("first", ScanRef(*d.first));
    if (d.revocation) {
      Value revoked = Value::object({{"gate", d.revocation->gate},
                                     {"at", FormatRfc3339(TimePoint(std::chrono::milliseconds(d.revocation->hlc.wall)))}});
      if (!d.revocation->reason.empty()) revoked.set("reason", d.revocation->reason);
      record.set("revoked", std::move(revoked));
    }
    if (d.result == ScanResult::kAlreadyAdmitted && d.first) {
      record.set("detail", "admitted at " + d.first->gate + " at " +
                               FormatRfc3339(TimePoint(std::chrono::milliseconds(d.first->hlc.wall))));
    }
    record.set("line", line_no);
    return record;
  }

  // The HLC runs ahead of the wall clock only after merging scans of a gate
  // whose clock is ahead. Every gate still orders scans alike, but "first
  // admitted" then follows that gate's clock, which someone should fix.
  void WarnIfClockAhead(Hlc hlc, TimePoint now) {
    std::int64_t ahead_ms = hlc.wall - now.time_since_epoch().count();
    if (warned_clock_ahead_ || ahead_ms < kClockAheadWarningMs) return;
    warned_clock_ahead_ = true;
    PrintWarning("this gate's scan clock is " + DurationText(std::chrono::milliseconds(ahead_ms)) +
                 " ahead of its wall clock: a merged gate's clock runs fast; check the gates' time, then "
                 "`evt-token scans clock rebase --yes`");
  }
  static constexpr std::int64_t kClockAheadWarningMs = 60'000;

  const CommandContext& ctx_;
  bool warned_clock_ahead_ = false;
  TokenVerifier verifier_;
  KeySet keys_;
  ScanStore store_;
  std::optional<Secret> code_key_;
  ScanRequest base_;
};

// Holds answers until their scans are durable, then writes them: records,
// or on a terminal a verdict line each, shown before the next ticket is read.
class ScanOutput {
 public:
  explicit ScanOutput(const CommandContext& ctx)
      : ctx_(ctx), writer_(stdout, FlushPolicy::kBuffered), live_(ctx.color, *ctx.zone) {}

  void Hold(Value record) { pending_.push_back(std::move(record)); }
  bool empty() const { return pending_.empty(); }
  std::size_t held() const { return pending_.size(); }

  // REQUIRES: the held scans are committed.
  Status Release() {
    for (Value& record : pending_) {
      ++total_;
      if (!record.find("ok")->as_bool()) ++refused_;
      EVT_RETURN_IF_ERROR(ctx_.records ? writer_.Write(record) : live_.Show(record, ctx_.clock.Now()));
    }
    pending_.clear();
    return ctx_.records ? writer_.Flush() : Status::Ok();
  }

  Status Finish() {
    if (refused_ == 0) return Status::Ok();
    return Status::CheckFailed(ctx_.records ? "" : std::to_string(refused_) + " of " + std::to_string(total_) +
                                                       " tickets refused");
  }

 private:
  const CommandContext& ctx_;
  RecordWriter writer_;
  ScanLiveView live_;
  std::vector<Value> pending_;
  std::size_t total_ = 0;
  std::size_t refused_ = 0;
};

Result<GateScanner> MakeScanner(const CommandContext& ctx, const ScanArgs& args) {
  std::string source;
  Result<KeySet> keys = VerificationKeys(ctx, args.verify, source);
  if (!keys.ok()) return keys.status();
  VerifyArgs verify = args.verify;
  verify.require.push_back("jti");
  // A ticket without exp would admit for ever: at a gate it is required.
  verify.require.push_back("exp");
  Result<VerifyOptions> policy = Policy(ctx, verify, *keys);
  if (!policy.ok()) return policy.status();
  ScanRequest base;
  Result<std::string> gate = GateId(ctx, args.gate);
  if (!gate.ok()) return gate.status();
  base.gate = std::move(*gate);
  base.type = args.type == "exit" ? ScanType::kExit : ScanType::kEntry;
  base.policy = Reentry(ctx, args.reentry);
  Result<std::optional<Secret>> code_key = OptionalCodeKey(ctx);
  if (!code_key.ok()) return code_key.status();
  Result<ScanStore> store = OpenScanStore(ctx);
  if (!store.ok()) return store.status();
  return GateScanner(ctx, TokenVerifier(std::move(*policy)), std::move(*keys), std::move(*store),
                     std::move(*code_key), std::move(base));
}

// One scan; in batch mode, the answers wait in `out` until the batch is
// committed, which happens when it is full or the input would block.
Status ScanOne(GateScanner& scanner, ScanOutput& out, std::size_t batch, std::string_view line, std::size_t line_no,
               bool too_long, bool more_waiting) {
  if (batch > 1 && !scanner.store().in_batch()) EVT_RETURN_IF_ERROR(scanner.store().BeginBatch());
  Result<Value> record = scanner.Scan(line, line_no, too_long);
  if (!record.ok()) return record.status();
  out.Hold(std::move(*record));
  if (batch > 1 && more_waiting && out.held() < batch) return Status::Ok();
  EVT_RETURN_IF_ERROR(scanner.store().CommitBatch());
  return out.Release();
}

}  // namespace

Status RunScan(const CommandContext& ctx, const ScanArgs& args) {
  Result<GateScanner> scanner = MakeScanner(ctx, args);
  if (!scanner.ok()) return scanner.status();
  ScanOutput out(ctx);
  if (!args.tokens.empty()) {
    for (std::size_t i = 0; i < args.tokens.size(); ++i) {
      EVT_RETURN_IF_ERROR(
          ScanOne(*scanner, out, args.batch, args.tokens[i], i + 1, false, i + 1 < args.tokens.size()));
    }
    return out.Finish();
  }
  TokenLineReader reader(STDIN_FILENO);
  while (true) {
    Result<std::optional<TokenLine>> line = reader.Next();
    if (!line.ok()) return line.status();
    if (!line->has_value()) break;
    const TokenLine& t = **line;
    EVT_RETURN_IF_ERROR(ScanOne(*scanner, out, args.batch, t.text, t.line, t.too_long, reader.HasBufferedLine()));
  }
  EVT_RETURN_IF_ERROR(scanner->store().CommitBatch());
  EVT_RETURN_IF_ERROR(out.Release());
  return out.Finish();
}

}  // namespace evt::token
