#include "tools/budget/ingest.h"

#include <algorithm>
#include <cmath>

#include "common/json_writer.h"
#include "tools/budget/charge_filter.h"
#include "tools/budget/decimal.h"
#include "tools/budget/synthetic_filter.h"

namespace evt::budget {
namespace {

// Below what a usage record's qty may be (decimal.h's ToMicro): millionths
// of it fit 64 bits.
constexpr double kMostUnits = 9e12;

// More requests than a load.window may say completed: a million a second
// for eleven days. Far beyond any load test, and far from overflowing the
// ledger's per-second rollups.
constexpr std::int64_t kMostWindowEvents = 1'000'000'000'000;

constexpr std::string_view kNutVariables[] = {"battery.charge", "battery.runtime", "ups.load", "ups.realpower"};

std::string Quoted(const Value& v) {
  Result<std::string> json = ToJson(v);
  if (!json.ok()) return std::string(v.type_name());
  if (json->size() > 40) return json->substr(0, 37) + "...";
  return *json;
}

Status FieldError(std::string_view field, std::string_view expected, const Value* got) {
  std::string message = "\"" + std::string(field) + "\": expected " + std::string(expected);
  message += got ? ", got " + Quoted(*got) : ", but it is missing";
  return Status::DataErr(message);
}

Result<std::string> NonEmptyString(const Value& record, std::string_view field) {
  const Value* v = record.find(field);
  if (!v || !v->is_string() || v->as_string().empty()) return FieldError(field, "a non-empty string", v);
  return v->as_string();
}

Result<TimePoint> Timestamp(const Value& record) {
  const Value* v = record.find("ts");
  if (!v || !v->is_string()) return FieldError("ts", "an RFC 3339 time such as \"2026-12-05T10:00:00.000Z\"", v);
  Result<TimePoint> t = ParseRfc3339(v->as_string());
  if (!t.ok()) return t.status().Prefixed("\"ts\"");
  return t;
}

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }

// Millionths as the decimal a record would write: 2500000 is "2.5".
std::string Units(std::int64_t micro) {
  std::string text = std::to_string(micro / 1000000);
  std::int64_t fraction = micro % 1000000;
  if (fraction == 0) return text;
  std::string digits = std::to_string(1000000 + fraction).substr(1);
  return text + "." + digits.substr(0, digits.find_last_not_of('0') + 1);
}

// The first field in which `fresh` says other usage than `kept`, as
// "\"field\": X here, Y in the ledger"; empty when they agree.
std::string UsageDifference(const UsageEntry& kept, const UsageEntry& fresh) {
  auto differs = [](std::string_view field, const std::string& here, const std::string& there) {
    return "\"" + std::string(field) + "\": " + here + " here, " + there + " in the ledger";
  };
  auto quoted = [](const std::string& s) { return "\"" + s + "\""; };
  if (fresh.qty_micro != kept.qty_micro) return differs("qty", Units(fresh.qty_micro), Units(kept.qty_micro));
  if (fresh.resource != kept.resource) return differs("resource", quoted(fresh.resource), quoted(kept.resource));
  if (fresh.component != kept.component) return differs("component", quoted(fresh.component), quoted(kept.component));
  if (fresh.ts != kept.ts) return differs("ts", FormatRfc3339(fresh.ts), FormatRfc3339(kept.ts));
  return "";
}

Result<std::int64_t> WindowCount(const Value* v, std::string_view field) {
  if (!v || !v->is_int() || v->as_int() < 0 || v->as_int() > kMostWindowEvents) {
    return FieldError(field, "a count of requests from 0 to 1e12", v);
  }
  return v->as_int();
}

// A load.window's completed requests as good and bad events: the failed
// ones are the sum of its errors by class, never more than completed.
Result<EventCounts> WindowEvents(const Value& record) {
  Result<std::int64_t> completed = WindowCount(record.find("completed"), "completed");
  if (!completed.ok()) return completed.status();
  const Value* errors = record.find("errors");
  if (!errors || !errors->is_object()) return FieldError("errors", "an object of failed requests by class", errors);
  std::int64_t bad = 0;
  for (const auto& [error_class, n] : errors->as_object()) {
    Result<std::int64_t> count = WindowCount(&n, "errors/" + error_class);
    if (!count.ok()) return count.status();
    bad += *count;
    if (bad > *completed) {
      return Status::DataErr("\"errors\": " + std::to_string(bad) + " or more failed requests, but only " +
                             std::to_string(*completed) + " completed");
    }
  }
  return EventCounts{*completed - bad, bad};
}

bool ErrorBudgetOn(const BudgetSpec& b, const std::string& target) {
  return b.unit == BudgetUnit::kError && b.events_from == target;
}

bool MoneyBudgetReads(const BudgetSpec& b, const std::string& component, const std::string& resource) {
  auto lists = [](const std::vector<std::string>& names, const std::string& name) {
    return names.empty() || std::find(names.begin(), names.end(), name) != names.end();
  };
  return b.unit == BudgetUnit::kMoney && lists(b.components, component) && lists(b.resources, resource);
}

std::string LabelsKey(const Value& record) {
  const Value* labels = record.find("labels");
  if (!labels || !labels->is_object()) return "";
  Object sorted = labels->as_object();
  std::sort(sorted.begin(), sorted.end(), [](const Member& a, const Member& b) { return a.first < b.first; });
  Result<std::string> json = ToJson(Value(sorted));
  return json.ok() ? *json : "";
}

}  // namespace

