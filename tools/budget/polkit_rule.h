// `evt-budget rules --polkit`: the polkit rule that lets the evt user start
// and stop the units the governor sheds, and nothing else, written from the
// site's config so it names this site's units (systemd/evt-shed.rules is
// its output for examples/event.json).
//
// The units are those the shed runbook's commands manage through systemctl:
// runbooks.shed-non-essential's pause and resume, {component: argv}. Its
// status commands (`systemctl is-active`) need no permission.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "common/status.h"

namespace evt::budget {

// A unit and the polkit verbs (action.lookup("verb")) granted on it.
struct UnitGrant {
  std::string unit;  // as systemd names it: "analytics.service"
  std::vector<std::string> verbs;  // sorted: "start", "stop"
};

// The unit systemctl acts on for NAME: NAME itself when it ends in a unit
// type's suffix, else NAME.service, as systemctl completes it. Names
// systemctl would mangle (a path, characters outside a unit name's) are
// Status::Config, since no rule can name what they become.
Result<std::string> SystemctlUnitName(std::string_view name);

// The grants the shed config's pause and resume commands need, by unit.
// Errors are Status::Config naming the file and the JSON pointer: a command
// that is not an array of strings, a systemctl verb polkit's manage-units
// action does not cover, an option that changes which units systemctl
// means, and a config whose commands run no systemctl at all.
Result<std::vector<UnitGrant>> ReadShedUnitGrants(const Config& config);

// The rules file: ECMAScript 5 (polkitd's duktape), one closure so that
// nothing leaks into the global scope every rules file shares.
std::string PolkitShedRule(const std::string& site, const std::vector<UnitGrant>& grants);

}  // namespace evt::budget
