// The `quote` record (schemas/records/quote.json), the one writer of it:
// a Quote straight to JSON text, with promotion ids instead of indices,
// without building a Value: a quote is about 5 KB of JSON and the hot loop
// writes one per cart.
//
// What does not change from cart to cart (an item's sku, name and price, a
// promotion's id and kind, a tax class and its rate) is written once, by
// the Value writer itself, the first time it is needed, and kept; what does
// is appended with AppendJsonString and integers. The unit tests hold it to
// the bytes of a plain Value-building oracle (tests/unit/price/
// quote_record_oracle.h) + AppendJson on the fixture and random carts.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "tools/price/engine.h"
#include "tools/price/quote.h"

namespace evt::price {

class JsonCursor;

class QuoteJson final : public ItemsListener {
 public:
  // `engine` must outlive this object.
  explicit QuoteJson(const PriceEngine& engine);

  // The record for `quote` (no newline), valid until the next call. Errors:
  // DataErr for a string that is not valid UTF-8.
  Result<std::string_view> Write(const Quote& quote, TimePoint ts);
  // The record and a newline added to the batch, where a stream collects
  // its records to write them with one write(2) from where they were made;
  // on error the batch is left as it was.
  Status AddToBatch(const Quote& quote, TimePoint ts);
  std::string_view batch() const { return {buffer_.data(), batch_end_}; }
  std::size_t batch_records() const { return batch_records_; }
  void ClearBatch() { batch_end_ = batch_records_ = 0; }
  // Write, appended to `out`; on error `out` is left as it was.
  Status Append(std::string& out, const Quote& quote, TimePoint ts);
  // Fetches the items' cached fragments into the cache (PriceOptions::items).
  void ItemsFound(std::span<const std::uint32_t> items) const override;

 private:
  Status AppendRecord(JsonCursor& out, const Quote& quote, TimePoint ts);
  Status AppendString(JsonCursor& out, std::string_view key, std::string_view text);
  struct TimeText {
    TimePoint time;
    std::string text;  // FormatRfc3339(time); empty: none yet
  };
  void AppendTime(JsonCursor& out, TimeText& cache, TimePoint t);
  Status AppendLine(JsonCursor& out, const QuoteLine& line, bool first);
  Status AppendApplied(JsonCursor& out, const Applied& applied, bool first);
  Status AppendRejected(JsonCursor& out, const Rejected& rejected, bool first);
  void AppendTaxes(JsonCursor& out, const Quote& quote);
  // The cached fragments, made on first use.
  // An item's head and tax class, kept side by side (heads_): the lines of
  // a cart touch random items, and scattered strings cost a cache miss each.
  struct ItemText {
    std::size_t begin = 0;   // in heads_
    std::uint32_t size = 0;  // 0: not made yet
    int tax_class = kNoTaxClass;
  };
  Result<const ItemText*> ItemHead(const Item& item);
  // The first and last bytes of the item's head, summed: loading them
  // brings the head into the cache before it is copied.
  unsigned LoadItemHead(std::size_t item) const;
  Result<const std::string*> PromotionHead(std::size_t promotion);
  Result<const std::string*> AppliedHead(std::size_t promotion);

  const PriceEngine& engine_;
  Status setup_;                          // the fragments made up front
  std::string currency_;                  // ,"currency":…,"tax_mode":…,"lines":[
  std::vector<std::string> tax_key_;      // per tax class: ,"tax_class":…,"tax":  (last: no class)
  std::vector<std::string> tax_head_;     // per tax class: {"tax_class":…,"rate":…
  std::vector<ItemText> item_text_;       // per item
  std::string heads_;                     // {"sku":…,"name":…,"unit_price":N of each item made so far
  std::vector<std::string> promotion_head_;  // {"promotion":…
  std::vector<std::string> applied_head_;    // {"promotion":…,"kind":…
  std::string escaped_;                      // reused for the strings of each cart
  std::string buffer_;                       // the batch, then scratch; its size only grows
  std::size_t batch_end_ = 0;
  std::size_t batch_records_ = 0;
  TimeText ts_text_;
  TimeText at_text_;
  mutable unsigned heads_loaded_ = 0;  // LoadItemHead's sums, stored so the loads stay
};

}  // namespace evt::price
