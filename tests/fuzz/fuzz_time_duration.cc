// Feeds arbitrary bytes to ParseRfc3339 and ParseDuration, as config and
// records hand them over. Beyond "no crash, no hang, no sanitizer report" it
// checks what they promise: a refusal is a DataErr quoting the input; an
// accepted time formats to a UTC string that parses back to the same
// instant; an accepted duration is never negative and its canonical form
// parses back to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/duration.h"
#include "common/time_format.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckTime(std::string_view text) {
  evt::Result<evt::TimePoint> t = evt::ParseRfc3339(text);
  if (!t.ok()) {
    Require(t.status().code() == evt::ExitCode::kDataErr);
    Require(t.status().message().rfind("\"", 0) == 0);
    return;
  }
  std::string formatted = evt::FormatRfc3339(*t);
  Require(formatted.size() == 24 && formatted.back() == 'Z');
  evt::Result<evt::TimePoint> again = evt::ParseRfc3339(formatted);
  Require(again.ok() && *again == *t);
}

void CheckDuration(std::string_view text) {
  evt::Result<evt::Duration> d = evt::ParseDuration(text);
  if (!d.ok()) {
    Require(d.status().code() == evt::ExitCode::kDataErr);
    Require(d.status().message().rfind("\"", 0) == 0);
    return;
  }
  Require(d->count() >= 0);
  evt::Result<evt::Duration> again = evt::ParseDuration(evt::FormatDuration(*d));
  Require(again.ok() && *again == *d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckTime(text);
  CheckDuration(text);
  return 0;
}
