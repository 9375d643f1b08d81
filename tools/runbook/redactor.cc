#include "tools/runbook/redactor.h"

#include <algorithm>

namespace evt::runbook {

Redactor::~Redactor() {
  for (std::string& s : secrets_) std::fill(s.begin(), s.end(), '\0');
}

void Redactor::Add(std::string secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.push_back(std::move(secret));
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::Apply(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    std::size_t at = 0;
    while ((at = out.find(secret, at)) != std::string::npos) {
      out.replace(at, secret.size(), kRedacted);
      at += kRedacted.size();
    }
  }
  return out;
}

Value Redactor::ApplyToValue(const Value& v) const {
  if (secrets_.empty()) return v;
  switch (v.type()) {
    case Value::Type::kString:
      return Value(Apply(v.as_string()));
    case Value::Type::kArray: {
      Array items;
      for (const Value& item : v.as_array()) items.push_back(ApplyToValue(item));
      return Value(std::move(items));
    }
    case Value::Type::kObject: {
      Object members;
      for (const auto& [key, value] : v.as_object()) members.emplace_back(Apply(key), ApplyToValue(value));
      return Value(std::move(members));
    }
    default:
      return v;
  }
}

}  // namespace evt::runbook
