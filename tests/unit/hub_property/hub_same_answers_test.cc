// Same answers either way (doc/design.md §18): random sites of boxes (each
// a gate, a kiosk and a budget ledger) scan tickets at one or more gates,
// revoke some, redeem promotions past their limits while apart, and record
// usage. Every box has a twin holding the same state. The boxes then merge
// through the hub (the fixture cluster, a site per scenario); the twins
// merge by exchanging export files pairwise (`scans merge`'s ScanMerge,
// `redemptions merge`'s Merge, `ingest` of the usage records) until
// converged. Each box's reports must be byte-identical to its twin's, and
// every box's to every other's: the double admissions as `scans report`
// finds them, the over-redemptions of `redemptions over`, the budgets of
// `evt-budget status`.
//
// The seed is printed; EVT_TEST_SEED=N replays the run. EVT_HUB_SCENARIOS
// sets how many scenarios (80; `make soak` runs 400).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>

#include "common/clock.h"
#include "common/hub/hub_sync.h"
#include "common/json_writer.h"
#include "tests/unit/budget/budget_test_util.h"
#include "tests/unit/hub/hub_test_cluster.h"
#include "tests/unit/price/price_test_util.h"
#include "tools/budget/budget_records.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/ingest.h"
#include "tools/budget/usage_hub.h"
#include "tools/price/hub_adapter.h"
#include "tools/price/redemption_limits.h"
#include "tools/token/hub_adapter.h"
#include "tools/token/scan_merge.h"
#include "tools/token/scan_setup.h"

namespace evt {
namespace {

// 80 scenarios show every case the checks below ask for many times over
// (each seen in a quarter of them or more) in about 16 s; 200 took 41 s of
// a suite that must finish in 10 minutes.
constexpr int kDefaultScenarios = 80;

int Scenarios() {
  const char* env = std::getenv("EVT_HUB_SCENARIOS");
  if (env == nullptr || *env == '\0') return kDefaultScenarios;
  int n = std::atoi(env);
  return n > 0 ? n : kDefaultScenarios;
}
constexpr std::int64_t kStartMs = 1'796'472'000'000;  // 2026-12-05T12:00:00Z
constexpr std::chrono::milliseconds kMaxDrift = std::chrono::minutes(10);
const TimePoint kStart{std::chrono::milliseconds(kStartMs)};

const char* kPromotions = R"({"promotions":[
  {"id":"last","kind":"cart_amount_off","amount":500,"code":"LAST","limit":{"total":2}},
  {"id":"once","kind":"cart_amount_off","amount":100,"limit":{"per_customer":1}},
  {"id":"free","kind":"cart_amount_off","amount":50}]})";

const char* kBudget = R"({
  "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"},
            "egress": {"per": 1000, "price": 9, "currency": "EUR"}},
  "budgets": [{"name": "edge", "unit": "money", "limit": 5000, "currency": "EUR"}]
})";

// One replica of a box's state: its scan set, redemptions and ledger.
struct Replica {
  token::ScanStore scans = token::ScanStore::OpenMemory().value();
  price::RedemptionStore redemptions = price::RedemptionStore::OpenMemory().value();
  budget::Ledger ledger = budget::Ledger::OpenMemory().value();
};

struct Box {
  std::string name;
  Replica hub_side;    // merges through the hub
  Replica file_side;   // merges export files
  std::vector<std::string> usage_records;  // what it ingested, in order
};

struct Scenario {
  const budget::BudgetConfig& budget_config;
  const std::vector<price::Promotion>& promotions;
  ManualClock clock{kStart};
  std::vector<std::unique_ptr<Box>> boxes;
};

std::string Json(const Value& v) { return *ToJson(v); }

// The scan report: each admitted ticket's first admission, counts and
// double admissions (`scans report --json` without envelopes), the
// revocations, and the quarantined ids.
std::string ScanReport(token::ScanStore& store) {
  std::string out;
  auto tickets = store.ScansByTicket();
  REQUIRE(tickets.ok());
  for (auto& scans : *tickets) {
    std::string jti = scans.front().jti;
    token::Admission a = token::SummarizeScans(std::move(scans), token::ReentryPolicy::kSingle);
    if (!a.first) continue;
    Value line = Value::object({{"jti", jti}, {"admitted_by", token::ScanRef(*a.first)}, {"entries", a.entries},
                                {"exits", a.exits}, {"inside", a.inside()}});
    Value also = Value::array();
    for (const token::ScanEvent& e : a.doubles) also.push_back(token::ScanRef(e));
    line.set("also", std::move(also));
    out += Json(line) + "\n";
  }
  auto revocations = store.Revocations();
  REQUIRE(revocations.ok());
  for (const token::Revocation& r : *revocations) {
    Value line = Value::object();
    token::AddRevocationFields(line, r);
    out += Json(line) + "\n";
  }
  auto quarantined = store.Quarantined();
  REQUIRE(quarantined.ok());
  std::vector<std::string> ids;
  for (const token::SyncElement& e : *quarantined) {
    ids.push_back(e.scan ? e.scan->id + " " + e.scan->gate + " " + std::to_string(e.scan->hlc.wall)
                         : e.revocation->id + " " + e.revocation->gate + " " + std::to_string(e.revocation->hlc.wall));
  }
  std::sort(ids.begin(), ids.end());
  for (const std::string& id : ids) out += "quarantined " + id + "\n";
  return out;
}