std::string NutVariable(std::string_view metric_name) {
  std::string name(metric_name);
  std::replace(name.begin(), name.end(), '_', '.');
  if (name.starts_with("nut.")) name.erase(0, 4);
  return name;
}

Ingester::Ingester(const BudgetConfig& config, Ledger& ledger, TimePoint now, bool strict)
    : config_(config), ledger_(ledger), now_(now), strict_(strict) {}

// A usage record whose id is already in the ledger is a replay when it says
// the same usage, and a different usage under a re-used id when it does
// not. The fields that define a usage are compared one by one; a canonical
// form of the record (RFC 8785) stored beside it would compare every field
// the producer wrote instead.
Result<Applied> Ingester::CountUsage(const UsageEntry& usage) {
  Result<bool> added = ledger_.AddUsage(usage);
  if (!added.ok() || *added) return Count(added);
  Result<std::optional<UsageEntry>> kept = ledger_.FindUsage(usage.id);
  if (!kept.ok()) return kept.status();
  std::string differs = kept->has_value() ? UsageDifference(**kept, usage) : "";
  if (differs.empty()) return Count(false);
  last_conflict_ = "\"id\": \"" + usage.id + "\" is already in the ledger with other usage (" + differs + ")";
  if (strict_) return Status::DataErr(last_conflict_ + "; --strict refuses a re-used id");
  ++counts_.conflicting;
  return Applied::kConflicting;
}

// The same for an event: a probe or flow whose id (or series, time and
// attempt) is in the ledger with the other outcome is not a replay.
Result<Applied> Ingester::CountEvent(const EventEntry& event) {
  Result<bool> added = ledger_.AddEvent(event);
  if (!added.ok() || *added) return Count(added);
  Result<std::optional<bool>> kept = ledger_.EventWasGood(event.id);
  if (!kept.ok()) return kept.status();
  if (!*kept || **kept == event.good) return Count(false);
  last_conflict_ = "\"ok\": " + std::string(event.good ? "true" : "false") + " here, " + (**kept ? "true" : "false") +
                   " in the ledger for the same event (id \"" + event.id + "\")";
  if (strict_) return Status::DataErr(last_conflict_ + "; --strict refuses a re-used id");
  ++counts_.conflicting;
  return Applied::kConflicting;
}

// The same again for a batch: a window whose id is in the ledger with
// other counts is a different window under the same target and time.
Result<Applied> Ingester::CountEvents(const EventBatch& batch) {
  Result<bool> added = ledger_.AddEvents(batch);
  if (!added.ok() || *added) return Count(added);
  Result<std::optional<EventCounts>> kept = ledger_.EventsKept(batch.id);
  if (!kept.ok()) return kept.status();
  if (!*kept || ((*kept)->good == batch.counts.good && (*kept)->bad == batch.counts.bad)) return Count(false);
  auto said = [](const EventCounts& c) {
    return std::to_string(c.good + c.bad) + " completed, " + std::to_string(c.bad) + " failed";
  };
  last_conflict_ = said(batch.counts) + " here, " + said(**kept) + " in the ledger for the same window (\"target\": \"" +
                   batch.component + "\" at " + FormatRfc3339(batch.ts) + ")";
  if (strict_) return Status::DataErr(last_conflict_ + "; --strict refuses a re-used id");
  ++counts_.conflicting;
  return Applied::kConflicting;
}

