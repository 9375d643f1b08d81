// What a flow step checks in a response beyond what the transfer checked
// (status, body regex, header regexes): the latency bound, comparisons at
// JSON pointers of the body, and the captures.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "engine/flow/flow.h"
#include "engine/probe/probe_result.h"

namespace evt::probe {

using VariableLookup = std::function<std::string(const std::string&)>;

// Checks `response` (a transfer that succeeded, kept with keep_response)
// against `step`, and on success adds the step's captures to `captured`.
// Returns the first failure in words, naming the pointer, header or
// pattern ("capture cart_id: nothing at /cart/id in the response body");
// empty when everything held. `lookup` renders templates in expectations.
std::string CheckStepResponse(const FlowStep& step, const ProbeResult& response, const VariableLookup& lookup,
                              std::map<std::string, std::string>& captured);

}  // namespace evt::probe
