// Secrets a runbook asked for, and the one place every text that leaves the
// process (logs, records, audit rows, messages) passes to have them cut out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"

namespace evt::runbook {

inline constexpr std::string_view kRedacted = "<redacted>";

class Redactor {
 public:
  Redactor() = default;
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;
  ~Redactor();

  // Remembers `secret`; from now on Apply replaces it, and its common
  // encodings: base64 and base64url (also inside longer encoded data),
  // hex in either case, URL encoding (%20 or +). An encoding shorter than
  // six characters is left alone, as it would match ordinary text. Empty
  // is ignored.
  void Add(std::string secret);
  // `text` with every remembered secret replaced by kRedacted. Longer
  // secrets go first, so one that contains another is cut whole.
  std::string Apply(std::string_view text) const;
  // The same for every string (keys included) inside `v`.
  Value ApplyToValue(const Value& v) const;

 private:
  std::vector<std::string> secrets_;  // longest first
};

}  // namespace evt::runbook
