#include "common/completion_slots.h"

namespace evt {
namespace {

using K = SiteNameKind;

constexpr CompletionSlot kSlots[] = {
    {"evt-runbook", "run", "runbook", K::kRunbook},
    {"evt-runbook", "show", "runbook", K::kRunbook},
    {"evt-runbook", "check", "runbook", K::kRunbook},
    {"evt-runbook", "history", "--runbook", K::kRunbook},
    {"evt-probe", "run", "TARGET", K::kProbeTarget},
    {"evt-scrape", "run", "source", K::kScrapeSource},
    {"evt-scrape", "test", "source", K::kScrapeSource},
    {"evt-scrape", "map", "source", K::kScrapeSource},
    {"evt-failover", "force", "PATH", K::kFailoverPath},
    {"evt-failover", "route show", "ROUTE", K::kFailoverRoute},
    {"evt-failover", "route set", "ROUTE", K::kFailoverRoute},
    {"evt-failover", "canary", "ROUTE", K::kFailoverRoute},
    {"evt-failover", "canary status", "ROUTE", K::kFailoverRoute},
    {"evt-failover", "canary abort", "ROUTE", K::kFailoverRoute},
    {"evt-outbox", "put", "queue", K::kOutboxQueue},
    {"evt-outbox", "list", "--queue", K::kOutboxQueue},
    {"evt-outbox", "list", "--destination", K::kOutboxDestination},
    {"evt-outbox", "run", "--destination", K::kOutboxDestination},
    {"evt-outbox", "retry", "destination", K::kOutboxDestination},
    {"evt-outbox", "sync", "peer", K::kOutboxPeer},
    {"evt-token", "scan", "--gate", K::kGate},
    {"evt-token", "revoke", "--gate", K::kGate},
    {"evt-price", "redeem", "--kiosk", K::kKiosk},
    {"evt-budget", "report", "resource", K::kBudgetResource},
    {"evt-budget", "swap", "source", K::kEnergySource},
};

}  // namespace

std::span<const CompletionSlot> CompletionSlots() { return kSlots; }

SiteNameKind SiteNameKindAt(std::string_view tool, std::string_view path, std::string_view slot) {
  for (const CompletionSlot& row : kSlots) {
    if (row.tool == tool && row.path == path && row.slot == slot) return row.kind;
  }
  return SiteNameKind::kNone;
}

namespace {

std::string PathKey(const CliChain& chain) {
  std::string key;
  for (const std::string& word : CommandPath(chain)) key += (key.empty() ? "" : " ") + word;
  return key;
}

}  // namespace

SiteNameKind SiteNameKindOf(const CliChain& chain, const CliOption& option) {
  std::string slot;
  if (!option.long_names.empty()) {
    slot = "--" + option.long_names.front();
  } else if (!option.short_names.empty()) {
    slot = "-" + option.short_names.front();
  }
  return SiteNameKindAt(chain.front()->name, PathKey(chain), slot);
}

SiteNameKind SiteNameKindOf(const CliChain& chain, const CliPositional& positional) {
  return SiteNameKindAt(chain.front()->name, PathKey(chain), positional.name);
}

bool AsksForSiteNames(const CliCommand& root) {
  if (ForwardsUnknownCommands(root.name)) return true;
  bool asks = false;
  ForEachCommand(root, [&](const CliChain& chain) {
    for (const CliOption* opt : OptionsAt(chain)) asks = asks || SiteNameKindOf(chain, *opt) != SiteNameKind::kNone;
    for (const CliPositional& pos : chain.back()->positionals) {
      asks = asks || SiteNameKindOf(chain, pos) != SiteNameKind::kNone;
    }
  });
  return asks;
}

bool ForwardsUnknownCommands(std::string_view tool) { return tool == "evt"; }

}  // namespace evt
