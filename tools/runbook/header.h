// The header table every runbook returns, which `list`, `show`, `check`
// and `run` read before anything runs:
//
//   return {
//     description = "switch traffic to the local fallback",
//     params = { path = { description = "the path to switch to", default = "local" },
//                token = { description = "API token", required = true, secret = true } },
//     mutates = { "failover" },        -- what it changes, for `list`
//     lock = "traffic",                -- lock group; default: the runbook's name
//     run = function() ... end,        -- the body
//   }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"

struct lua_State;

namespace evt::runbook {

struct ParamSpec {
  std::string name;
  std::string description;
  std::optional<std::string> default_value;
  bool required = false;
  bool secret = false;  // its value is redacted everywhere
};

struct RunbookHeader {
  std::string description;
  std::vector<ParamSpec> params;  // sorted by name
  std::vector<std::string> mutates;
  std::optional<std::string> lock;
};

// Reads the header table at `index`; the `run` function must be there but
// is not read. Errors are DataErr "WHERE: header: field: what", naming
// unknown fields too.
Result<RunbookHeader> ReadHeader(lua_State* L, int index, const std::string& where);

// The header as the `runbook.info` record's fields (without the envelope).
Value HeaderFields(const RunbookHeader& header);

}  // namespace evt::runbook