std::string OverReport(price::RedemptionStore& store, const std::vector<price::Promotion>& promotions) {
  auto over = price::FindOverRedemptions(store, promotions);
  REQUIRE(over.ok());
  std::string out;
  for (const price::OverRedemption& o : *over) out += Json(price::OverRedemptionRecord(o, kStart)) + "\n";
  auto all = store.Export(0);
  REQUIRE(all.ok());
  std::vector<std::string> orders;
  for (const auto& s : *all) orders.push_back(Json(price::RedemptionContent(s.redemption)));
  std::sort(orders.begin(), orders.end());
  for (const std::string& o : orders) out += o + "\n";
  return out;
}

std::string SpendReport(budget::Ledger& ledger, const budget::BudgetConfig& config, TimePoint now) {
  auto statuses = budget::EvaluateBudgets(config, ledger, now, {});
  REQUIRE(statuses.ok());
  std::string out;
  for (const budget::BudgetStatus& s : *statuses) out += Json(budget::BudgetRecord(s, now)) + "\n";
  return out;
}

std::string Reports(Replica& r, const Scenario& site) {
  return ScanReport(r.scans) + OverReport(r.redemptions, site.promotions) +
         SpendReport(r.ledger, site.budget_config, site.clock.Now());
}

void Ingest(budget::Ledger& ledger, const budget::BudgetConfig& config, const std::vector<std::string>& records,
            TimePoint now) {
  REQUIRE(ledger.Begin().ok());
  budget::Ingester ingester(config, ledger, now);
  for (const std::string& r : records) {
    auto applied = ingester.Apply(*ParseJson(r, "usage"));
    INFO(applied.status().ToString());
    REQUIRE(applied.ok());
  }
  REQUIRE(ledger.Commit().ok());
}

std::string UsageRecord(const std::string& id, std::int64_t ts_ms, const std::string& component,
                        const std::string& resource, int qty_milli) {
  return Json(Value::object({{"kind", "usage"},
                             {"v", 1},
                             {"ts", FormatRfc3339(TimePoint(std::chrono::milliseconds(ts_ms)))},
                             {"id", id},
                             {"component", component},
                             {"resource", resource},
                             {"qty", qty_milli / 1000.0}}));
}

// The boxes work apart: scans (some tickets at two gates, a fast clock at
// one gate now and then), revocations, redemptions against the limits each
// kiosk knows, usage (some records seen at two boxes).
void WorkApart(Scenario& site, std::mt19937& rng) {
  std::size_t boxes = site.boxes.size();
  std::size_t fast = rng() % 4 == 0 ? rng() % boxes : boxes;  // a box whose clock runs two hours ahead
  int tickets = 3 + static_cast<int>(rng() % 10);
  auto limits = price::LimitsOf(site.promotions);
  std::int64_t now = kStartMs - 3'600'000;
  int ops = 20 + static_cast<int>(rng() % 40);
  for (int op = 0; op < ops; ++op) {
    now += 1 + rng() % 2000;
    std::size_t at = rng() % boxes;
    Box& box = *site.boxes[at];
    std::int64_t clock_ms = now + (at == fast ? 2 * 3'600'000 : 0);  // an hour past the others' now
    unsigned what = rng() % 10;
    std::string jti = "t" + std::to_string(rng() % tickets);
    if (what < 4) {
      token::ScanRequest r;
      r.jti = jti;
      r.gate = box.name;
      r.type = what < 3 ? token::ScanType::kEntry : token::ScanType::kExit;
      REQUIRE(box.hub_side.scans.Scan(r, TimePoint(std::chrono::milliseconds(clock_ms))).ok());
    } else if (what == 4) {
      REQUIRE(box.hub_side.scans.Revoke(jti, box.name, "r" + std::to_string(op), TimePoint(std::chrono::milliseconds(clock_ms)))
                  .ok());
    } else if (what < 8) {
      static const std::vector<std::vector<std::string>> kUses = {{"last"}, {"once"}, {"free", "last"}, {"once", "last"}};
      // An order id now and then reused at another kiosk for another sale.
      std::string order = rng() % 8 == 0 ? "o-dup" : box.name + "-" + std::to_string(op);
      price::Redemption r{order, "c" + std::to_string(rng() % 3), box.name, TimePoint(std::chrono::milliseconds(now)),
                          kUses[rng() % kUses.size()]};
      auto redeemed = price::Redeem(box.hub_side.redemptions, r, limits);
      REQUIRE(redeemed.ok());
    } else {
      std::string id = "u" + std::to_string(op);
      std::string record = UsageRecord(id, now, rng() % 2 ? "checkout" : "stream", rng() % 2 ? "edge.exec" : "egress",
                                       static_cast<int>(rng() % 5000));
      box.usage_records.push_back(record);
      if (rng() % 4 == 0) site.boxes[rng() % boxes]->usage_records.push_back(record);  // seen at two boxes
    }
  }
  for (auto& box : site.boxes) Ingest(box->hub_side.ledger, site.budget_config, box->usage_records, site.clock.Now());
}

