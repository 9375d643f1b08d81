// evt-token decode: what a token says, never whether it is true.
#include <unistd.h>

#include <iostream>

#include "common/json_writer.h"
#include "common/messages.h"
#include "tools/token/commands.h"
#include "tools/token/jws.h"
#include "tools/token/token_lines.h"

namespace evt::token {
namespace {

constexpr std::string_view kNotVerified =
    "NOT VERIFIED: decode shows what a token claims, not whether it is genuine; use evt-token verify";

class Decoder {
 public:
  explicit Decoder(const CommandContext& ctx) : ctx_(ctx), writer_(stdout) {}

  Status Decode(std::string_view token, std::string_view where, std::optional<std::size_t> line) {
    Result<DecodedJws> jws = DecodeCompact(token, parser_);
    if (!jws.ok()) return jws.status().Prefixed(where);
    Result<Value> claims = ParseDecodedJson(jws->payload, "claims", parser_);
    if (!claims.ok()) return claims.status().Prefixed(where);
    if (!ctx_.records) return Show(jws->header, *claims);
    Value record = ctx_.Envelope("token.decoded");
    record.set("verified", false);
    record.set("header", std::move(jws->header));
    record.set("claims", std::move(*claims));
    if (line) record.set("line", *line);
    return writer_.Write(record);
  }

 private:
  Status Show(const Value& header, const Value& claims) {
    if (!warned_) PrintWarning(kNotVerified);
    warned_ = true;
    Result<std::string> h = ToJson(header);
    if (!h.ok()) return h.status();
    Result<std::string> c = ToJson(claims);
    if (!c.ok()) return c.status();
    std::cout << "header (unverified): " << *h << "\nclaims (unverified): " << *c << "\n" << std::flush;
    return Status::Ok();
  }

  const CommandContext& ctx_;
  RecordWriter writer_;
  JsonParser parser_;
  bool warned_ = false;
};

}  // namespace

Status RunDecode(const CommandContext& ctx, const std::string& token) {
  Decoder decoder(ctx);
  if (!token.empty()) return decoder.Decode(token, "token", std::nullopt);
  TokenLineReader reader(STDIN_FILENO);
  while (true) {
    Result<std::optional<TokenLine>> line = reader.Next();
    if (!line.ok()) return line.status();
    if (!line->has_value()) return Status::Ok();
    std::string where = "<stdin>:" + std::to_string((*line)->line);
    if ((*line)->too_long) {
      return Status::DataErr(where + ": token: longer than " + std::to_string(kMaxTokenBytes) + " bytes");
    }
    EVT_RETURN_IF_ERROR(decoder.Decode((*line)->text, where, (*line)->line));
  }
}

}  // namespace evt::token
