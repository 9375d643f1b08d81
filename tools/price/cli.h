// evt-price's command line: one BuildCli for main and the man/completion
// generator, and Run, the `quote` job.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "common/cli.h"
#include "common/hub/sync_flags.h"
#include "common/status.h"
#include "tools/price/price_config.h"
#include "tools/price/redemption_store.h"

namespace evt::price {

enum class Command { kQuote, kCheck, kRedeem, kRedemptionsExport, kRedemptionsMerge, kRedemptionsOver, kRedemptionsSync, kStatus };

struct Options {
  CommonOptions common;
  Command command = Command::kQuote;
  std::string catalog;      // --catalog, else the config's price.catalog
  std::string promotions;   // --promotions, else price.promotions
  std::string explain = "applied";  // applied | all
  std::string at;           // --at: the time for carts without "at" (check: for "expired"); empty: now
  std::string input = "-";  // the carts (quote), quotes (redeem), redemptions (merge)
  std::string strategy;     // --strategy priority|best; empty: price.strategy, else priority
  std::string kiosk;        // --kiosk, else price.kiosk, else the host name
  std::int64_t since = 0;   // redemptions export --after-seq N
  bool order = false;       // redeem --order: an `order` record per redeemed quote, instead of the redemption
  hub::SyncFlags sync;      // redemptions sync
};

void BuildCli(CLI::App& app, Options& options);

// Runs options.command.
Status Run(const Options& options);

// `quote`: prices every cart of options.input and writes a quote for each
// (quote_stream.h).
Status RunQuote(const Options& options);

// The flags over the config, resolved once: the files (the flags, else the
// config), and --strategy and --explain as enums, so no use site compares
// option strings. Without `need_catalog` only the promotions must be named.
Result<PriceSettings> ResolveSettings(const Options& options, bool need_catalog = true);
// <state dir>/price.db; read-only for the commands that only read it.
Result<RedemptionStore> OpenRedemptionStore(const Options& options, StoreAccess access = StoreAccess::kReadWrite);
// --at, else now.
Result<TimePoint> DefaultAt(const Options& options);

// `check`: the lint (lint.h); exit 1 when there are findings.
Status RunCheck(const Options& options);
// `redeem`: commits each quote's promotions against the limits; exit 1
// when one was refused. With --order, stdout carries only the `order`
// records of the quotes redeemed (or replayed), for `evt-outbox put`.
Status RunRedeem(const Options& options);
// `redemptions export|merge|over`.
Status RunRedemptionsExport(const Options& options);
Status RunRedemptionsMerge(const Options& options);
Status RunRedemptionsOver(const Options& options);
Status RunRedemptionsSync(const Options& options);
// `status`: the redemption set at a glance (price_status.h).
Status RunStatus(const Options& options);

}  // namespace evt::price
