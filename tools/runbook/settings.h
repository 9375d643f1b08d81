// evt-runbook's own section of the config, `runbook`:
//   "runbook": {
//     "dirs": ["runbooks"],            folders `run NAME` and `list` search first
//     "allow_exec": ["systemctl"],     programs evt.exec may start
//     "secret_env": ["ONCALL_TOKEN"],  environment variables evt.secret may read
//     "timeout": "15m",                a run's deadline unless --timeout
//     "memory_limit_mb": 64,           the Lua allocator's cap
//     "max_instructions": 2000000000,  the instruction budget
//     "kill_grace": "2s",              SIGTERM to SIGKILL for a child's group
//     "notify": {...}                  evt.notify's transports (notifier.h)
//     "serve": {...}                   where `serve` listens (serve_settings.h)
//     "rules", "inhibit", "dedup_ttl"  what `serve` runs on alerts (trigger_rules.h)
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/duration.h"
#include "common/status.h"
#include "tools/runbook/notifier.h"
#include "tools/runbook/serve_settings.h"
#include "tools/runbook/trigger_rules.h"

namespace evt::runbook {

struct Settings {
  std::vector<std::string> dirs;  // absolute, resolved against the config's folder
  std::vector<std::string> allow_exec;
  std::vector<std::string> secret_env;
  Duration timeout{15 * 60 * 1000};
  std::int64_t memory_limit_mb = 64;
  std::int64_t max_instructions = 2'000'000'000;
  Duration kill_grace{2000};
  NotifySettings notify;
  ServeSettings serve;
  TriggerRules triggers;
};

// Reads `runbook` strictly (unknown keys are errors) and checks that every
// `runbooks.NAME` entry is an object.
Result<Settings> ReadSettings(const Config& config);

// `config check`: ReadSettings, then every runbook `runbooks` has settings
// for, found by name as `run NAME` finds it and checked as `check NAME`
// checks it (compile, header, evt.* calls), then the runbooks of
// runbook.rules (VetTriggerRules). A runbook missing or broken is
// Config (78): "event.json: /runbooks/NAME: what".
Status CheckRunbookConfig(const Config& config);

}  // namespace evt::runbook
