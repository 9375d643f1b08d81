#include "tools/failover/route_record.h"

#include <cmath>

namespace evt::failover {

Value WeightsValue(const std::vector<MemberWeight>& weights) {
  Value v = Value::object();
  for (const MemberWeight& w : weights) v.set(w.member, w.weight);
  return v;
}

Value WeightsRecord(const ApplyReport& a, const std::string& active, TimePoint written) {
  const WeightsEvent& w = a.wanted;
  Value r = Value::object({{"kind", "failover"}, {"v", 1}, {"ts", FormatRfc3339(written)}, {"event", "weights"},
                           {"route", w.route}, {"active", active}, {"reason", w.reason},
                           {"detected_at", FormatRfc3339(w.at)}, {"before", WeightsValue(w.before)},
                           {"after", WeightsValue(w.after)}});
  if (!w.exact) {
    Value realised = Value::object();
    for (std::size_t i = 0; i < w.after.size() && i < w.realised.size(); ++i)
      realised.set(w.after[i].member, std::round(w.realised[i] * 100) / 100);
    r.set("realised", std::move(realised));
  }
  r.set("driver", a.driver);
  r.set("verified", a.verified);
  if (a.attempt > 0) r.set("attempt", a.attempt);
  if (a.read_back) {
    Value back = Value::object();
    for (const MemberState& m : a.read_back->members) back.set(m.member, m.weight);
    r.set("read_back", std::move(back));
  }
  if (!a.held.empty()) r.set("held", a.held);
  if (!a.error.empty()) r.set("error", a.error);
  if (a.retry_at) r.set("retry_at", FormatRfc3339(*a.retry_at));
  return r;
}

Value ModeRecord(const ModeChange& c, const std::string& active, TimePoint written) {
  Value r = Value::object({{"kind", "failover"}, {"v", 1}, {"ts", FormatRfc3339(written)}, {"event", "mode"},
                           {"mode", c.mode}, {"previous_mode", c.previous}, {"active", active},
                           {"reason", c.reason}, {"detected_at", FormatRfc3339(c.at)}});
  if (c.until) r.set("until", FormatRfc3339(*c.until));
  r.set("verified", c.verified);
  if (!c.error.empty()) r.set("error", c.error);
  return r;
}

}  // namespace evt::failover
