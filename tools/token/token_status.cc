#include "tools/token/token_status.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

#include "common/duration.h"
#include "common/table.h"
#include "common/text_fit.h"
#include "common/text_width.h"
#include "common/time_display.h"
#include "tools/token/commands.h"

namespace evt::token {
namespace {

TimePoint HlcTime(const Hlc& hlc) { return TimePoint(std::chrono::milliseconds(hlc.wall)); }

void NoteLast(GateTally& tally, const Hlc& hlc) {
  TimePoint at = HlcTime(hlc);
  if (!tally.last_at || *tally.last_at < at) tally.last_at = at;
}

class Tallies {
 public:
  explicit Tallies(const std::string& this_gate) { At(this_gate); }
  GateTally& At(const std::string& gate) {
    GateTally& tally = by_gate_[gate];
    tally.gate = gate;
    return tally;
  }
  std::vector<GateTally> Take() {
    std::vector<GateTally> out;
    for (auto& [gate, tally] : by_gate_) out.push_back(std::move(tally));
    return out;
  }

 private:
  std::map<std::string, GateTally> by_gate_;
};

void CountScans(const std::vector<ScanEvent>& scans, Tallies& tallies) {
  for (const ScanEvent& e : scans) {
    GateTally& tally = tallies.At(e.gate);
    ++(e.type == ScanType::kEntry ? tally.entries : tally.exits);
    NoteLast(tally, e.hlc);
  }
}

void CountAdmission(const std::string& jti, const Admission& a, TokenStatus& status, Tallies& tallies,
                    std::vector<DoubleAdmissionSeen>& doubles) {
  ++status.admitted;
  if (a.inside()) ++status.inside;
  ++tallies.At(a.first->gate).admitted;
  if (a.doubles.empty()) return;
  ++status.double_admissions;
  for (const ScanEvent& e : a.doubles) ++tallies.At(e.gate).double_admissions;
  // SummarizeScans lists the doubles in the gates' common order: the last is the newest.
  doubles.push_back({jti, *a.first, a.doubles.back(), a.doubles.size()});
}

// Keeps the kLatestDoubles newest, newest first.
void KeepNewest(std::vector<DoubleAdmissionSeen>& doubles) {
  auto newer = [](const DoubleAdmissionSeen& a, const DoubleAdmissionSeen& b) { return ScanOrder(b.latest, a.latest); };
  std::size_t keep = std::min(doubles.size(), kLatestDoubles);
  std::partial_sort(doubles.begin(), doubles.begin() + static_cast<std::ptrdiff_t>(keep), doubles.end(), newer);
  doubles.resize(keep);
}

std::int64_t AgeMs(TimePoint since, TimePoint now) {
  return std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(now - since).count());
}

Value GateValue(const GateTally& g) {
  Value v = Value::object({{"gate", g.gate},
                           {"entries", g.entries},
                           {"exits", g.exits},
                           {"admitted", g.admitted},
                           {"double_admissions", g.double_admissions},
                           {"revocations", g.revocations}});
  if (g.last_at) v.set("last_at", FormatRfc3339(*g.last_at));
  return v;
}

Value DoubleValue(const DoubleAdmissionSeen& d) {
  return Value::object({{"jti", d.jti},
                        {"admitted_by", d.first.gate},
                        {"admitted_at", FormatRfc3339(HlcTime(d.first.hlc))},
                        {"again_by", d.latest.gate},
                        {"again_at", FormatRfc3339(HlcTime(d.latest.hlc))},
                        {"times", d.times}});
}

}  // namespace

struct ScanSetSummary::Tally {
  Tally(std::string gate, ReentryPolicy policy) : tallies(gate) {
    status.gate = std::move(gate);
    status.policy = policy;
  }
  TokenStatus status;
  Tallies tallies;
  std::vector<DoubleAdmissionSeen> doubles;  // pruned to the newest as it grows
};

ScanSetSummary::ScanSetSummary(std::string gate, ReentryPolicy policy)
    : tally_(std::make_unique<Tally>(std::move(gate), policy)) {}
ScanSetSummary::~ScanSetSummary() = default;
ScanSetSummary::ScanSetSummary(ScanSetSummary&&) noexcept = default;
ScanSetSummary& ScanSetSummary::operator=(ScanSetSummary&&) noexcept = default;

void ScanSetSummary::AddTicket(std::vector<ScanEvent> scans) {
  if (scans.empty()) return;
  CountScans(scans, tally_->tallies);
  std::string jti = scans.front().jti;
  Admission a = SummarizeScans(std::move(scans), tally_->status.policy);
  if (a.first) CountAdmission(jti, a, tally_->status, tally_->tallies, tally_->doubles);
  if (tally_->doubles.size() >= 4 * kLatestDoubles) KeepNewest(tally_->doubles);
}

