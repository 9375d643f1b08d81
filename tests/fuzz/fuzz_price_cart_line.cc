// The stream's fast cart reader (cart_line.h) against the usual path: a
// line ReadPlainCartLine takes must parse as JSON and read with ParseCart to
// the very same cart. A difference is a crash here; nothing else may crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/json_parse.h"
#include "tools/price/cart.h"
#include "tools/price/cart_line.h"

namespace {

bool Same(const evt::price::Cart& a, const evt::price::Cart& b) {
  if (a.id != b.id || a.customer != b.customer || a.segments != b.segments || a.codes != b.codes || a.at != b.at ||
      a.lines.size() != b.lines.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    if (a.lines[i].sku != b.lines[i].sku || a.lines[i].qty != b.lines[i].qty) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  static evt::price::Cart reused;  // holds the last input's cart, as in the stream
  if (!evt::price::ReadPlainCartLine(line, reused)) return 0;
  evt::Result<evt::Value> value = evt::ParseJson(line, "fuzz");
  if (!value.ok()) std::abort();
  evt::Result<evt::price::Cart> usual = evt::price::ParseCart(*value);
  if (!usual.ok() || !Same(reused, *usual)) std::abort();
  return 0;
}
