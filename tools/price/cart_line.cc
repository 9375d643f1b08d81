#include "tools/price/cart_line.h"

#include <array>
#include <cstring>
#include <optional>

namespace evt::price {

namespace {

// The bytes a plain string holds: printable ASCII but the quote and the backslash.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7f; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// A strict reader of the plain subset: every method returns false at the
// first byte it does not expect, and the caller gives up on the line.
class PlainJson {
 public:
  explicit PlainJson(std::string_view text) : cur_(text.data()), end_(text.data() + text.size()) {}

  // A till writes compact JSON: one test for the usual case, a byte that
  // is not space, before the loop over the four kinds of space.
  void SkipSpace() {
    if (cur_ != end_ && static_cast<unsigned char>(*cur_) > ' ') return;
    while (cur_ != end_ && (*cur_ == ' ' || *cur_ == '\t' || *cur_ == '\r' || *cur_ == '\n')) ++cur_;
  }
  bool AtEnd() {
    SkipSpace();
    return cur_ == end_;
  }
  bool Take(char c) {
    SkipSpace();
    if (cur_ == end_ || *cur_ != c) return false;
    ++cur_;
    return true;
  }
  bool Peek(char c) {
    SkipSpace();
    return cur_ != end_ && *cur_ == c;
  }
  // A string of printable ASCII without escapes; `out` views the line.
  bool String(std::string_view& out) {
    if (!Take('"')) return false;
    const char* start = cur_;
    while (cur_ != end_ && kPlain[static_cast<unsigned char>(*cur_)]) ++cur_;
    if (cur_ == end_ || *cur_ != '"') return false;  // an escape, a control or non-ASCII byte, or no end
    out = std::string_view(start, static_cast<std::size_t>(cur_ - start));
    ++cur_;
    return true;
  }
  bool NonEmptyString(std::string& out) {
    std::string_view text;
    if (!String(text) || text.empty()) return false;
    out.assign(text);
    return true;
  }
  // A whole number >= 1 of at most 18 digits (no overflow), without the
  // fraction or exponent that would make it a double.
  bool Quantity(std::int64_t& out) {
    SkipSpace();
    if (cur_ == end_ || *cur_ < '1' || *cur_ > '9') return false;
    std::int64_t n = 0;
    int digits = 0;
    while (cur_ != end_ && *cur_ >= '0' && *cur_ <= '9') {
      if (++digits > 18) return false;
      n = n * 10 + (*cur_++ - '0');
    }
    if (cur_ != end_ && (*cur_ == '.' || *cur_ == 'e' || *cur_ == 'E')) return false;
    out = n;
    return true;
  }
  bool Strings(std::vector<std::string>& out) {
    out.clear();
    if (!Take('[')) return false;
    if (Take(']')) return true;
    do {
      out.emplace_back();
      if (!NonEmptyString(out.back())) return false;
    } while (Take(','));
    return Take(']');
  }
  bool Line(CartLine& line) {
    if (CompactLine(line)) return true;
    if (!Take('{')) return false;
    bool sku = false;
    bool qty = false;
    for (int member = 0; member < 2; ++member) {
      std::string_view key;
      if ((member == 1 && !Take(',')) || !String(key) || !Take(':')) return false;
      if (key == "sku" && !sku) {
        sku = NonEmptyString(line.sku);
        if (!sku) return false;
      } else if (key == "qty" && !qty) {
        qty = Quantity(line.qty);
        if (!qty) return false;
      } else {
        return false;
      }
    }
    return Take('}');
  }
  // `{"sku":"S","qty":N}` exactly, as a till writes most lines: two
  // fixed byte strings compared at once instead of a key read and looked
  // up per member. Anything else leaves the cursor where it was.
  bool CompactLine(CartLine& line) {
    const char* start = cur_;
    std::string_view sku;
    if (!Literal("{\"sku\":") || !String(sku) || sku.empty() || !Literal(",\"qty\":") || !Quantity(line.qty) ||
        !Literal("}")) {
      cur_ = start;
      return false;
    }
    line.sku.assign(sku);
    return true;
  }
  template <std::size_t N>
  bool Literal(const char (&text)[N]) {
    if (static_cast<std::size_t>(end_ - cur_) < N - 1 || std::memcmp(cur_, text, N - 1) != 0) return false;
    cur_ += N - 1;
    return true;
  }
  bool Lines(std::vector<CartLine>& out) {
    if (!Take('[')) return false;
    std::size_t n = 0;
    if (!Peek(']')) {
      do {
        if (n == out.size()) out.emplace_back();
        if (!Line(out[n++])) return false;
      } while (Take(','));
    }
    out.resize(n);
    return Take(']');
  }

 private:
  const char* cur_;
  const char* end_;
};

// Reads one member whose key was `key`; false declines the line.
bool ReadMember(PlainJson& in, CartKey key, Cart& cart) {
  switch (key) {
    case CartKey::kId: return in.NonEmptyString(cart.id);
    case CartKey::kKind:
    case CartKey::kV:
    case CartKey::kTs: return false;  // an evt record: not what a till writes
    case CartKey::kCustomer: return in.NonEmptyString(cart.customer);
    case CartKey::kSegments: return in.Strings(cart.segments);
    case CartKey::kCodes: return in.Strings(cart.codes);
    case CartKey::kAt: {
      std::string_view text;
      if (!in.String(text)) return false;
      Result<TimePoint> at = ParseRfc3339(text);
      if (at.ok()) cart.at = *at;
      return at.ok();
    }
    case CartKey::kLines: return in.Lines(cart.lines);
  }
  return false;
}

}  // namespace

bool ReadPlainCartLine(std::string_view line, Cart& cart) {
  PlainJson in(line);
  cart.customer.clear();
  cart.segments.clear();
  cart.codes.clear();
  cart.at.reset();
  unsigned seen = 0;
  if (!in.Take('{')) return false;
  do {
    std::string_view name;
    if (!in.String(name) || !in.Take(':')) return false;
    std::optional<CartKey> key = CartKeyNamed(name);
    if (!key) return false;  // explained by ParseCart
    unsigned bit = 1u << static_cast<unsigned>(*key);
    if ((seen & bit) || !ReadMember(in, *key, cart)) return false;  // a repeat, or not plain
    seen |= bit;
  } while (in.Take(','));
  constexpr unsigned kRequired = 1u << static_cast<unsigned>(CartKey::kId) | 1u << static_cast<unsigned>(CartKey::kLines);
  return in.Take('}') && in.AtEnd() && (seen & kRequired) == kRequired;
}

}  // namespace evt::price
