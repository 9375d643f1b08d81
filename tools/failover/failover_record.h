// The `failover` record (schemas/records/failover.json) of one event.
#pragma once

#include <string>
#include <vector>

#include "common/value.h"
#include "tools/failover/actions.h"
#include "tools/failover/event.h"

namespace evt::failover {

// `active` is the active path after the event; `written` the record's ts.
Value FailoverRecord(const Event& event, const std::string& active, const std::vector<ActionReport>& actions,
                     TimePoint written);

}  // namespace evt::failover
