#include "tools/evt/status_sections.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "common/heartbeat.h"
#include "common/number_text.h"
#include "common/sparkline.h"
#include "tools/evt/status_time.h"

namespace evt::front {

namespace {

std::string Str(const Value& record, std::string_view key) {
  const Value* v = record.find(key);
  return v && v->is_string() ? v->as_string() : "";
}

std::optional<double> Num(const Value& record, std::string_view key) {
  const Value* v = record.find(key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->as_double();
}

bool Flag(const Value& record, std::string_view key) {
  const Value* v = record.find(key);
  return v && v->is_bool() && v->as_bool();
}

std::optional<TimePoint> Time(const Value& record, std::string_view key) {
  std::string text = Str(record, key);
  if (text.empty()) return std::nullopt;
  Result<TimePoint> t = ParseRfc3339(text);
  return t.ok() ? std::optional<TimePoint>(*t) : std::nullopt;
}

std::string Percent(double ratio) { return PercentText(ratio); }

std::string Integer(double n) { return FixedText(n, 0); }

// The records of every tool, with the tool that gave each.
struct Tagged {
  const std::string* tool;
  const Value* record;
};

std::vector<Tagged> OfKind(const SiteSnapshot& snapshot, std::string_view kind) {
  std::vector<Tagged> out;
  for (const ToolStatus& tool : snapshot.tools) {
    for (const Value& record : tool.records) {
      if (Str(record, "kind") == kind) out.push_back({&tool.tool, &record});
    }
  }
  return out;
}

// A numeric array the record carries (recent latencies, health over time):
// drawn as a sparkline, whatever its name, so a field statusrecs adds shows.
std::string SparklineOf(const Value& record) {
  for (const Member& member : record.as_object()) {
    if (!member.second.is_array() || member.second.as_array().empty()) continue;
    std::vector<double> values;
    for (const Value& v : member.second.as_array()) values.push_back(v.is_number() ? v.as_double() : NAN);
    if (std::any_of(values.begin(), values.end(), [](double d) { return !std::isnan(d); })) {
      if (values.size() > 16) values.erase(values.begin(), values.end() - 16);
      return Sparkline(values);
    }
  }
  return "";
}

void AddPaths(const SiteSnapshot& snapshot, std::vector<Section>& sections) {
  Section s{"Paths", "", {"path", "state", "health", "recent", "note"}, {}};
  for (const Tagged& t : OfKind(snapshot, "failover.path")) {
    const Value& r = *t.record;
    const bool active = Flag(r, "active");
    std::string state = !Flag(r, "up") ? "down" : Flag(r, "degraded") ? "degraded" : "up";
    if (r.find("probed") && !Flag(r, "probed")) state = "unprobed";
    Style style = state == "up" ? Style::kOk : state == "down" ? Style::kBad : Style::kWarn;
    std::string note;
    if (active) {
      std::optional<TimePoint> since = Time(r, "active_since");
      note = since ? "active " + AgeText(snapshot.at - *since) : "active";
      s.summary = "active: " + Str(r, "path") + (since ? " for " + AgeText(snapshot.at - *since) : "");
    }
    if (Time(r, "suppressed_until")) note += std::string(note.empty() ? "" : ", ") + "damped";
    if (Time(r, "forced_until")) note += std::string(note.empty() ? "" : ", ") + "forced";
    std::optional<double> health = Num(r, "health");
    s.rows.push_back({{(active ? "▶ " : "  ") + Str(r, "path"), active ? Style::kHeader : Style::kPlain},
                      {state, style},
                      health ? Integer(*health) : "",
                      SparklineOf(r),
                      note});
  }
  if (s.rows.empty()) return;
  if (s.summary.empty()) s.summary = "no active path";
  sections.push_back(std::move(s));
}

void AddDaemons(const SiteSnapshot& snapshot, std::vector<Section>& sections) {
  Section s{"Daemons", "", {"daemon", "state", "last beat", "where"}, {}};
  const std::string host = ThisHost();
  for (const Beat& beat : snapshot.beats) {
    std::string liveness = LivenessText(beat, snapshot.at, host);
    Style style = liveness == "alive" ? Style::kOk : liveness == "stale" ? Style::kBad : Style::kPlain;
    s.rows.push_back({beat.daemon, {liveness, style}, AgeText(snapshot.at - beat.beat_at) + " ago",
                      "pid " + std::to_string(beat.pid) + "@" + beat.host});
  }
  if (!s.rows.empty()) sections.push_back(std::move(s));
}

Style StateStyle(const std::string& state) {
  if (state == "ok") return Style::kOk;
  if (state == "warn") return Style::kWarn;
  if (state == "over") return Style::kBad;
  return Style::kPlain;
}

void AddBudgets(const SiteSnapshot& snapshot, const RenderOptions& options, std::vector<Section>& sections) {
  Section s{"Budgets", "", {"budget", "state", "used", "forecast", "runs out"}, {}};
  for (const Tagged& t : OfKind(snapshot, "budget")) {
    const Value& r = *t.record;
    std::string state = Str(r, "state");
    std::optional<double> ratio = Num(r, "ratio");
    std::optional<double> forecast = Num(r, "forecast_ratio");
    std::optional<TimePoint> out = Time(r, "runs_out_at");
    s.rows.push_back({Str(r, "name"), {state, StateStyle(state)},
                      ratio ? Bar(std::min(*ratio, 1.0), 5) + " " + Percent(*ratio) : "",
                      forecast ? Percent(*forecast) : "", out ? ClockText(*out, snapshot.at, options) : ""});
  }
  for (const Tagged& t : OfKind(snapshot, "budget.governor")) {
    std::optional<double> level = Num(*t.record, "level");
    std::optional<TimePoint> since = Time(*t.record, "since");
    s.summary = "governor: shed level " + (level ? Integer(*level) : "?") +
                (since ? " since " + ClockText(*since, snapshot.at, options) : "");
  }
  if (!s.rows.empty() || !s.summary.empty()) sections.push_back(std::move(s));
}

void AddOutboxes(const SiteSnapshot& snapshot, std::vector<Section>& sections) {
  Section s{"Outboxes", "", {"queue", "pending", "oldest", "dead", "to"}, {}};
  double backlog = 0;
  for (const Tagged& t : OfKind(snapshot, "outbox.status")) {
    const Value& r = *t.record;
    double pending = Num(r, "pending").value_or(0);
    double dead = Num(r, "dead_lettered").value_or(0);
    backlog += pending;
    std::optional<double> oldest = Num(r, "oldest_pending_age_ms");
    s.rows.push_back({Str(r, "queue"), {Integer(pending), pending > 0 ? Style::kWarn : Style::kOk},
                      oldest ? AgeText(Duration{static_cast<Duration::rep>(*oldest)}) : "",
                      {Integer(dead), dead > 0 ? Style::kBad : Style::kPlain}, Str(r, "destination")});
  }
  if (s.rows.empty()) return;
  s.summary = "backlog " + Integer(backlog);
  sections.push_back(std::move(s));
}

// A gate's scan counts, one row per gate its store knows; the doubles
// (a ticket admitted twice) in red, and the latest of them in a section of
// their own, since each is a person to find at the door.
void AddGates(const SiteSnapshot& snapshot, const RenderOptions& options, std::vector<Section>& sections) {
  Section gates{"Gates", "", {"gate", "admitted", "doubles", "entries", "exits", "last scan"}, {}};
  Section doubles{"Double admissions", "", {"ticket", "first", "again"}, {}};
  for (const Tagged& t : OfKind(snapshot, "token.status")) {
    const Value& r = *t.record;
    double twice = Num(r, "double_admissions").value_or(0);
    gates.summary = "admitted " + Integer(Num(r, "admitted").value_or(0)) + ", inside " +
                    Integer(Num(r, "inside").value_or(0)) + ", " + Integer(twice) + " double";
    const Value* known = r.find("gates");
    for (const Value& g : known && known->is_array() ? known->as_array() : Array{}) {
      double again = Num(g, "double_admissions").value_or(0);
      std::optional<TimePoint> last = Time(g, "last_at");
      gates.rows.push_back({Str(g, "gate"), Integer(Num(g, "admitted").value_or(0)),
                            {Integer(again), again > 0 ? Style::kBad : Style::kOk},
                            Integer(Num(g, "entries").value_or(0)), Integer(Num(g, "exits").value_or(0)),
                            last ? ClockText(*last, snapshot.at, options) : ""});
    }
    const Value* latest = r.find("latest_double_admissions");
    for (const Value& d : latest && latest->is_array() ? latest->as_array() : Array{}) {
      std::optional<TimePoint> first = Time(d, "admitted_at");
      std::optional<TimePoint> second = Time(d, "again_at");
      doubles.rows.push_back({{Str(d, "jti"), Style::kBad},
                              Str(d, "admitted_by") + (first ? " " + ClockText(*first, snapshot.at, options) : ""),
                              Str(d, "again_by") + (second ? " " + ClockText(*second, snapshot.at, options) : "")});
    }
  }
  if (!gates.summary.empty()) sections.push_back(std::move(gates));
  if (!doubles.rows.empty()) sections.push_back(std::move(doubles));
}

// The kinds that have a section of their own above; any other record is a
// generic row.
const std::set<std::string, std::less<>>& KnownKinds() {
  static const std::set<std::string, std::less<>> kinds = {"failover.path", "budget", "budget.governor",
                                                           "outbox.status", "token.status", "runbook.status",
                                                           "price.status"};
  return kinds;
}

void AddGeneric(const SiteSnapshot& snapshot, std::string title, const std::set<std::string, std::less<>>& kinds,
                bool others, std::vector<Section>& sections) {
  Section s{std::move(title), "", {"tool", "kind", "fields"}, {}};
  for (const ToolStatus& tool : snapshot.tools) {
    for (const Value& record : tool.records) {
      std::string kind = Str(record, "kind");
      bool known = KnownKinds().count(kind) > 0;
      if (others ? known : kinds.count(kind) == 0) continue;
      s.rows.push_back({tool.tool, kind, ScalarFieldsText(record)});
    }
  }
  if (!s.rows.empty()) sections.push_back(std::move(s));
}

void AddFailedTools(const SiteSnapshot& snapshot, std::vector<Section>& sections) {
  Section s{"Tools", "", {"tool", "error"}, {}};
  for (const ToolStatus& tool : snapshot.tools) {
    if (!tool.error.empty()) s.rows.push_back({"evt-" + tool.tool, {tool.error, Style::kBad}});
  }
  if (!s.rows.empty()) {
    s.summary = std::to_string(s.rows.size()) + " without a status";
    sections.push_back(std::move(s));
  }
}

}  // namespace

std::string ScalarFieldsText(const Value& record) {
  std::string out;
  if (!record.is_object()) return out;
  for (const auto& [key, value] : record.as_object()) {
    if (key == "kind" || key == "v" || key == "ts") continue;
    std::string text;
    if (value.is_string()) {
      text = value.as_string();
    } else if (value.is_bool()) {
      text = value.as_bool() ? "true" : "false";
    } else if (value.is_integer()) {
      text = value.is_int() ? std::to_string(value.as_int()) : std::to_string(value.as_uint());
    } else if (value.is_number()) {
      text = ShortestText(value.as_double());
    } else {
      continue;
    }
    out += (out.empty() ? "" : " ") + key + "=" + text;
  }
  return out;
}

std::vector<Section> BuildSections(const SiteSnapshot& snapshot, const RenderOptions& options) {
  std::vector<Section> sections;
  AddPaths(snapshot, sections);
  AddDaemons(snapshot, sections);
  AddBudgets(snapshot, options, sections);
  AddOutboxes(snapshot, sections);
  AddGates(snapshot, options, sections);
  AddGeneric(snapshot, "Prices", {"price.status"}, false, sections);
  AddGeneric(snapshot, "Runbooks", {"runbook.status"}, false, sections);
  AddGeneric(snapshot, "Other", {}, true, sections);
  AddFailedTools(snapshot, sections);
  return sections;
}

}  // namespace evt::front