// The twins start from the boxes' own state: what each box holds, copied.
void CopyToTwins(Scenario& site) {
  // A box's own elements are on time wherever its clock stood.
  const token::DriftLimit any{site.clock.Now(), std::chrono::hours(24 * 365)};
  for (auto& box : site.boxes) {
    auto elements = box->hub_side.scans.Export(0);
    REQUIRE(elements.ok());
    std::vector<token::ScanEvent> scans;
    std::vector<token::Revocation> revocations;
    for (const token::SyncElement& e : *elements) {
      if (e.scan) scans.push_back(*e.scan);
      if (e.revocation) revocations.push_back(*e.revocation);
    }
    REQUIRE(box->file_side.scans.Merge(scans, revocations, any).ok());
    auto orders = box->hub_side.redemptions.Export(0);
    REQUIRE(orders.ok());
    std::vector<price::Redemption> rs;
    for (const auto& s : *orders) rs.push_back(s.redemption);
    REQUIRE(price::Merge(box->file_side.redemptions, rs).ok());
    Ingest(box->file_side.ledger, site.budget_config, box->usage_records, site.clock.Now());
  }
}

// `scans merge`, `redemptions merge` and `ingest` of one box's export into
// another's.
void MergeExport(Scenario& site, Replica& from, Replica& to, const std::vector<std::string>& usage) {
  auto elements = from.scans.Export(0);
  REQUIRE(elements.ok());
  auto merge = token::ScanMerge::Begin(to.scans, token::DriftLimit{site.clock.Now(), kMaxDrift});
  REQUIRE(merge.ok());
  token::SyncBatch batch;
  for (const token::SyncElement& e : *elements) {
    if (e.scan) batch.scans.push_back(*e.scan);
    if (e.revocation) batch.revocations.push_back(*e.revocation);
  }
  REQUIRE(merge->Add(std::move(batch)).ok());
  REQUIRE(merge->Finish(token::ReentryPolicy::kSingle, [](const std::string&, const token::Admission&) {
                  return Status::Ok();
                }).ok());
  auto orders = from.redemptions.Export(0);
  REQUIRE(orders.ok());
  std::vector<price::Redemption> rs;
  for (const auto& s : *orders) rs.push_back(s.redemption);
  REQUIRE(price::Merge(to.redemptions, rs).ok());
  Ingest(to.ledger, site.budget_config, usage, site.clock.Now());
}

void MergeByFiles(Scenario& site, std::mt19937& rng) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < site.boxes.size(); ++i) {
    for (std::size_t j = 0; j < site.boxes.size(); ++j) {
      if (i != j) pairs.emplace_back(i, j);
    }
  }
  // Usage travels as the records each box ingested, which twins pass on
  // as they learn them.
  std::vector<std::vector<std::string>> known(site.boxes.size());
  for (std::size_t i = 0; i < site.boxes.size(); ++i) known[i] = site.boxes[i]->usage_records;
  for (int round = 0; round < 2; ++round) {
    std::shuffle(pairs.begin(), pairs.end(), rng);
    for (auto [i, j] : pairs) {
      MergeExport(site, site.boxes[i]->file_side, site.boxes[j]->file_side, known[i]);
      known[j].insert(known[j].end(), known[i].begin(), known[i].end());
    }
  }
}

