// Feeds arbitrary bytes to ParseJson, as a config or flow file. A document
// it accepts must write and read back equal; one it refuses must be a
// DataErr naming the source and a line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/json_parse.h"
#include "common/json_writer.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  evt::Result<evt::Value> value = evt::ParseJson(text, "fuzz.json");
  if (!value.ok()) {
    Require(value.status().code() == evt::ExitCode::kDataErr);
    Require(value.status().message().rfind("fuzz.json:", 0) == 0);
    return 0;
  }
  evt::Result<std::string> json = evt::ToJson(*value);
  Require(json.ok());
  evt::Result<evt::Value> back = evt::ParseJson(*json, "round trip");
  Require(back.ok());
  Require(*back == *value);
  return 0;
}
