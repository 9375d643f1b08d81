// Converting one value of the config to what a tool needs, with the error
// a person can act on. `where` locates the value for messages, as
// ConfigObject::Where(key) spells it: "event.json: /probe/targets/uplink/url".
// Every error is Status::Config reading "<where>: expected <what>, got
// <value>". ConfigObject's getters are these plus the key lookup; call them
// directly for values ConfigObject::Raw() handed over.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/duration.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt {

// The value for "got ...": strings quoted (and cut when long), numbers and
// literals as written, arrays and objects by type ("an array").
std::string DescribeConfigValue(const Value& v);
// "<where>: expected <what>, got <DescribeConfigValue(got)>".
Status ConfigExpected(const std::string& where, std::string_view what, const Value& got);

Result<std::string> ConfigString(const Value& v, const std::string& where);
// A JSON integer, or a number such as 3.0 with no fraction (up to 2^53).
Result<std::int64_t> ConfigInt(const Value& v, const std::string& where);
Result<double> ConfigNumber(const Value& v, const std::string& where);
Result<bool> ConfigBool(const Value& v, const std::string& where);
// 0..1 inclusive; 85 (percent) is refused with "write 0.85".
Result<double> ConfigRatio(const Value& v, const std::string& where);
// A string such as "500ms" (ParseDuration); a bare number is refused with
// the unit to add.
Result<Duration> ConfigDuration(const Value& v, const std::string& where);
// An RFC 3339 string (ParseRfc3339).
Result<TimePoint> ConfigTime(const Value& v, const std::string& where);
// A non-empty path: absolute as written, relative ones joined to `folder`,
// lexically normalized. "~" and "~/..." are refused: nothing expands them.
Result<std::string> ConfigPath(const Value& v, const std::string& where, const std::string& folder);
// Arrays; an element's errors name its index: "<where>/2: expected ...".
Result<std::vector<std::string>> ConfigStringArray(const Value& v, const std::string& where);
Result<std::vector<double>> ConfigNumberArray(const Value& v, const std::string& where);

}  // namespace evt
