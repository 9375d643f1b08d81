// Strings joined with a separator, for the generators and help that build
// option lists ("-o, --output") and choice lists.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evt {

inline std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace evt
