// evt-price's operational inputs from arbitrary bytes: a redemption record
// (redemptions merge), a quote record read by redeem, and the lint, which
// reads catalogs and promotions that the engine would refuse. Nothing may
// crash, hang or overflow.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_parse.h"
#include "tools/price/lint.h"
#include "tools/price/redemption.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  evt::Result<evt::Value> doc = evt::ParseJson(text, "fuzz");
  if (!doc.ok()) return 0;
  evt::Result<evt::price::Redemption> r = evt::price::ParseRedemption(*doc);
  if (r.ok()) (void)evt::price::RedemptionRecord(*r, evt::TimePoint{});
  (void)evt::price::RedemptionOfQuote(*doc, "fuzz");
  evt::price::LintInput input{&*doc, "catalog", &*doc, "promotions", "UTC", evt::TimePoint{}};
  (void)evt::price::Lint(input);
  return 0;
}
