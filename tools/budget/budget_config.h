// The `budget` section of the site config, read strictly: the rate card,
// the components and their tiers, the budgets, and how metric records from
// evt-scrape become usage. `config check` and every command read it here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "common/duration.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/time_zone.h"
#include "tools/budget/rational.h"

namespace evt::budget {

// Shed order: non-essential first, then degraded; critical never.
enum class Tier { kCritical, kDegraded, kNonEssential };
std::string_view TierName(Tier tier);

// Price in minor units per `per` units of a resource.
struct Rate {
  std::int64_t per = 1;
  Rational price;  // minor units per `per` units, exact ("0.75" stays 3/4)
  std::string currency;
  // Minor units per one unit: price / per.
  Rational PerUnit() const { return price / Rational(per); }
};

struct ComponentSpec {
  Tier tier = Tier::kCritical;
  // What the component draws from the battery, when known: what shedding it
  // saves an energy budget.
  std::optional<double> watts;
};

enum class BudgetUnit { kMoney, kEnergy, kError };
std::string_view UnitName(BudgetUnit unit);

enum class WindowKind { kEvent, kDay, kHour };

struct CostPer1k {
  std::string resource;
  Rational max;  // minor units per 1000 units of the resource
};

// Which table of multi-window burn-rate alerts an error budget scales.
enum class BurnPreset {
  kSloth30d,  // the SRE workbook's pairs for 30 days, as Sloth has them
  kPyrra28d,  // Pyrra's pairs for 28 days
};

struct BudgetSpec {
  std::string name;
  BudgetUnit unit = BudgetUnit::kMoney;
  WindowKind window = WindowKind::kEvent;
  // Day and hour windows are site.timezone's local days and hours; lives
  // as long as the process.
  const TimeZone* zone = nullptr;
  // Ratios of spent (money) or of the budget consumed (error) at which the
  // state turns warn; 1.0 and above mean over.
  std::vector<double> thresholds;
  // The same on the forecast (money, energy).
  std::vector<double> forecast_thresholds;

  // money
  std::int64_t limit = 0;  // minor units
  std::string currency;
  std::vector<std::string> components;  // empty: every component
  std::vector<std::string> resources;   // empty: every resource
  std::optional<CostPer1k> cost_per_1k;

  // energy
  std::string source;  // the scrape source whose NUT variables we read
  double capacity_wh = 0;
  std::optional<double> nominal_w;
  double reserve_wh = 0;

  // error
  double objective = 0;
  std::string events_from;  // probe target or flow name
  BurnPreset preset = BurnPreset::kSloth30d;

  // Whether records of synthetic traffic (a "synthetic" field: evt-load's
  // "load") are charged to this budget; unset: only inside a staging window
  // (synthetic_filter.h).
  std::optional<bool> include_synthetic;
};

// A time when the site is a rehearsal, not a live shop (`budget.staging`):
// budgets that do not say otherwise count synthetic records stamped in it.
struct StagingWindow {
  TimePoint from;
  TimePoint until;  // excluded
  std::string note;
};

// A metric from evt-scrape that counts a priced resource.
struct Meter {
  std::string component;
  std::string resource;
  std::optional<std::string> source;  // only samples from this source
};

struct BudgetConfig {
  Site site;
  std::string file;  // the config file, for messages
  std::map<std::string, Rate, std::less<>> rates;
  std::map<std::string, ComponentSpec, std::less<>> components;
  std::vector<BudgetSpec> budgets;
  std::map<std::string, Meter, std::less<>> meters;
  std::vector<StagingWindow> staging;
  Duration max_skew = std::chrono::minutes(5);   // records further in the future are refused
  Duration hold = std::chrono::minutes(5);       // a shed tier stays shed at least this long
  double restore_margin = 0.1;                   // restore only when forecasts fit (1 - margin) of the limit
  Duration sample_interval = std::chrono::seconds(5);  // the short burn windows' floor is 5 of these
  Duration lookback = std::chrono::hours(1);     // the recent window the spend rate is measured over

  // The tier of a component; components not in the config are critical, so
  // nothing unknown is ever shed.
  Tier TierOf(std::string_view component) const;
};

// Reads and checks config.Section("budget") and the site.
// Errors are Status::Config naming the file and the JSON pointer.
Result<BudgetConfig> ReadBudgetConfig(const Config& config);

// For `config check`.
Status CheckBudgetConfig(const Config& config);

}  // namespace evt::budget
