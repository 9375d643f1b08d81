// When a destination may send (doc/design.md §15.5): `"when": {"active":
// [paths], "max_shed_level": N}` is read from the failover state (a path
// named must be the active one) and the budget governor's shed level (at
// most N), each by running the other tool as a child (`evt-failover status
// --json`, `evt-budget governor --json`), never by linking its core;
// the site hold (doc/design.md §4.5) closes every gate. A gate whose state
// cannot be read counts as closed: sending orders over a link nobody can
// vouch for is what the gate exists to prevent.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/site_hold.h"
#include "common/status.h"

namespace evt::outbox {

struct GateSpec {
  std::vector<std::string> active;    // open only while one of these paths carries traffic
  std::optional<int> max_shed_level;  // open only while the governor's level is at most this
  bool empty() const { return active.empty() && !max_shed_level; }
};

// What the gate was read from; an error string where a reading failed.
struct GateReadings {
  std::optional<std::string> active_path;  // none when no path is active
  std::string failover_error;
  std::optional<int> shed_level;
  std::string budget_error;
  std::optional<SiteHold> hold;
};

struct GateVerdict {
  bool open = true;
  std::string reason;  // why it is closed: "path uplink is not active (mesh is)"
};

GateVerdict JudgeGate(const GateSpec& spec, const GateReadings& readings);

// The active path in `evt-failover status --json` output: the
// failover.path record with "active": true, or none.
Result<std::optional<std::string>> ActivePathFromStatus(std::string_view jsonl);

// The level in force in `evt-budget governor --json` output: its
// budget.governor record's level.
Result<int> ShedLevelFromGovernor(std::string_view jsonl);

// Runs an evt tool with arguments and returns its stdout; a failure names
// the command. The seam tests replace.
using ToolRunner = std::function<Result<std::string>(const std::vector<std::string>& argv)>;

// evt-NAME beside this binary, else on PATH, run with a timeout.
ToolRunner ChildToolRunner();

class Gate {
 public:
  // `common_args` are passed to every child (--config, --state-dir), so
  // they read the same site as this run.
  Gate(GateSpec spec, std::vector<std::string> common_args, std::string state_dir, ToolRunner run);

  // Reads what the spec needs afresh (a hold placed a moment ago counts).
  GateVerdict Check(TimePoint now);

 private:
  GateReadings Read(TimePoint now);

  GateSpec spec_;
  std::vector<std::string> common_args_;
  std::string state_dir_;
  ToolRunner run_;
};

}  // namespace evt::outbox
