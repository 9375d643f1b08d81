#include "tools/price/price_cli.h"

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "common/clock.h"
#include "common/state_root.h"
#include "common/config.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/record_input.h"
#include "common/state_commands.h"
#include "common/state_dir.h"
#include "tools/price/best_deal.h"
#include "tools/price/cart_line.h"
#include "tools/price/catalog.h"
#include "tools/price/engine.h"
#include "tools/price/price_config.h"
#include "tools/price/promotion_parse.h"
#include "tools/price/quote_json.h"
#include "tools/price/receipt.h"
#include "tools/price/redemption_limits.h"

namespace evt::price {

namespace {

Status CheckSection(const Config& config) { return ReadPriceSection(config).status(); }

}  // namespace

// With both flags given, a missing config is fine: a cashier's laptop needs
// no site file to price.
Result<PriceSettings> ResolveSettings(const Options& options, bool need_catalog) {
  PriceSettings settings;
  bool flags_suffice = (!need_catalog || !options.catalog.empty()) && !options.promotions.empty();
  Result<std::string> path = FindConfigFile(options.common.config);
  if (!path.ok() && !(flags_suffice && path.status().code() == ExitCode::kConfig)) return path.status();
  if (path.ok()) {
    Result<Config> config = LoadConfig(*path);
    if (!config.ok()) return config.status();
    Result<PriceSettings> read = ReadPriceSection(*config);
    if (!read.ok()) return read.status();
    settings = std::move(*read);
  }
  if (!options.catalog.empty()) settings.catalog = options.catalog;
  if (!options.promotions.empty()) settings.promotions = options.promotions;
  if (!options.kiosk.empty()) settings.kiosk = options.kiosk;
  if (!options.strategy.empty()) settings.strategy = options.strategy;
  if (need_catalog && settings.catalog.empty()) {
    return Status::Usage("no catalog: pass --catalog FILE or set price.catalog in the config");
  }
  if (settings.promotions.empty()) {
    return Status::Usage("no promotions: pass --promotions FILE or set price.promotions in the config");
  }
  return settings;
}

namespace {

Result<PriceEngine> LoadEngine(const PriceSettings& settings) {
  Result<Catalog> catalog = LoadCatalog(settings.catalog);
  if (!catalog.ok()) return catalog.status();
  Result<std::vector<Promotion>> promotions = LoadPromotions(settings.promotions, settings.timezone);
  if (!promotions.ok()) return promotions.status();
  return PriceEngine::Build(std::move(*catalog), std::move(*promotions));
}

bool IsCart(const Value& record) {
  const Value* kind = record.find("kind");
  return !kind || (kind->is_string() && kind->as_string() == "cart");
}

int TerminalWidth() {
  const char* columns = std::getenv("COLUMNS");
  int width = columns ? std::atoi(columns) : 0;
  return width > 0 ? width : 100;
}

class QuoteLoop {
 public:
  QuoteLoop(const Options& options, const PriceEngine& engine, TimePoint default_at,
            const StoreUsageLimits* limits, bool best)
      : options_(options),
        limits_(limits),
        best_(best),
        engine_(engine),
        default_at_(default_at),
        records_(WantRecords(options.common)),
        quote_json_(engine) {
    price_options_.explain_all = options.explain == "all";
    price_options_.usage = limits;
  }

  // The reader's take_line: prices a plain cart straight from its line.
  // Anything else, and any error, is left to the usual path, which reads
  // (and prices) the line again and handles it as it always does.
  bool TakeLine(std::string_view line) {
    if (!take_lines_ || !ReadPlainCartLine(line, cart_)) return false;
    return PriceAndWrite(writer_, clock_).ok();
  }

  Status Run(JsonlReader& reader) {
    RecordWriter& writer = writer_;
    const SystemClock& clock = clock_;
    RecordInput input(reader, options_.common, writer, clock);
    while (true) {
      Result<std::optional<JsonlRecord>> next = input.Next();
      if (!next.ok()) return next.status();
      if (!next->has_value()) break;
      const JsonlRecord& record = **next;
      if (!IsCart(record.value)) {
        input.Ignore(record.value);
        continue;
      }
      Status priced = PriceOne(record.value, writer, clock);
      if (priced.code() == ExitCode::kDataErr) {
        EVT_RETURN_IF_ERROR(input.Reject(priced.Prefixed(reader.name() + ":" + std::to_string(record.line))));
      } else if (!priced.ok()) {
        return priced;
      }
    }
    input.ReportAtEnd();
    for (const std::string& failure : engine_.RuleFailureReport()) PrintWarning(failure);
    return writer.Flush();
  }

