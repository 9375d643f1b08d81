#include "tools/price/cli.h"

#include <cstdio>
#include <optional>

#include "common/cli_vocabulary.h"
#include "common/clock.h"
#include "common/command_access.h"
#include "common/config.h"
#include "common/hub/hub_commands.h"
#include "common/hub/sync_verb.h"
#include "common/output_mode.h"
#include "common/state_commands.h"
#include "common/state_dir.h"
#include "common/state_root.h"
#include "tools/price/price_config.h"

namespace evt::price {

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
  if (!options.strategy.empty()) {
    std::optional<Strategy> strategy = StrategyNamed(options.strategy);
    if (!strategy) return Status::Usage("--strategy: expected priority or best, got \"" + options.strategy + "\"");
    settings.strategy = *strategy;
  }
  settings.explain = options.explain == "all" ? Explain::kAll : Explain::kApplied;
  if (need_catalog && settings.catalog.empty()) {
    return Status::Usage("no catalog: pass --catalog FILE or set price.catalog in the config");
  }
  if (settings.promotions.empty()) {
    return Status::Usage("no promotions: pass --promotions FILE or set price.promotions in the config");
  }
  return settings;
}

namespace {

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
  redeem->add_flag("--order", options.order,
                   "write an order record (for evt-outbox put) for each quote redeemed or replayed, and nothing else "
                   "on standard output; a refused or conflicting quote is told on standard error");
  CLI::App* redemptions =
      app.add_subcommand("redemptions", "exchange redemptions between kiosks and report over-redemptions");
  redemptions->require_subcommand(1);
  CLI::App* exp = redemptions->add_subcommand("export", "write the redemptions this kiosk knows as records");
  MarkReadOnly(*exp);
  exp->callback([&options] { options.command = Command::kRedemptionsExport; });
  AddAfterSeqOption(*exp, options.since, "only those that arrived after this seq (the last seq a peer took)");
  CLI::App* merge = redemptions->add_subcommand(
      "merge", "add another kiosk's exported redemptions; report the over-redemptions they reveal");
  merge->callback([&options] { options.command = Command::kRedemptionsMerge; });
  merge->add_option("FILE", options.input, "redemption records; - (the default) for standard input")
      ->type_name("FILE");
  AddPromotionsOption(*merge, options);
  CLI::App* over = redemptions->add_subcommand("over", "report every over-redemption known here; exit 1 if any");
  MarkReadOnly(*over);
  over->callback([&options] { options.command = Command::kRedemptionsOver; });
  AddPromotionsOption(*over, options);
  CLI::App* sync = redemptions->add_subcommand(
      "sync", "push this kiosk's redemptions to the hub (site.hub) and merge what the other kiosks pushed, as "
              "`redemptions merge` does; over_redemption records for what that reveals");
  sync->callback([&options] { options.command = Command::kRedemptionsSync; });
  AddPromotionsOption(*sync, options);
  hub::AddSyncFlags(*sync, options.sync);
  CLI::App* status = app.add_subcommand(
      "status", "the redemption set: orders per kiosk and the newest, each limited promotion's use against its "
                "limit, over-redemptions");
  MarkReadOnly(*status);
  status->callback([&options] { options.command = Command::kStatus; });
  AddPromotionsOption(*status, options);
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
  AddConfigCheck(app, options.common, CheckPriceSection);
  // Redemptions are a grow-only set synced between kiosks: a pruned order
  // would come back with the next merge, so only backup.
  hub::AddHubCommands(app, options.common);
  AddStateCommands(app, options.common, "price", nullptr);
  app.require_subcommand(1);
  CLI::App* quote = app.add_subcommand("quote", "price each cart of the input (JSON Lines) and write a quote for it");
  quote->add_option("FILE", options.input, "the carts, one JSON object per line; - (the default) for standard input")
      ->type_name("FILE");
  quote->callback([&options] { options.command = Command::kQuote; });
  MarkReadOnly(*quote);
  AddFileOptions(*quote, options);
  // The value may be left out (`--explain` alone is applied); given, it is
  // checked, so `--explain carts.jsonl` is a usage error, not a lost file.
  quote->add_option("--explain", options.explain,
                    "which promotions a quote explains: applied, those that touched the cart (--explain alone); all, "
                    "every one (--explain=all)")
      ->check(CLI::IsMember({"applied", "all"}))
      ->expected(0, 1)
      ->default_str("applied")
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
  MarkReadOnly(*check);
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
    case Command::kRedemptionsSync: return RunRedemptionsSync(options);
    case Command::kStatus: return RunStatus(options);
  }
  return Status::Internal("no command");
}

}  // namespace evt::price
