#include "tools/token/scan_live.h"

#include <unistd.h>

#include <cstdio>

#include "common/output_mode.h"
#include "common/text_width.h"
#include "common/time_display.h"
#include "tools/token/commands.h"

namespace evt::token {
namespace {

// Bold white on green or red: Style has no background, and a bar across the
// screen is what makes the verdict readable from a step away.
constexpr std::string_view kAdmitBar = "\x1b[1;97;42m";
constexpr std::string_view kRefuseBar = "\x1b[1;97;41m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr int kMinWidth = 20;

std::string Text(const Value& record, std::string_view key) {
  const Value* v = record.find(key);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

std::string Words(std::string text) {
  for (char& c : text) {
    if (c == '_') c = ' ';
  }
  return text;
}

std::string LocalAt(const Value& ref, const TimeZone& zone, TimePoint now) {
  Result<TimePoint> at = ParseRfc3339(Text(ref, "at"));
  return at.ok() ? FormatLocalTimeSeconds(*at, zone, now) : Text(ref, "at");
}

std::string GateAndTime(const Value* ref, const TimeZone& zone, TimePoint now) {
  if (ref == nullptr || !ref->is_object()) return "";
  return " at " + Text(*ref, "gate") + " " + LocalAt(*ref, zone, now);
}

std::string Banner(const Value& scan, bool ok) {
  if (!ok) return "REFUSED";
  return Text(scan, "result") == "exited" ? "EXIT" : "ADMIT";
}

std::string Bar(std::string_view text, bool ok, const VerdictLook& look) {
  std::string line = TruncateToWidth(SanitizeForTerminal(text), look.width);
  if (!look.color) return line + "\n";
  line.append(static_cast<std::size_t>(look.width - DisplayWidth(line)), ' ');
  return std::string(ok ? kAdmitBar : kRefuseBar) + line + std::string(kReset) + "\n";
}

}  // namespace

std::string RefusalReason(const Value& scan, const TimeZone& zone, TimePoint now) {
  const Value* ok = scan.find("ok");
  if (ok != nullptr && ok->is_bool() && ok->as_bool()) return "";
  std::string result = Text(scan, "result");
  if (result == "already_admitted") return "already admitted" + GateAndTime(scan.find("first"), zone, now);
  if (result == "revoked") {
    const Value* revoked = scan.find("revoked");
    std::string why = revoked != nullptr ? Text(*revoked, "reason") : "";
    return "revoked" + GateAndTime(revoked, zone, now) + (why.empty() ? "" : ": " + why);
  }
  if (result == "not_inside") return "not inside: no entry scan to leave by";
  if (result == "code_reused") return "code already used: show the ticket's next code";
  std::string detail = Text(scan, "detail");
  std::string reason = Text(scan, "reason");
  if (reason.empty()) return detail.empty() ? Words(result) : detail;
  return detail.empty() ? Words(reason) : Words(reason) + ": " + detail;
}

std::string VerdictLines(const Value& scan, const VerdictLook& look) {
  const Value* ok_field = scan.find("ok");
  bool ok = ok_field != nullptr && ok_field->is_bool() && ok_field->as_bool();
  VerdictLook fitted = look;
  fitted.width = std::max(look.width, kMinWidth);
  std::string head = Banner(scan, ok);
  head.append(head.size() < 9 ? 9 - head.size() : 1, ' ');
  const Value* line = scan.find("line");
  if (line != nullptr && line->is_int()) head += "#" + std::to_string(line->as_int()) + "  ";
  std::string what = ok ? Text(scan, "jti") : RefusalReason(scan, *look.zone, look.now);
  if (DisplayWidth(head + what) <= fitted.width) return Bar(head + what, ok, fitted);
  return Bar(head, ok, fitted) + Bar("  " + what, ok, fitted);
}

Status ScanLiveView::Show(const Value& scan, TimePoint now) {
  VerdictLook look{color_, TerminalWidth(STDOUT_FILENO), &zone_, now};
  std::string text = VerdictLines(scan, look);
  const Value* ok = scan.find("ok");
  if (ok == nullptr || !ok->is_bool() || !ok->as_bool()) text.insert(0, "\a");
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return WriteStdoutLine(text, true);
}

}  // namespace evt::token
