#include "engine/probe/pattern.h"

#include "common/quoted.h"

namespace evt::probe {

struct Pattern::Compiled {
  regex_t regex{};
  bool compiled = false;  // regcomp leaves nothing to free when it fails
  ~Compiled() {
    if (compiled) regfree(&regex);
  }
};

namespace {

constexpr std::size_t kMaxGroups = 16;

}  // namespace

Result<Pattern> Pattern::Compile(std::string_view text) { return Compile(text, REG_NOSUB); }

Result<Pattern> Pattern::CompileWithGroups(std::string_view text) { return Compile(text, 0); }

Result<Pattern> Pattern::Compile(std::string_view text, int extra_flags) {
  auto compiled = std::make_shared<Compiled>();
  std::string source(text);
  int rc = regcomp(&compiled->regex, source.c_str(), REG_EXTENDED | REG_NEWLINE | extra_flags);
  if (rc != 0) {
    char why[256];
    regerror(rc, &compiled->regex, why, sizeof why);
    return Status::Usage(QuotedForMessage(text) + ": not a valid extended regular expression: " + why);
  }
  compiled->compiled = true;
  if ((extra_flags & REG_NOSUB) == 0 && compiled->regex.re_nsub >= kMaxGroups)
    return Status::Usage(QuotedForMessage(text) + ": more than " + std::to_string(kMaxGroups - 1) + " groups");
  Pattern p;
  p.text_ = std::move(source);
  p.compiled_ = std::move(compiled);
  return p;
}

bool Pattern::Search(const std::string& subject) const {
  return compiled_ && regexec(&compiled_->regex, subject.c_str(), 0, nullptr, 0) == 0;
}

std::size_t Pattern::groups() const { return compiled_ ? compiled_->regex.re_nsub : 0; }

std::optional<std::string> Pattern::Group(const std::string& subject, std::size_t group) const {
  if (!compiled_ || group == 0 || group > groups() || group >= kMaxGroups) return std::nullopt;
  regmatch_t matches[kMaxGroups];
  if (regexec(&compiled_->regex, subject.c_str(), kMaxGroups, matches, 0) != 0) return std::nullopt;
  const regmatch_t& m = matches[group];
  if (m.rm_so < 0 || m.rm_eo < m.rm_so) return std::nullopt;
  return subject.substr(static_cast<std::size_t>(m.rm_so), static_cast<std::size_t>(m.rm_eo - m.rm_so));
}

}  // namespace evt::probe
