// `evt-price check`: runs the lint over the files `quote` would read and
// prints each finding as a price.finding record, or as a line on a terminal.
#include <unistd.h>

#include <cstdio>

#include "common/clock.h"
#include "common/color.h"
#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "tools/price/lint.h"
#include "tools/price/cli.h"

namespace evt::price {

namespace {

Value FindingRecord(const Finding& f, TimePoint ts) {
  Value record = Value::object({{"kind", "price.finding"},
                                {"v", 1},
                                {"ts", FormatRfc3339(ts)},
                                {"finding", f.kind},
                                {"file", f.file},
                                {"path", f.path}});
  if (!f.promotion.empty()) record.set("promotion", f.promotion);
  record.set("message", f.message);
  return record;
}

std::string FindingLine(const Finding& f, bool color) {
  std::string line = f.file + ": " + f.path + ": " + Styled(f.kind, Style::kWarn, color) + ": ";
  if (!f.promotion.empty()) line += "\"" + f.promotion + "\" ";
  return line + f.message + "\n";
}

Status Print(const std::vector<Finding>& findings, const Options& options) {
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    TimePoint now = SystemClock().Now();
    for (const Finding& f : findings) EVT_RETURN_IF_ERROR(writer.Write(FindingRecord(f, now)));
    return writer.Flush();
  }
  bool color = ColorEnabled(STDOUT_FILENO);
  for (const Finding& f : findings) {
    std::string line = FindingLine(f, color);
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  if (std::fflush(stdout) != 0) return Status::IoErr("standard output: write failed");
  return Status::Ok();
}

}  // namespace

Status RunCheck(const Options& options) {
  Result<TimePoint> at = DefaultAt(options);
  if (!at.ok()) return at.status();
  Result<PriceSettings> settings = ResolveSettings(options);
  if (!settings.ok()) return settings.status();
  Result<Value> catalog = ParseJsonFile(settings->catalog);
  if (!catalog.ok()) return catalog.status();
  Result<Value> promotions = ParseJsonFile(settings->promotions);
  if (!promotions.ok()) return promotions.status();
  LintInput input{&*catalog, settings->catalog, &*promotions, settings->promotions, settings->timezone, *at};
  Result<std::vector<Finding>> findings = Lint(input);
  if (!findings.ok()) return findings.status();
  EVT_RETURN_IF_ERROR(Print(*findings, options));
  if (findings->empty()) return Status::Ok();
  return Status::CheckFailed(std::to_string(findings->size()) + (findings->size() == 1 ? " finding" : " findings"));
}

}  // namespace evt::price