bool Ingester::ErrorBudgetReads(const std::string& target) {
  bool reads = std::any_of(config_.budgets.begin(), config_.budgets.end(),
                           [&](const BudgetSpec& b) { return ErrorBudgetOn(b, target); });
  if (!reads) ++counts_.unmapped;
  return reads;
}

bool Ingester::LeavesOutSynthetic(TimePoint ts, const std::function<bool(const BudgetSpec&)>& reads) {
  if (!synthetic_ || ChargesSynthetic(config_, ts, reads)) return false;
  ++counts_.synthetic[*synthetic_];
  return true;
}

Result<Applied> Ingester::Count(Result<bool> added) {
  if (!added.ok()) return added.status();
  if (*added) {
    ++counts_.added;
    return Applied::kAdded;
  }
  ++counts_.duplicates;
  return Applied::kDuplicate;
}

Result<Applied> Ingester::Apply(const Value& record) {
  const Value* kind = record.find("kind");
  if (!kind || !kind->is_string()) return Applied::kNotTaken;
  const std::string& k = kind->as_string();
  if (k != "usage" && k != "metric" && k != "probe" && k != "flow" && k != "load.window") return Applied::kNotTaken;
  const Value* v = record.find("v");
  if (!v || !v->is_int() || v->as_int() != 1) return Applied::kNotTaken;  // a version we do not know
  Result<TimePoint> ts = Timestamp(record);
  if (!ts.ok()) return ts.status();
  Result<std::optional<std::string>> synthetic = SyntheticTag(record);
  if (!synthetic.ok()) return synthetic.status();
  synthetic_ = *synthetic;
  EVT_RETURN_IF_ERROR(CheckSkew(*ts));
  if (k == "usage") return ApplyUsage(record, *ts);
  if (k == "metric") return ApplyMetric(record, *ts);
  if (k == "load.window") return ApplyLoadWindow(record, *ts);
  return ApplyEvent(record, *ts, k);
}

Status Ingester::CheckSkew(TimePoint ts) const {
  if (ts <= now_ + config_.max_skew) return Status::Ok();
  return Status::DataErr("\"ts\": " + FormatRfc3339(ts) + " is more than " + FormatDuration(config_.max_skew) +
                         " ahead of now (" + FormatRfc3339(now_) + "); fix the clock that stamped it or raise "
                         "budget.max_skew");
}

Status Ingester::CheckRate(const std::string& resource) const {
  if (config_.rates.count(resource)) return Status::Ok();
  std::string known;
  for (const auto& [name, rate] : config_.rates) known += (known.empty() ? "" : ", ") + name;
  return Status::DataErr("\"resource\": \"" + resource + "\" has no rate in the config (budget.rates: " +
                         (known.empty() ? "none" : known) + ")");
}

Result<Applied> Ingester::ApplyLedgerUsage(const UsageEntry& usage) {
  EVT_RETURN_IF_ERROR(CheckSkew(usage.ts));
  EVT_RETURN_IF_ERROR(CheckRate(usage.resource));
  if (usage.qty_micro < 0) return Status::DataErr("\"qty_micro\": expected a number of millionths, 0 or more");
  synthetic_.reset();  // the ledger holds no synthetic usage its budgets leave out
  return CountUsage(usage);
}

Result<Applied> Ingester::ApplyUsage(const Value& record, TimePoint ts) {
  Result<std::string> id = NonEmptyString(record, "id");
  if (!id.ok()) return id.status();
  Result<std::string> component = NonEmptyString(record, "component");
  if (!component.ok()) return component.status();
  Result<std::string> resource = NonEmptyString(record, "resource");
  if (!resource.ok()) return resource.status();
  EVT_RETURN_IF_ERROR(CheckRate(*resource));
  const Value* qty = record.find("qty");
  if (!qty || !qty->is_number()) return FieldError("qty", "a number of units, 0 or more", qty);
  Result<Rational> exact = ExactDecimal(*qty);
  if (!exact.ok()) return exact.status().Prefixed("\"qty\"");
  if (exact->is_negative()) return FieldError("qty", "a number of units, 0 or more", qty);
  std::optional<std::int64_t> micro = ToMicro(*exact);
  if (!micro) return FieldError("qty", "at most 6 decimals and below 9e12", qty);
  if (LeavesOutSynthetic(ts, [&](const BudgetSpec& b) { return MoneyBudgetReads(b, *component, *resource); })) {
    return Applied::kSynthetic;
  }
  return CountUsage({*id, ts, *component, *resource, *micro});
}

