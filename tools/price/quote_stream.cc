#include "tools/price/quote_stream.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include "common/output_mode.h"
#include "common/time_display.h"
#include "tools/price/cart_line.h"
#include "tools/price/catalog.h"
#include "tools/price/promotion_parse.h"
#include "tools/price/receipt.h"

namespace evt::price {

namespace {

bool IsCart(const Value& record) {
  const Value* kind = record.find("kind");
  return !kind || (kind->is_string() && kind->as_string() == "cart");
}

}  // namespace

QuoteStream::QuoteStream(const PriceEngine& engine, const CommonOptions& common, const QuoteStreamSetup& setup,
                         const Clock& clock)
    : engine_(engine),
      common_(common),
      setup_(setup),
      clock_(clock),
      quote_json_(engine),
      take_lines_(setup.records && !setup.limits && setup.strategy != Strategy::kBest && !engine.has_rules()),
      // Receipts are written straight to `out`, so an error record between
      // them cannot wait in the writer's buffer.
      writer_(setup.out, setup.records ? FlushPolicy::kBuffered : FlushPolicy::kEveryRecord) {
  price_options_.explain_all = setup.explain == Explain::kAll;
  price_options_.usage = setup.limits;
  if (setup.records) price_options_.items = &quote_json_;
}

bool QuoteStream::TakeLine(std::string_view line) {
  if (take_lines_ && ReadPlainCartLine(line, cart_) && PriceAndWrite().ok()) return true;
  // The usual path may write an error record for this line: the quotes of
  // the lines before it go first.
  (void)HandOverBatch();
  return false;
}

// A failure stays in the writer and is the next write's answer.
void QuoteStream::BeforeRead() {
  if (HandOverBatch().ok()) (void)writer_.Flush();
}

Status QuoteStream::HandOverBatch() {
  if (quote_json_.batch_records() == 0) return Status::Ok();
  Status written = writer_.WriteSerializedLines(quote_json_.batch(), quote_json_.batch_records());
  quote_json_.ClearBatch();
  return written;
}

Status QuoteStream::Run(JsonlReader& reader) {
  RecordInput input(reader, common_, writer_, clock_);
  while (true) {
    Result<std::optional<JsonlRecord>> next = input.Next();
    if (!next.ok()) {
      (void)HandOverBatch();  // the quotes before the line that stopped the stream are still its output
      return next.status();
    }
    if (!next->has_value()) break;
    const JsonlRecord& record = **next;
    if (!IsCart(record.value)) {
      input.Ignore(record.value);
      continue;
    }
    Status parsed = ParseCart(record.value, cart_);
    Status priced = parsed.ok() ? PriceAndWrite() : parsed;
    if (priced.code() == ExitCode::kDataErr) {
      EVT_RETURN_IF_ERROR(HandOverBatch());  // the quotes before it come before its error record
      EVT_RETURN_IF_ERROR(input.Reject(priced.Prefixed(reader.name() + ":" + std::to_string(record.line))));
    } else if (!priced.ok()) {
      (void)HandOverBatch();
      return priced;
    }
  }
  EVT_RETURN_IF_ERROR(HandOverBatch());
  input.ReportAtEnd();
  for (const std::string& failure : engine_.RuleFailureReport()) PrintWarning(failure);
  return writer_.Flush();
}

Status QuoteStream::PriceAndWrite() {
  if (setup_.strategy == Strategy::kBest) {
    EVT_RETURN_IF_ERROR(
        PriceBest(engine_, cart_, setup_.default_at, price_options_, kBestDealBudget, best_scratch_, quote_));
  } else {
    EVT_RETURN_IF_ERROR(engine_.Price(cart_, setup_.default_at, price_options_, quote_));
  }
  if (setup_.limits) EVT_RETURN_IF_ERROR(setup_.limits->error());
  if (setup_.records) {
    EVT_RETURN_IF_ERROR(quote_json_.AddToBatch(quote_, clock_.Now()));
    return quote_json_.batch().size() >= kBatchBytes ? HandOverBatch() : Status::Ok();
  }
  if (zone_ == nullptr) zone_ = &DisplayZoneFor(common_);  // the config is read once, not per cart
  std::string receipt = RenderReceipt(quote_, engine_, *zone_, clock_.Now(), ColorEnabled(fileno(setup_.out)),
                                       TerminalWidth(fileno(setup_.out)));
  std::fwrite(receipt.data(), 1, receipt.size(), setup_.out);
  std::fflush(setup_.out);
  return Status::Ok();
}

namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
// Address space, not memory: untouched pages of it cost nothing.
constexpr int kHeapStep = 64 << 20;

}  // namespace

// About 5 MB of heap for 10,000 items and 500 promotions: a thousand 4 KB
// faults, or a handful of 2 MB ones (each zeroed whole, so the process's
// RSS grows by a few MB: 11 -> 16 MB for that catalog).
void TuneHeapForPricing() {
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, kHeapStep);
  // An allocation larger than what the heap has left makes it grow by the
  // step; the 2 MB-aligned part from there to the heap's end is advised.
  // It is kept, untouched (no memory, only addresses), so that what comes
  // next is carved from the advised part, not from below its first 2 MB
  // boundary (that was a third of the faults left).
  static void* below_advised = std::malloc(kHugePage);
  auto begin = (reinterpret_cast<std::uintptr_t>(below_advised) + kHugePage - 1) & ~(kHugePage - 1);
  auto end = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(kHugePage - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

Result<const PriceEngine*> LoadProcessEngine(const PriceSettings& settings) {
  Result<Catalog> catalog = LoadCatalog(settings.catalog);
  if (!catalog.ok()) return catalog.status();
  Result<std::vector<Promotion>> promotions = LoadPromotions(settings.promotions, settings.timezone);
  if (!promotions.ok()) return promotions.status();
  static PriceEngine* engine = nullptr;
  engine = new PriceEngine(PriceEngine::Build(std::move(*catalog), std::move(*promotions)));
  return engine;
}

}  // namespace evt::price
