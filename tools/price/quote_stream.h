// `evt-price quote`'s loop: carts in, a quote record (or a receipt on a
// terminal) out per cart, with the stream's conventions (record_input.h).
// Two paths read a cart: a plain line goes straight to ReadPlainCartLine
// (cart_line.h) through the reader's take_line; anything else is parsed
// into a Value and read by ParseCart (cart.h), which explains any error.
// Both price into the same reused Cart and Quote, so a steady stream
// allocates little, and write with one QuoteJson (quote_json.h).
#pragma once

#include <cstdio>
#include <string_view>

#include "common/cli.h"
#include "common/clock.h"
#include "common/jsonl_reader.h"
#include "common/record_input.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "tools/price/best_deal.h"
#include "tools/price/cart.h"
#include "tools/price/engine.h"
#include "tools/price/price_config.h"
#include "tools/price/quote.h"
#include "tools/price/quote_json.h"
#include "tools/price/redemption_limits.h"

namespace evt::price {

struct QuoteStreamSetup {
  TimePoint default_at;                      // for carts without "at"
  Explain explain = Explain::kApplied;
  Strategy strategy = Strategy::kPriority;
  const StoreUsageLimits* limits = nullptr;  // null: no promotion has a limit
  bool records = true;                       // quote records, else receipts
  std::FILE* out = stdout;
};

class QuoteStream {
 public:
  // `engine`, `common` and `clock` must outlive the stream; `clock` gives
  // each quote's "ts".
  QuoteStream(const PriceEngine& engine, const CommonOptions& common, const QuoteStreamSetup& setup,
              const Clock& clock);

  // The reader's take_line: prices a plain cart straight from its line.
  // Anything else, and any error, is left to Run's path, which reads (and
  // prices) the line again and handles it as it always does.
  bool TakeLine(std::string_view line);
  // The reader's before_read: quotes are batched and go out before the
  // stream reads (and perhaps waits for) more carts, not one write(2) each,
  // which was an eighth of a steady stream's time.
  void BeforeRead();

  // Prices every cart `reader` yields; other kinds are tallied and skipped,
  // bad carts handled per --on-error. Ends with the lua rules' failures on
  // stderr.
  Status Run(JsonlReader& reader);

 private:
  Status PriceAndWrite();
  // The quotes batched so far (quote_json_.batch()) to the writer.
  Status HandOverBatch();
  // A batch goes to the writer once this big; the reader's before_read
  // sends a smaller one before the stream may wait.
  static constexpr std::size_t kBatchBytes = 64 * 1024;

  const PriceEngine& engine_;
  const CommonOptions& common_;
  const TimeZone* zone_ = nullptr;  // receipts only: the site's zone, found on the first
  QuoteStreamSetup setup_;
  const Clock& clock_;
  PriceOptions price_options_;
  BestDealScratch best_scratch_;
  QuoteJson quote_json_;
  // Whether TakeLine may price carts straight from their lines: not when
  // pricing has effects a second try would repeat (usage limits in the
  // state, lua failures counted for the report), nor for receipts or
  // --strategy best, which gain little from it.
  bool take_lines_;
  RecordWriter writer_;
  // Reused from cart to cart, so a steady stream allocates little.
  Cart cart_;
  Quote quote_;
};

// Loading a catalog frees big buffers (its text, the parser's index) just
// before the engine is built. Kept in the heap rather than unmapped, their
// pages are reused instead of faulted in again. The heap is also reserved
// in one large step backed by transparent huge pages where the kernel has
// them, so loading faults in a few 2 MB pages rather than a thousand 4 KB
// ones: page faults were a third of the time from start to the first
// quote. A pricing process keeps its memory to the end anyway. Call it
// first thing in a process that prices.
void TuneHeapForPricing();

// Builds the engine from the settings' files and hands it to the process:
// it is never freed, since freeing a 10,000-item catalog item by item was
// ~6% of a one-cart run (the cold start a kiosk waits). Held by a static, so
// leak checkers see it as reachable.
Result<const PriceEngine*> LoadProcessEngine(const PriceSettings& settings);

}  // namespace evt::price