std::optional<Result<Applied>> Ingester::ApplyPlainUsage(const PlainUsage& usage) {
  Result<TimePoint> ts = ParseRfc3339(usage.ts);
  if (!ts.ok() || *ts > now_ + config_.max_skew) return std::nullopt;
  std::string resource(usage.resource);
  if (!config_.rates.count(resource)) return std::nullopt;
  synthetic_.reset();  // a plain record has no "synthetic" tag
  constexpr std::int64_t kMicro = 1000000;
  return CountUsage({std::string(usage.id), *ts, std::string(usage.component), std::move(resource), usage.qty * kMicro});
}

Result<Applied> Ingester::ApplyMetric(const Value& record, TimePoint ts) {
  Result<std::string> name = NonEmptyString(record, "name");
  if (!name.ok()) return name.status();
  const Value* value = record.find("value");
  if (!value || !value->is_number() || !std::isfinite(value->as_double())) {
    return FieldError("value", "a finite number", value);
  }
  const Value* source_field = record.find("source");
  std::string source = source_field && source_field->is_string() ? source_field->as_string() : "";
  if (config_.meters.count(*name)) return ApplyMeter(record, ts, *name, value->as_double(), source);
  std::string variable = NutVariable(*name);
  bool is_nut = std::find(std::begin(kNutVariables), std::end(kNutVariables), variable) != std::end(kNutVariables);
  bool wanted = std::any_of(config_.budgets.begin(), config_.budgets.end(), [&](const BudgetSpec& b) {
    return b.unit == BudgetUnit::kEnergy && b.source == source;
  });
  if (!is_nut || !wanted) {
    ++counts_.unmapped;
    return Applied::kUnmapped;
  }
  if (value->as_double() < 0) return FieldError("value", "a NUT reading of 0 or more", value);
  // NUT says 87 (percent); records say 0.87, as evt-scrape writes them. An
  // overloaded UPS reads a load above 1, but not above 2; a battery is never
  // more than full, and a charge read as 1.5 or 2 is a percentage or a
  // glitch, which taken as full would hide a nearly empty battery.
  double most = variable == "battery.charge" ? 1 : variable == "ups.load" ? 2 : INFINITY;
  if (value->as_double() > most) {
    return FieldError("value", "a ratio from 0 to 1 for " + variable + " (evt-scrape writes NUT's percentages as ratios)",
                      value);
  }
  if (LeavesOutSynthetic(ts, [&](const BudgetSpec& b) { return b.unit == BudgetUnit::kEnergy && b.source == source; })) {
    return Applied::kSynthetic;
  }
  Result<Reading> filed = FileReading(ledger_, {source, variable, ts, value->as_double()}, MotionOf(config_, source));
  if (!filed.ok()) return filed.status();
  if (*filed == Reading::kTaken || *filed == Reading::kDuplicate) return Count(*filed == Reading::kTaken);
  if (*filed == Reading::kConflicting) {
    // A reading's id is its source, variable and time.
    Result<std::optional<GaugeSample>> kept = ledger_.LatestGauge(source, variable, ts);
    if (!kept.ok()) return kept.status();
    const std::string there = *kept ? Quoted(Value((*kept)->value)) : "another";
    last_conflict_ = "\"value\": " + Quoted(*value) + " here, " + there + " in the ledger for " + source + "'s " +
                     variable + " at " + FormatRfc3339(ts);
    if (strict_) return Status::DataErr(last_conflict_ + "; --strict refuses a second reading of the same time");
    ++counts_.conflicting;
    return Applied::kConflicting;
  }
  ++counts_.held;
  return Applied::kHeld;
}

