// `evt-budget status`: every budget as records, a table or metrics text.
#include <unistd.h>

#include <iostream>

#include "common/atomic_file.h"
#include "common/cli_vocabulary.h"
#include "common/json_writer.h"
#include "common/site_status.h"
#include "common/text_fit.h"
#include "common/time_display.h"
#include "tools/budget/command_context.h"
#include "tools/budget/commands.h"
#include "tools/budget/budget_metrics.h"
#include "tools/budget/budget_records.h"
#include "tools/budget/status_output.h"

namespace evt::budget {
namespace {

Result<std::vector<BudgetStatus>> Evaluate(Context& c, const GovernorState& governor, bool with_series) {
  return EvaluateBudgets(c.config, c.ledger, c.now, {governor.level, with_series});
}

}  // namespace

Status RunStatus(Context& c, const Options& options, const Settings& settings) {
  bool records = WantRecords(options.common, options.format);
  EVT_ASSIGN_OR_RETURN(GovernorState governor, c.ledger.Governor());
  EVT_ASSIGN_OR_RETURN(std::vector<BudgetStatus> budgets, Evaluate(c, governor, !records && !settings.metrics));
  if (settings.metrics) {
    std::string text = BudgetMetricsText(budgets, *settings.metrics == OutputFormat::kOpenMetrics);
    if (!options.textfile.empty()) return WriteFileAtomically(options.textfile, text);
    std::cout << text;
    return Status::Ok();
  }
  if (!records) {
    // The hold and when check last ran: the state shown is only as fresh as that.
    Result<SiteStatus> site = ReadSiteStatus(c.state_dir, SystemClock().Now());
    if (!site.ok()) return site.status();
    const TimeZone& zone = DisplayZone(c.config.site.timezone, options.common.utc);
    std::cout << WrapLines(SiteStatusText(*site, {"budget check"}, SystemClock().Now(), zone),
                           TerminalWidth(STDOUT_FILENO));
    std::cout << BudgetTable(budgets, ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO), zone, c.now);
    return Status::Ok();
  }
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  for (const BudgetStatus& b : budgets) EVT_RETURN_IF_ERROR(writer.Write(BudgetRecord(b, c.now)));
  // Last, so `evt status` shows the shed level beside the budgets it comes
  // from without a second command (doc/design.md §17).
  if (!c.config.budgets.empty()) EVT_RETURN_IF_ERROR(writer.Write(GovernorRecord(governor, c.now)));
  return writer.Flush();
}

}  // namespace evt::budget