TokenStatus ScanSetSummary::Finish(const std::vector<Revocation>& revocations) && {
  TokenStatus& status = tally_->status;
  for (const Revocation& r : revocations) {
    GateTally& tally = tally_->tallies.At(r.gate);
    ++tally.revocations;
    NoteLast(tally, r.hlc);
  }
  status.revocations = revocations.size();
  status.gates = tally_->tallies.Take();
  KeepNewest(tally_->doubles);
  status.latest_doubles = std::move(tally_->doubles);
  return std::move(status);
}

TokenStatus SummarizeScanSet(std::string gate, ReentryPolicy policy, std::vector<std::vector<ScanEvent>> tickets,
                             const std::vector<Revocation>& revocations) {
  ScanSetSummary summary(std::move(gate), policy);
  for (std::vector<ScanEvent>& scans : tickets) summary.AddTicket(std::move(scans));
  return std::move(summary).Finish(revocations);
}

std::vector<ActiveKey> ActiveKeys(const std::vector<RingEntry>& ring) {
  std::vector<ActiveKey> keys;
  for (const RingEntry& e : ring) {
    if (e.state != KeyState::kActive) continue;
    keys.push_back({e.key.kid(), std::string(KeyTypeName(e.key.kind())), e.activated_at.value_or(e.created_at)});
  }
  std::stable_sort(keys.begin(), keys.end(), [](const ActiveKey& a, const ActiveKey& b) {
    return a.alg == "Ed25519" && b.alg != "Ed25519";
  });
  return keys;
}

Value TokenStatusRecord(const TokenStatus& status, TimePoint now) {
  Value record = Value::object({{"kind", "token.status"},
                                {"v", 1},
                                {"ts", FormatRfc3339(now)},
                                {"gate", status.gate},
                                {"reentry", ReentryPolicyName(status.policy)},
                                {"admitted", status.admitted},
                                {"inside", status.inside},
                                {"double_admissions", status.double_admissions},
                                {"revocations", status.revocations},
                                {"quarantined", status.quarantined}});
  if (!status.active_keys.empty()) {
    record.set("active_kid", status.active_keys.front().kid);
    record.set("active_key_age_ms", AgeMs(status.active_keys.front().since, now));
  }
  Value gates = Value::array();
  for (const GateTally& g : status.gates) gates.push_back(GateValue(g));
  record.set("gates", std::move(gates));
  Value doubles = Value::array();
  for (const DoubleAdmissionSeen& d : status.latest_doubles) doubles.push_back(DoubleValue(d));
  record.set("latest_double_admissions", std::move(doubles));
  Value keys = Value::array();
  for (const ActiveKey& k : status.active_keys) {
    keys.push_back(Value::object({{"kid", k.kid},
                                  {"alg", k.alg},
                                  {"active_since", FormatRfc3339(k.since)},
                                  {"age_ms", AgeMs(k.since, now)}}));
  }
  record.set("active_keys", std::move(keys));
  return record;
}

std::string TokenStatusText(const TokenStatus& status, TimePoint now, bool color, int width) {
  std::string facts = "gate " + status.gate + ": " + std::to_string(status.admitted) + " admitted (" +
                     std::to_string(status.inside) + " inside), " + std::to_string(status.double_admissions) +
                     " double admissions, " + std::to_string(status.revocations) + " revocations";
  if (status.quarantined > 0) facts += ", " + std::to_string(status.quarantined) + " quarantined";
  facts += "\n";
  if (status.active_keys.empty()) facts += "signing key: none active (evt-token keys new)\n";
  for (const ActiveKey& k : status.active_keys) {
    facts += "signing key: " + k.kid + " (" + k.alg + "), active for " + AgeText(k.since, now) + "\n";
  }
  for (const DoubleAdmissionSeen& d : status.latest_doubles) {
    facts += "double admission: " + d.jti + " at " + d.first.gate + ", again at " + d.latest.gate + " " +
             AgeText(HlcTime(d.latest.hlc), now) + " ago\n";
  }
  std::string text = WrapLines(facts, width);
  Table table;
  table.AddColumn("gate", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  table.AddColumn("entries", {.priority = Priority::kLow});
  table.AddColumn("exits", {.priority = Priority::kLow});
  table.AddColumn("admitted", {.priority = Priority::kHigh});
  table.AddColumn("doubles", {.priority = Priority::kHigh});
  table.AddColumn("revoked");
  table.AddColumn("newest");
  for (const GateTally& g : status.gates) {
    table.AddRow({g.gate == status.gate ? g.gate + " (here)" : g.gate, std::to_string(g.entries),
                  std::to_string(g.exits), std::to_string(g.admitted),
                  {std::to_string(g.double_admissions), g.double_admissions > 0 ? Style::kBad : Style::kPlain},
                  std::to_string(g.revocations), g.last_at ? AgeText(*g.last_at, now) + " ago" : "-"});
  }
  return text + table.Render(color, width);
}

}  // namespace evt::token
