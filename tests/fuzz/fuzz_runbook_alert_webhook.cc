// Alertmanager webhook bodies as `evt-runbook serve` receives them
// (tools/runbook/alert_trigger.h): any input either parses into one
// trigger per alert, each with a situation key and a status of firing or
// resolved, or fails as DataErr (the listener's 400), never anything else.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tools/runbook/alert_trigger.h"

namespace {

void Require(bool ok) {
  if (!ok) {
    std::fputs("fuzz_runbook_alert_webhook: property violated\n", stderr);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  evt::Result<std::vector<evt::runbook::Trigger>> triggers = evt::runbook::ParseAlertmanagerWebhook(body);
  if (!triggers.ok()) {
    Require(triggers.status().code() == evt::ExitCode::kDataErr);
    Require(!triggers.status().message().empty());
    return 0;
  }
  for (const evt::runbook::Trigger& t : *triggers) {
    Require(t.status == "firing" || t.status == "resolved");
    Require(!t.situation.empty());
    Require(t.fingerprints.size() == 1 && !t.fingerprints[0].empty());
  }
  return 0;
}