Result<Applied> Ingester::ApplyMeter(const Value& record, TimePoint ts, const std::string& name, double value,
                                     const std::string& source) {
  const Meter& meter = config_.meters.find(name)->second;
  if (meter.source && *meter.source != source) {
    ++counts_.unmapped;
    return Applied::kUnmapped;
  }
  const Value* type = record.find("type");
  bool counter = !type || !type->is_string() || type->as_string() == "counter";
  if (value < 0) return FieldError("value", "a counter of 0 or more", record.find("value"));
  std::string series = source + "|" + name + "|" + LabelsKey(record);
  double qty = value;
  if (counter) {
    Result<std::optional<double>> growth = ledger_.CounterGrowth(series, ts, value);
    if (!growth.ok()) return growth.status();
    if (!*growth) {
      ++counts_.duplicates;
      return Applied::kDuplicate;
    }
    qty = **growth;
  }
  // The ledger's limit for a usage record's qty, checked before the
  // conversion below: past it, millionths no longer fit 64 bits.
  if (!(qty < kMostUnits)) {
    std::string what = counter ? "a counter growing by less than 9e12 units between two samples"
                               : "a usage below 9e12 units";
    return FieldError("value", what + (counter ? " (it grew by " + Quoted(Value(qty)) + ")" : ""), record.find("value"));
  }
  // A synthetic sample still moves the counter on, so its growth is not
  // charged with the next live sample's.
  if (LeavesOutSynthetic(ts, [&](const BudgetSpec& b) { return MoneyBudgetReads(b, meter.component, meter.resource); })) {
    if (counter) EVT_RETURN_IF_ERROR(ledger_.RememberCounter(series, ts, value));
    return Applied::kSynthetic;
  }
  // A counter's growth is whatever the device says, not a decimal someone
  // typed: round it to the ledger's millionths.
  std::int64_t micro = std::llround(qty * 1e6);
  Result<Applied> applied = Count(ledger_.AddUsage({"metric:" + series + "@" + std::to_string(Ms(ts)), ts,
                                                    meter.component, meter.resource, micro}));
  // Only a sample the ledger took moves the counter on.
  if (applied.ok() && counter) EVT_RETURN_IF_ERROR(ledger_.RememberCounter(series, ts, value));
  return applied;
}

Result<Applied> Ingester::ApplyEvent(const Value& record, TimePoint ts, std::string_view kind) {
  // A flow run from a config target names both: the target ("checkout",
  // what an error budget's events_from names, as for probes) and the flow
  // file's own name; a flow run from a file has only the latter.
  const Value* name = record.find("target");
  if (!name && kind == "flow") name = record.find("flow");
  if (!name) name = record.find("name");
  if (!name || !name->is_string()) return FieldError(kind == "probe" ? "target" : "flow", "a string", name);
  if (!ErrorBudgetReads(name->as_string())) return Applied::kUnmapped;
  const Value* ok = record.find("ok");
  if (!ok || !ok->is_bool()) return FieldError("ok", "true or false", ok);
  if (LeavesOutSynthetic(ts, [&](const BudgetSpec& b) { return ErrorBudgetOn(b, name->as_string()); })) {
    return Applied::kSynthetic;
  }
  const Value* id = record.find("id");
  std::string key;
  if (id && id->is_string() && !id->as_string().empty()) {
    key = id->as_string();
  } else {
    const Value* attempt = record.find("attempt");
    key = std::string(kind) + "|" + name->as_string() + "|" + std::to_string(Ms(ts)) + "|" +
          (attempt && attempt->is_int() ? std::to_string(attempt->as_int()) : "");
  }
  return CountEvent({key, ts, name->as_string(), ok->as_bool()});
}

// A load.window has no id: a run's windows are told apart by its target
// and their start, so feeding the same run again changes nothing.
Result<Applied> Ingester::ApplyLoadWindow(const Value& record, TimePoint ts) {
  Result<std::string> target = NonEmptyString(record, "target");
  if (!target.ok()) return target.status();
  Result<EventCounts> events = WindowEvents(record);
  if (!events.ok()) return events.status();
  if (!ErrorBudgetReads(*target)) return Applied::kUnmapped;
  if (LeavesOutSynthetic(ts, [&](const BudgetSpec& b) { return ErrorBudgetOn(b, *target); })) {
    return Applied::kSynthetic;
  }
  return CountEvents({"load.window|" + *target + "|" + std::to_string(Ms(ts)), ts, *target, *events});
}

}  // namespace evt::budget
