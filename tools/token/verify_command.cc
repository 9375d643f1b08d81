// evt-token verify: one verdict per token; exit 1 unless every one is ok.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/table.h"
#include "tools/token/commands.h"
#include "tools/token/jws.h"
#include "tools/token/token_lines.h"
#include "tools/token/verifier.h"
#include "tools/token/verify_setup.h"

namespace evt::token {
namespace {

// Writes verdicts as records, or gathers them into a table for a terminal.
class VerdictOutput {
 public:
  explicit VerdictOutput(const CommandContext& ctx) : ctx_(ctx), writer_(stdout, FlushPolicy::kBuffered) {
    table_.AddColumn("#", {.align = Align::kRight, .priority = Priority::kKey});
    table_.AddColumn("verdict", {.priority = Priority::kHigh});
    table_.AddColumn("kid", {.fit = Fit::kMiddle, .priority = Priority::kLow});
    table_.AddColumn("detail", {.fit = Fit::kWrap});
  }

  Status Add(Verdict v, std::size_t line) {
    ++total_;
    if (!v.ok()) ++failed_;
    if (!ctx_.records) {
      AddRow(v, line);
      return Status::Ok();
    }
    EVT_RETURN_IF_ERROR(SerializeVerdict(v, line));
    return writer_.WriteSerialized(record_);
  }

  // The verdict record into record_, as Write would serialise its Value:
  // building that Value and walking it was a third of an HS256 verify (the
  // key order is the record's: tests/golden/ holds it).
  Status SerializeVerdict(const Verdict& v, std::size_t line) {
    std::string& out = record_;
    out.assign(R"({"kind":"verdict","v":1,"ts":)");
    EVT_RETURN_IF_ERROR(AppendJsonString(out, ctx_.Timestamp()));
    out += v.ok() ? R"(,"ok":true,"reason":)" : R"(,"ok":false,"reason":)";
    EVT_RETURN_IF_ERROR(AppendJsonString(out, ReasonName(v.reason)));
    if (!v.detail.empty()) {
      out += R"(,"detail":)";
      EVT_RETURN_IF_ERROR(AppendJsonString(out, v.detail));
    }
    if (!v.kid.empty()) {
      out += R"(,"kid":)";
      EVT_RETURN_IF_ERROR(AppendJsonString(out, v.kid));
    }
    if (const Value* alg = v.header.find("alg"); alg && alg->is_string() && ParseAlg(alg->as_string())) {
      out += R"(,"alg":)";
      EVT_RETURN_IF_ERROR(AppendJsonString(out, alg->as_string()));
    }
    if (v.ok()) {
      out += R"(,"claims":)";
      EVT_RETURN_IF_ERROR(AppendJson(out, v.claims));
    }
    out += R"(,"line":)";
    out += std::to_string(line);
    out += '}';
    return Status::Ok();
  }

  // Pushes what is buffered to the reader: called before waiting for
  // input, so a gate reading verdicts one by one never waits on ours.
  Status Flush() { return ctx_.records ? writer_.Flush() : Status::Ok(); }

  Status Finish() {
    EVT_RETURN_IF_ERROR(Flush());
    if (!ctx_.records && total_ > 0) std::cout << table_.Render(ctx_.color, TerminalWidth(STDOUT_FILENO)) << std::flush;
    if (failed_ == 0) return Status::Ok();
    return Status::CheckFailed(ctx_.records ? ""
                                            : std::to_string(failed_) + " of " + std::to_string(total_) +
                                                  " tokens did not verify");
  }

 private:
  void AddRow(const Verdict& v, std::size_t line) {
    std::string detail = v.detail;
    if (v.ok()) {
      const Value* sub = v.claims.find("sub");
      if (sub && sub->is_string()) detail = "sub " + sub->as_string();
    }
    table_.AddRow({std::to_string(line), {std::string(ReasonName(v.reason)), v.ok() ? Style::kOk : Style::kBad},
                   v.kid, detail});
  }

  const CommandContext& ctx_;
  RecordWriter writer_;
  std::string record_;  // the record being written, reused
  Table table_;
  std::size_t total_ = 0;
  std::size_t failed_ = 0;
};

Verdict TooLong() {
  return Verdict::Fail(Reason::kMalformed, "token: longer than " + std::to_string(kMaxTokenBytes) + " bytes");
}

Status VerifyStdin(const CommandContext& ctx, TokenVerifier& verifier, const KeySet& keys, VerdictOutput& out) {
  TokenLineReader reader(STDIN_FILENO);
  while (true) {
    if (!reader.HasBufferedLine()) EVT_RETURN_IF_ERROR(out.Flush());
    Result<std::optional<TokenLine>> line = reader.Next();
    if (!line.ok()) return line.status();
    if (!line->has_value()) return Status::Ok();
    const TokenLine& t = **line;
    Verdict v = t.too_long ? TooLong() : verifier.Verify(t.text, keys, ctx.clock.Now());
    EVT_RETURN_IF_ERROR(out.Add(std::move(v), t.line));
  }
}

}  // namespace

Status RunVerify(const CommandContext& ctx, const VerifyArgs& args) {
  std::string source;
  Result<KeySet> keys = VerificationKeys(ctx, args, source);
  if (!keys.ok()) return keys.status();
  Result<VerifyOptions> policy = Policy(ctx, args, *keys);
  if (!policy.ok()) return policy.status();
  TokenVerifier verifier(std::move(*policy));
  VerdictOutput out(ctx);
  if (args.tokens.empty()) {
    EVT_RETURN_IF_ERROR(VerifyStdin(ctx, verifier, *keys, out));
  } else {
    for (std::size_t i = 0; i < args.tokens.size(); ++i) {
      EVT_RETURN_IF_ERROR(out.Add(verifier.Verify(args.tokens[i], *keys, ctx.clock.Now()), i + 1));
    }
  }
  return out.Finish();
}

}  // namespace evt::token
