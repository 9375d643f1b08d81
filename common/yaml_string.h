// A string as a YAML double-quoted scalar, for the YAML files evt writes
// for other daemons (Prometheus rule files, the Prometheus agent config):
// quoted always, so a value that looks like a number, a bool or YAML
// syntax ("on", "1e3", "- x") stays the string it is.
#pragma once

#include <string>

namespace evt {

// `value` in double quotes: \ and " escaped, control bytes as \xNN.
std::string YamlString(const std::string& value);

}  // namespace evt
