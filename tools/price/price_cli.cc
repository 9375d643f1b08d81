#include "tools/price/price_cli.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "common/clock.h"
#include "common/config.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/record_input.h"
#include "tools/price/catalog.h"
#include "tools/price/engine.h"
#include "tools/price/price_config.h"
#include "tools/price/promotion_parse.h"
#include "tools/price/quote_json.h"
#include "tools/price/receipt.h"

namespace evt::price {

namespace {

Status CheckSection(const Config& config) { return ReadPriceSection(config).status(); }

// The files to read: the flags, else the config. With both flags given, a
// missing config is fine: a cashier's laptop needs no site file to price.
Result<PriceSettings> Settings(const Options& options) {
  PriceSettings settings;
  bool flags_suffice = !options.catalog.empty() && !options.promotions.empty();
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
  if (settings.catalog.empty()) return Status::Usage("no catalog: pass --catalog FILE or set price.catalog in the config");
  if (settings.promotions.empty()) {
    return Status::Usage("no promotions: pass --promotions FILE or set price.promotions in the config");
  }
  return settings;
}

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
  QuoteLoop(const Options& options, const PriceEngine& engine, TimePoint default_at)
      : options_(options),
        engine_(engine),
        default_at_(default_at),
        records_(WantRecords(options.common)),
        quote_json_(engine) {
    price_options_.explain_all = options.explain == "all";
  }

  Status Run(JsonlReader& reader) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    SystemClock clock;
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
    return writer.Flush();
  }

 private:
  Status PriceOne(const Value& record, RecordWriter& writer, const Clock& clock) {
    EVT_RETURN_IF_ERROR(ParseCart(record, cart_));
    EVT_RETURN_IF_ERROR(engine_.Price(cart_, default_at_, price_options_, quote_));
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
  const PriceEngine& engine_;
  TimePoint default_at_;
  bool records_;
  PriceOptions price_options_;
  QuoteJson quote_json_;
  // Reused from cart to cart, so a steady stream allocates little.
  Cart cart_;
  Quote quote_;
};

Result<TimePoint> DefaultAt(const Options& options) {
  if (options.at.empty()) return SystemClock().Now();
  Result<TimePoint> at = ParseRfc3339(options.at);
  if (!at.ok()) return Status::Usage("--at: " + at.status().message());
  return at;
}

}  // namespace

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckSection);
  app.require_subcommand(1);
  CLI::App* quote = app.add_subcommand("quote", "price each cart of the input (JSON Lines) and write a quote for it");
  quote->add_option("FILE", options.input, "the carts, one JSON object per line; - (the default) for standard input")
      ->type_name("FILE");
  quote->add_option("--catalog", options.catalog, "the catalog (default: price.catalog in the config)")
      ->type_name("FILE");
  quote->add_option("--promotions", options.promotions, "the promotions (default: price.promotions in the config)")
      ->type_name("FILE");
  quote->add_option("--explain", options.explain,
                    "applied: explain the promotions that touched the cart; all: also every other one")
      ->check(CLI::IsMember({"applied", "all"}))
      ->type_name("WHAT");
  quote->add_option("--at", options.at, "price carts without \"at\" at this RFC 3339 time instead of now")
      ->type_name("TIME");
}

Status Run(const Options& options) {
  Result<TimePoint> at = DefaultAt(options);
  if (!at.ok()) return at.status();
  Result<PriceSettings> settings = Settings(options);
  if (!settings.ok()) return settings.status();
  Result<PriceEngine> engine = LoadEngine(*settings);
  if (!engine.ok()) return engine.status();
  Result<JsonlReader> reader = JsonlReader::Open(options.input);
  if (!reader.ok()) return reader.status();
  return QuoteLoop(options, *engine, *at).Run(*reader);
}

}  // namespace evt::price
