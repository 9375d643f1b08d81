#include "tools/budget/plain_usage_line.h"

namespace evt::budget {
namespace {

// A cursor over one line of JSON that accepts only the plain subset
// plain_usage_line.h names; every method returns false on anything else.
class PlainJson {
 public:
  explicit PlainJson(std::string_view text) : text_(text) {}

  bool Take(char c) {
    SkipSpace();
    if (pos_ == text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  // A string of printable ASCII without escapes; its content in `out`.
  bool String(std::string_view& out) {
    if (!Take('"')) return false;
    std::size_t start = pos_;
    for (; pos_ < text_.size(); ++pos_) {
      auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        out = text_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c < 0x20 || c >= 0x7f || c == '\\') return false;
    }
    return false;
  }
  // A JSON integer 0 or more with at most 12 digits ("0", not "007").
  bool Count(std::int64_t& out) {
    SkipSpace();
    std::size_t start = pos_;
    std::int64_t n = 0;
    for (; pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; ++pos_) n = n * 10 + (text_[pos_] - '0');
    std::size_t digits = pos_ - start;
    if (digits == 0 || digits > 12 || (digits > 1 && text_[start] == '0')) return false;
    // A fraction or an exponent is the Value path's to read exactly.
    if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) return false;
    out = n;
    return true;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r')) ++pos_;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

enum Key : unsigned { kKind, kV, kTs, kId, kComponent, kResource, kQty, kKeys };

std::optional<Key> KeyNamed(std::string_view name) {
  static constexpr std::string_view kNames[kKeys] = {"kind", "v", "ts", "id", "component", "resource", "qty"};
  for (unsigned k = 0; k < kKeys; ++k) {
    if (name == kNames[k]) return static_cast<Key>(k);
  }
  return std::nullopt;
}

bool NonEmpty(PlainJson& in, std::string_view& out) { return in.String(out) && !out.empty(); }

bool ReadMember(PlainJson& in, Key key, PlainUsage& usage) {
  std::string_view text;
  std::int64_t n = 0;
  switch (key) {
    case kKind: return in.String(text) && text == "usage";
    case kV: return in.Count(n) && n == 1;
    case kTs: return in.String(usage.ts);
    case kId: return NonEmpty(in, usage.id);
    case kComponent: return NonEmpty(in, usage.component);
    case kResource: return NonEmpty(in, usage.resource);
    default: return in.Count(usage.qty);
  }
}

}  // namespace

std::optional<PlainUsage> ReadPlainUsageLine(std::string_view line) {
  PlainJson in(line);
  PlainUsage usage;
  unsigned seen = 0;
  if (!in.Take('{')) return std::nullopt;
  do {
    std::string_view name;
    if (!in.String(name) || !in.Take(':')) return std::nullopt;
    std::optional<Key> key = KeyNamed(name);
    if (!key) return std::nullopt;
    unsigned bit = 1u << *key;
    if ((seen & bit) || !ReadMember(in, *key, usage)) return std::nullopt;
    seen |= bit;
  } while (in.Take(','));
  constexpr unsigned kAll = (1u << kKeys) - 1;
  if (!in.Take('}') || !in.AtEnd() || seen != kAll) return std::nullopt;
  return usage;
}

}  // namespace evt::budget
