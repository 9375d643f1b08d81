#include "engine/flow/flow_template.h"

namespace evt::probe {
namespace {

bool StartsName(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool InName(char c) { return StartsName(c) || (c >= '0' && c <= '9') || c == '-'; }

// The length of a reference's name at text[start] followed by "}", or 0.
std::size_t NameLength(std::string_view text, std::size_t start) {
  if (start >= text.size() || !StartsName(text[start])) return 0;
  std::size_t end = start + 1;
  while (end < text.size() && InName(text[end])) ++end;
  return end < text.size() && text[end] == '}' ? end - start : 0;
}

}  // namespace

Template Template::Parse(std::string_view text) {
  Template t;
  t.source_ = std::string(text);
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      literal += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      ++i;
      continue;
    }
    std::size_t length = NameLength(text, i + 1);
    if (length == 0) {
      literal += '{';
      continue;
    }
    if (!literal.empty()) t.parts_.push_back({false, std::move(literal)});
    literal.clear();
    t.parts_.push_back({true, std::string(text.substr(i + 1, length))});
    i += length + 1;
  }
  if (!literal.empty()) t.parts_.push_back({false, std::move(literal)});
  return t;
}

std::vector<std::string> Template::References() const {
  std::vector<std::string> names;
  for (const Part& p : parts_)
    if (p.reference) names.push_back(p.text);
  return names;
}

std::string Template::Render(const std::function<std::string(const std::string&)>& lookup) const {
  std::string out;
  for (const Part& p : parts_) out += p.reference ? lookup(p.text) : p.text;
  return out;
}

void Template::Visit(const std::function<void(bool reference, const std::string& text)>& visit) const {
  for (const Part& p : parts_) visit(p.reference, p.text);
}

}  // namespace evt::probe