 private:
  Status PriceOne(const Value& record, RecordWriter& writer, const Clock& clock) {
    EVT_RETURN_IF_ERROR(ParseCart(record, cart_));
    return PriceAndWrite(writer, clock);
  }

  Status PriceAndWrite(RecordWriter& writer, const Clock& clock) {
    if (best_) {
      EVT_RETURN_IF_ERROR(PriceBest(engine_, cart_, default_at_, price_options_, kBestDealBudget, best_scratch_, quote_));
    } else {
      EVT_RETURN_IF_ERROR(engine_.Price(cart_, default_at_, price_options_, quote_));
    }
    if (limits_) EVT_RETURN_IF_ERROR(limits_->error());
    if (records_) {
      Result<std::string_view> text = quote_json_.Write(quote_, clock.Now());
      if (!text.ok()) return text.status();
      return writer.WriteSerialized(*text);
    }
    std::string receipt = RenderReceipt(quote_, engine_, ColorEnabled(STDOUT_FILENO), TerminalWidth());
    std::fwrite(receipt.data(), 1, receipt.size(), stdout);
    std::fflush(stdout);
    return Status::Ok();
  }

  const Options& options_;
  const StoreUsageLimits* limits_;  // null: no promotion has a limit
  bool best_;                       // --strategy best
  BestDealScratch best_scratch_;
  const PriceEngine& engine_;
  TimePoint default_at_;
  bool records_;
  PriceOptions price_options_;
  QuoteJson quote_json_;
  // Whether TakeLine may price carts straight from their lines: not when
  // pricing has effects a second try would repeat (usage limits in the
  // state, lua failures counted for the report), nor for receipts or
  // --strategy best, which gain little from it.
  bool take_lines_ = records_ && !limits_ && !best_ && !engine_.has_rules();
  RecordWriter writer_{stdout, FlushPolicy::kEveryRecord};
  SystemClock clock_;
  // Reused from cart to cart, so a steady stream allocates little.
  Cart cart_;
  Quote quote_;
};

void AddPromotionsOption(CLI::App& command, Options& options) {
  command.add_option("--promotions", options.promotions, "the promotions (default: price.promotions in the config)")
      ->type_name("FILE");
}

void AddFileOptions(CLI::App& command, Options& options) {
  command.add_option("--catalog", options.catalog, "the catalog (default: price.catalog in the config)")
      ->type_name("FILE");
  AddPromotionsOption(command, options);
}

void AddRedemptionCommands(CLI::App& app, Options& options) {
  CLI::App* redeem = app.add_subcommand(
      "redeem", "commit each quote's promotions against their usage limits, once per order; exit 1 if one is refused");
  redeem->callback([&options] { options.command = Command::kRedeem; });
  redeem->add_option("FILE", options.input, "quote records (evt-price quote); - (the default) for standard input")
      ->type_name("FILE");
  AddPromotionsOption(*redeem, options);
  redeem->add_option("--kiosk", options.kiosk, "this kiosk's name (default: price.kiosk, else the host name)")
      ->type_name("NAME");
  CLI::App* redemptions =
      app.add_subcommand("redemptions", "exchange redemptions between kiosks and report over-redemptions");
  redemptions->require_subcommand(1);
  CLI::App* exp = redemptions->add_subcommand("export", "write the redemptions this kiosk knows as records");
  exp->callback([&options] { options.command = Command::kRedemptionsExport; });
  exp->add_option("--since", options.since, "only those that arrived after this seq (the last seq a peer took)")
      ->type_name("SEQ")
      ->check(CLI::NonNegativeNumber);
  CLI::App* merge = redemptions->add_subcommand(
      "merge", "add another kiosk's exported redemptions; report the over-redemptions they reveal");
  merge->callback([&options] { options.command = Command::kRedemptionsMerge; });
  merge->add_option("FILE", options.input, "redemption records; - (the default) for standard input")
      ->type_name("FILE");
  AddPromotionsOption(*merge, options);
  CLI::App* over = redemptions->add_subcommand("over", "report every over-redemption known here; exit 1 if any");
  over->callback([&options] { options.command = Command::kRedemptionsOver; });
  AddPromotionsOption(*over, options);
}

// Loading a catalog frees big buffers (its text, the parser's index) just
// before the engine is built. Kept in the heap rather than unmapped, their
// pages are reused instead of faulted in again: page faults were a third of
// the time from start to the first quote. A pricing process keeps its
// memory to the end anyway.
void KeepFreedMemoryForReuse() {
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

Status RunQuote(const Options& options) {
  KeepFreedMemoryForReuse();
  Result<TimePoint> at = DefaultAt(options);
  if (!at.ok()) return at.status();
  Result<PriceSettings> settings = ResolveSettings(options);
  if (!settings.ok()) return settings.status();
  Result<PriceEngine> loaded = LoadEngine(*settings);
  if (!loaded.ok()) return loaded.status();
  // Left to the process's end on purpose: freeing a 10,000-item catalog
  // item by item was ~6% of a one-cart run (the cold start a kiosk waits).
  // Held by a static, so leak checkers see it as reachable.
  static PriceEngine* engine = nullptr;
  engine = new PriceEngine(std::move(*loaded));
  // The loop is made once the state is open, after the input (whose
  // errors come first), but the reader's take_line goes to it.
  std::optional<QuoteLoop> loop;
  JsonlReaderOptions reader_options;
  reader_options.take_line = [&loop](std::string_view line, std::size_t) { return loop->TakeLine(line); };
  Result<JsonlReader> reader = JsonlReader::Open(options.input, std::move(reader_options));
  if (!reader.ok()) return reader.status();
  // The state is opened only when a promotion has a usage limit: a shop
  // without limits prices without a state directory.
  std::optional<RedemptionStore> store;
  std::optional<StoreUsageLimits> limits;
  if (!LimitsOf(engine->promotions()).empty()) {
    Result<RedemptionStore> opened = OpenRedemptionStore(options, StoreAccess::kReadOnly);
    if (!opened.ok()) return opened.status();
    store.emplace(std::move(*opened));
    limits.emplace(*store);
  }
  loop.emplace(options, *engine, *at, limits ? &*limits : nullptr, settings->strategy == "best");
  return loop->Run(*reader);
}

}  // namespace

Result<RedemptionStore> OpenRedemptionStore(const Options& options, StoreAccess access) {
  Result<std::string> dir = ResolveStateDir(options.common);
  if (!dir.ok()) return dir.status();
  return access == StoreAccess::kReadOnly ? RedemptionStore::OpenReadOnly(*dir) : RedemptionStore::Open(*dir);
}

Result<TimePoint> DefaultAt(const Options& options) {
  if (options.at.empty()) return SystemClock().Now();
  Result<TimePoint> at = ParseRfc3339(options.at);
  if (!at.ok()) return Status::Usage("--at: " + at.status().message());
  return at;
}

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckSection);
  // Redemptions are a grow-only set synced between kiosks: a pruned order
  // would come back with the next merge, so only backup.
  AddStateCommands(app, options.common, "price", nullptr);
  app.require_subcommand(1);
  CLI::App* quote = app.add_subcommand("quote", "price each cart of the input (JSON Lines) and write a quote for it");
  quote->add_option("FILE", options.input, "the carts, one JSON object per line; - (the default) for standard input")
      ->type_name("FILE");
  quote->callback([&options] { options.command = Command::kQuote; });
  AddFileOptions(*quote, options);
  quote->add_option("--explain", options.explain,
                    "applied: explain the promotions that touched the cart; all: also every other one")
      ->check(CLI::IsMember({"applied", "all"}))
      ->type_name("WHAT");
  quote->add_option("--at", options.at, "price carts without \"at\" at this RFC 3339 time instead of now")
      ->type_name("TIME");
  quote->add_option("--strategy", options.strategy,
                    "priority: promotions in priority order; best: the cheapest combination of exclusive and grouped "
                    "alternatives (default: price.strategy, else priority)")
      ->check(CLI::IsMember({"priority", "best"}))
      ->type_name("HOW");
  CLI::App* check = app.add_subcommand(
      "check", "lint the catalog and promotions: unknown targets, dead windows, shared codes, shadowed promotions; "
               "exit 1 on findings");
  check->callback([&options] { options.command = Command::kCheck; });
  AddFileOptions(*check, options);
  check->add_option("--at", options.at, "call promotions ended before this RFC 3339 time expired (default: now)")
      ->type_name("TIME");
  AddRedemptionCommands(app, options);
}

Status Run(const Options& options) {
  switch (options.command) {
    case Command::kQuote: return RunQuote(options);
    case Command::kCheck: return RunCheck(options);
    case Command::kRedeem: return RunRedeem(options);
    case Command::kRedemptionsExport: return RunRedemptionsExport(options);
    case Command::kRedemptionsMerge: return RunRedemptionsMerge(options);
    case Command::kRedemptionsOver: return RunRedemptionsOver(options);
  }
  return Status::Internal("no command");
}

}  // namespace evt::price
