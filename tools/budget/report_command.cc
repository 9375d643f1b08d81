// `evt-budget report`: what a resource cost, per period.
#include <unistd.h>

#include <iostream>

#include "common/json_writer.h"
#include "tools/budget/command_context.h"
#include "tools/budget/commands.h"
#include "tools/budget/cost_report.h"

namespace evt::budget {

Status RunReport(Context& c, const Options& options) {
  EVT_ASSIGN_OR_RETURN(std::vector<CostLine> lines,
                       CostReport(c.config, c.ledger, options.resource, options.per, c.now));
  const std::string& currency = c.config.rates.find(options.resource)->second.currency;
  if (!WantRecords(options.common)) {
    std::cout << CostTable(lines, options.resource, currency, options.per, ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO));
    return Status::Ok();
  }
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  for (const CostLine& line : lines) {
    EVT_RETURN_IF_ERROR(writer.Write(CostRecord(line, options.resource, currency, options.per, c.now)));
  }
  return writer.Flush();
}

}  // namespace evt::budget
