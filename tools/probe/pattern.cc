#include "tools/probe/pattern.h"

#include "common/quoted.h"

namespace evt::probe {

struct Pattern::Compiled {
  regex_t regex{};
  bool compiled = false;  // regcomp leaves nothing to free when it fails
  ~Compiled() {
    if (compiled) regfree(&regex);
  }
};

Result<Pattern> Pattern::Compile(std::string_view text) {
  auto compiled = std::make_shared<Compiled>();
  std::string source(text);
  int rc = regcomp(&compiled->regex, source.c_str(), REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
  if (rc != 0) {
    char why[256];
    regerror(rc, &compiled->regex, why, sizeof why);
    return Status::Usage(QuotedForMessage(text) + ": not a valid extended regular expression: " + why);
  }
  compiled->compiled = true;
  Pattern p;
  p.text_ = std::move(source);
  p.compiled_ = std::move(compiled);
  return p;
}

bool Pattern::Search(const std::string& subject) const {
  return compiled_ && regexec(&compiled_->regex, subject.c_str(), 0, nullptr, 0) == 0;
}

}  // namespace evt::probe
