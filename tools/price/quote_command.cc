// `evt-price quote`: loads the engine, opens the input and, when a
// promotion has a usage limit, the state, then runs the quote stream.
#include <cstdio>
#include <optional>

#include "common/clock.h"
#include "common/jsonl_reader.h"
#include "common/output_mode.h"
#include "tools/price/cli.h"
#include "tools/price/quote_stream.h"
#include "tools/price/redemption_limits.h"

namespace evt::price {

Status RunQuote(const Options& options) {
  TuneHeapForPricing();
  Result<TimePoint> at = DefaultAt(options);
  if (!at.ok()) return at.status();
  Result<PriceSettings> settings = ResolveSettings(options);
  if (!settings.ok()) return settings.status();
  Result<const PriceEngine*> engine = LoadProcessEngine(*settings);
  if (!engine.ok()) return engine.status();
  // The stream is made once the state is open, after the input (whose
  // errors come first), but the reader's take_line and before_read go to it.
  std::optional<QuoteStream> stream;
  JsonlReaderOptions reader_options;
  reader_options.take_line = [&stream](std::string_view line, std::size_t) { return stream->TakeLine(line); };
  reader_options.before_read = [&stream] {
    if (stream) stream->BeforeRead();
  };
  Result<JsonlReader> reader = JsonlReader::Open(options.input, std::move(reader_options));
  if (!reader.ok()) return reader.status();
  // The state is opened only when a promotion has a usage limit: a shop
  // without limits prices without a state directory.
  std::optional<RedemptionStore> store;
  std::optional<StoreUsageLimits> limits;
  if (!LimitsOf((*engine)->promotions()).empty()) {
    Result<RedemptionStore> opened = OpenRedemptionStore(options, StoreAccess::kReadOnly);
    if (!opened.ok()) return opened.status();
    store.emplace(std::move(*opened));
    limits.emplace(*store);
  }
  QuoteStreamSetup setup{*at, settings->explain, settings->strategy, limits ? &*limits : nullptr,
                         WantRecords(options.common), stdout};
  static const SystemClock clock;
  stream.emplace(**engine, options.common, setup, clock);
  return stream->Run(*reader);
}

}  // namespace evt::price
