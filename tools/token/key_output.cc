#include "tools/token/key_output.h"

#include <unistd.h>

#include <iostream>

#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/table.h"
#include "common/time_display.h"

namespace evt::token {
namespace {

Style StateStyle(KeyState state) {
  switch (state) {
    case KeyState::kActive: return Style::kOk;
    case KeyState::kGrace: return Style::kWarn;
    case KeyState::kRetired: return Style::kDim;
    case KeyState::kPublished: return Style::kPlain;
  }
  return Style::kPlain;
}

// Table times in the site's zone, with the date when not today (doc/design.md §17).
std::string Local(const CommandContext& ctx, const std::optional<TimePoint>& t) {
  return t ? FormatLocalTime(*t, *ctx.zone, ctx.clock.Now()) : "";
}

}  // namespace

Value KeyRecord(const CommandContext& ctx, const RingEntry& e) {
  Value r = ctx.Envelope("token.key");
  r.set("kid", e.key.kid());
  r.set("alg", AlgName(e.key.default_alg()));
  r.set("state", KeyStateName(e.state));
  r.set("private", e.key.is_secret());
  r.set("thumbprint", e.key.thumbprint());
  r.set("created_at", FormatRfc3339(e.created_at));
  if (e.activated_at) r.set("activated_at", FormatRfc3339(*e.activated_at));
  if (e.verify_until) r.set("verify_until", FormatRfc3339(*e.verify_until));
  if (e.retired_at) r.set("retired_at", FormatRfc3339(*e.retired_at));
  return r;
}

Status WriteKeys(const CommandContext& ctx, const std::vector<RingEntry>& entries) {
  if (ctx.records) {
    RecordWriter writer(stdout);
    for (const RingEntry& e : entries) EVT_RETURN_IF_ERROR(writer.Write(KeyRecord(ctx, e)));
    return Status::Ok();
  }
  Table t;
  t.AddColumn("kid", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  t.AddColumn("alg", {.priority = Priority::kLow});
  t.AddColumn("state", {.priority = Priority::kHigh});
  t.AddColumn("private", {.priority = Priority::kLow});
  t.AddColumn("created");
  t.AddColumn("verifies until", {.priority = Priority::kHigh});
  for (const RingEntry& e : entries) {
    t.AddRow({e.key.kid(), std::string(AlgName(e.key.default_alg())),
              {std::string(KeyStateName(e.state)), StateStyle(e.state)}, e.key.is_secret() ? "yes" : "no",
              Local(ctx, e.created_at), Local(ctx, e.verify_until)});
  }
  if (entries.empty()) {
    std::cout << "no keys: run evt-token keys new\n";
  } else {
    std::cout << t.Render(ctx.color, TerminalWidth(STDOUT_FILENO));
  }
  std::cout << std::flush;
  return Status::Ok();
}

}  // namespace evt::token
