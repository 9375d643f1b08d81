// Feeds arbitrary bytes, one JSON document per line, to evt-budget's
// ingester over an in-memory ledger: usage, metric (meters and NUT
// variables), probe, flow and load.window records with any fields. Beyond
// "no crash, no hang, no sanitizer report" it checks what ingest promises:
// a record is refused with DataErr or taken whole, and the rollups always
// agree with the rows (usage, and events), whatever was refused.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/json_parse.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/ingest.h"
#include "tools/budget/ledger.h"

namespace {

using namespace evt;
using namespace evt::budget;

void Require(bool condition) {
  if (!condition) std::abort();
}

BudgetConfig MakeConfig() {
  BudgetConfig c;
  c.site.name = "fuzz";
  c.rates["edge.exec"] = Rate{1000000, Rational(60), "EUR"};
  c.rates["cdn.request"] = Rate{10000, Rational(3, 4), "EUR"};
  c.components["ar"] = ComponentSpec{Tier::kNonEssential, 60.0};
  c.meters["edge_total"] = Meter{"stream", "edge.exec", std::nullopt};
  BudgetSpec energy;
  energy.name = "battery";
  energy.unit = BudgetUnit::kEnergy;
  energy.source = "ups";
  energy.capacity_wh = 1000;
  c.budgets.push_back(energy);
  BudgetSpec error;
  error.name = "slo";
  error.unit = BudgetUnit::kError;
  error.objective = 0.999;
  error.events_from = "checkout";
  c.budgets.push_back(error);
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const BudgetConfig config = MakeConfig();
  Result<Ledger> ledger = Ledger::OpenMemory();
  Require(ledger.ok());
  Ingester ingester(config, *ledger, TimePoint(std::chrono::milliseconds(1765015200000)));
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t line = 0;
  while (!input.empty()) {
    std::size_t end = input.find('\n');
    std::string_view text = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    Result<Value> record = ParseJson(text, "fuzz");
    if (!record.ok()) continue;
    Require(ledger->Begin().ok());
    Result<std::int64_t> before = ledger->UsageRows();
    Require(before.ok());
    Result<Applied> applied = ingester.Apply(*record);
    if (!applied.ok()) {
      Require(applied.status().code() == ExitCode::kDataErr);
      Result<std::int64_t> after = ledger->UsageRows();
      Require(after.ok() && *after == *before);  // refused: nothing written
    }
    Status committed = ledger->Commit();
    // Totals beyond 64 bits are refused at commit (the batch is rolled back).
    Require(committed.ok() || committed.code() == ExitCode::kDataErr);
    if (++line > 64) break;
  }
  // A SUM that overflows 64 bits (huge quantities) is an error, not a finding.
  Status consistent = ledger->CheckConsistency();
  Require(consistent.ok() || consistent.message().find("overflow") != std::string::npos);
  return 0;
}
