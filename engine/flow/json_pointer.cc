#include "engine/flow/json_pointer.h"

#include <charconv>

namespace evt::probe {
namespace {

std::optional<std::size_t> ArrayIndex(const std::string& token) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  std::size_t index = 0;
  auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (error != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return index;
}

}  // namespace

std::optional<std::vector<std::string>> SplitJsonPointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer[0] != '/') return std::nullopt;
  std::string token;
  for (std::size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
    } else if (pointer[i] == '~') {
      if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return std::nullopt;
      token += pointer[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      token += pointer[i];
    }
  }
  return tokens;
}

const Value* ResolveJsonPointer(const Value& document, std::string_view pointer) {
  std::optional<std::vector<std::string>> tokens = SplitJsonPointer(pointer);
  if (!tokens) return nullptr;
  const Value* at = &document;
  for (const std::string& token : *tokens) {
    if (at->is_object()) {
      at = at->find(token);
    } else if (at->is_array()) {
      std::optional<std::size_t> index = ArrayIndex(token);
      at = index && *index < at->as_array().size() ? &at->as_array()[*index] : nullptr;
    } else {
      at = nullptr;
    }
    if (at == nullptr) return nullptr;
  }
  return at;
}

}  // namespace evt::probe
