// The record schemas as shipped in schemas/records/, embedded at build time
// by cmake/EmbedSchemas.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace evt {

struct EmbeddedSchema {
  std::string_view file;  // "error.json"
  std::string_view text;  // the JSON document
};

const std::vector<EmbeddedSchema>& EmbeddedSchemas();

}  // namespace evt