void MergeThroughHub(Scenario& site, const std::string& conninfo, const std::string& site_name, std::mt19937& rng) {
  struct Session {
    std::unique_ptr<token::ScanHubAdapter> scans;
    std::unique_ptr<price::RedemptionHubAdapter> redemptions;
    std::unique_ptr<budget::UsageHubAdapter> usage;
    std::optional<hub::HubSync> sync;
  };
  std::vector<Session> sessions(site.boxes.size());
  hub::HubSettings settings{conninfo, site_name, "test"};
  for (std::size_t i = 0; i < site.boxes.size(); ++i) {
    Replica& r = site.boxes[i]->hub_side;
    sessions[i].scans = std::make_unique<token::ScanHubAdapter>(r.scans, site.clock, kMaxDrift, token::ReentryPolicy::kSingle);
    sessions[i].redemptions = std::make_unique<price::RedemptionHubAdapter>(r.redemptions);
    sessions[i].usage = std::make_unique<budget::UsageHubAdapter>(r.ledger, site.budget_config, site.clock);
    auto connected = hub::HubSync::Connect(settings, r.scans.store());
    INFO(connected.status().ToString());
    REQUIRE(connected.ok());
    sessions[i].sync.emplace(std::move(*connected));
  }
  std::vector<std::size_t> order(site.boxes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (int round = 0; round < 2; ++round) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t i : order) {
      Session& s = sessions[i];
      auto reports = s.sync->SyncOnce({s.scans.get(), s.redemptions.get(), s.usage.get()});
      INFO(reports.status().ToString());
      REQUIRE(reports.ok());
    }
  }
}

// "" when equal, else the first line that differs in each.
std::string FirstDifference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  std::size_t start = 0;
  while (start < a.size() && start < b.size() && a[start] == b[start]) ++start;
  start = a.rfind('\n', start) == std::string::npos ? 0 : a.rfind('\n', start) + 1;
  auto line = [&](const std::string& s) { return s.substr(start, s.find('\n', start) - start); };
  return "hub:   " + line(a) + "\nfiles: " + line(b);
}

std::uint64_t TestSeed() {
  if (const char* env = std::getenv("EVT_TEST_SEED"); env != nullptr && *env != '\0') return std::strtoull(env, nullptr, 10);
  return std::random_device{}();
}

}  // namespace

TEST_CASE("hub property: merging through the hub and merging export files give byte-identical reports") {
  std::uint64_t seed = TestSeed();
  std::fprintf(stderr, "hub property: seed %llu (replay with EVT_TEST_SEED=%llu)\n",
               static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  budget::BudgetConfig budget_config = budget::testing::MustConfig(kBudget);
  auto promotions = price::ParsePromotions(price::testing::Json(kPromotions), "promotions.json", "UTC");
  REQUIRE(promotions.ok());
  hub::testing::TestHub hub;
  struct {
    int doubles = 0, quarantined = 0, over = 0, conflicts = 0;
  } seen;
  const int scenarios = Scenarios();
  std::fprintf(stderr, "hub property: %d scenarios (EVT_HUB_SCENARIOS)\n", scenarios);
  for (int scenario = 0; scenario < scenarios; ++scenario) {
    std::uint64_t scenario_seed = seed + static_cast<std::uint64_t>(scenario);
    CAPTURE(seed, scenario, scenario_seed);
    std::mt19937 rng(static_cast<std::mt19937::result_type>(scenario_seed));
    Scenario site{budget_config, *promotions, ManualClock(kStart), {}};
    std::size_t boxes = 2 + rng() % 3;
    for (std::size_t i = 0; i < boxes; ++i) {
      site.boxes.push_back(std::make_unique<Box>());
      site.boxes.back()->name = "box-" + std::to_string(i);
    }
    WorkApart(site, rng);
    CopyToTwins(site);
    MergeByFiles(site, rng);
    MergeThroughHub(site, hub.OwnerConninfo(), "scenario-" + std::to_string(scenario), rng);
    std::string first_box_sets;  // the over-redemptions and spend, which every box must agree on
    for (auto& box : site.boxes) {
      CAPTURE(box->name);
      std::string sets = OverReport(box->hub_side.redemptions, site.promotions) +
                         SpendReport(box->hub_side.ledger, budget_config, site.clock.Now());
      std::string through_hub = ScanReport(box->hub_side.scans) + sets;
      REQUIRE(FirstDifference(through_hub, Reports(box->file_side, site)) == "");
      // Quarantine depends on which box a fast clock stamped, so only the
      // rest must agree between boxes.
      if (first_box_sets.empty()) first_box_sets = sets;
      REQUIRE(FirstDifference(sets, first_box_sets) == "");
      seen.doubles += through_hub.find("\"also\":[{") != std::string::npos;
      seen.quarantined += through_hub.find("quarantined ") != std::string::npos;
      seen.over += through_hub.find("over_redemption") != std::string::npos;
      seen.conflicts += box->hub_side.redemptions.Lookup("o-dup")->has_value();
    }
  }
  // The scenarios must have shown what the property is about, or it holds
  // of nothing.
  CHECK(seen.doubles > scenarios / 4);
  CHECK(seen.quarantined > 0);
  CHECK(seen.over > scenarios / 4);
  CHECK(seen.conflicts > 0);
}

}  // namespace evt
