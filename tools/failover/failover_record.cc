#include "tools/failover/failover_record.h"

#include <cmath>

namespace evt::failover {
namespace {

// Dividing by the scale (not multiplying by 0.001) gives the double
// nearest the decimal, which prints as "10.245", not "10.245000000000001".
double Rounded(double v, double per_unit) { return std::round(v * per_unit) / per_unit; }

Value ActionValue(const ActionReport& a) {
  Value v = Value::object({{"hook", a.hook},
                           {"path", a.path},
                           {"action", a.action},
                           {"ok", a.ok},
                           {"attempts", a.attempts},
                           {"duration_ms", Rounded(a.duration_ms, 1000)}});
  if (!a.ok) v.set("error", a.error);
  return v;
}

}  // namespace

Value FailoverRecord(const Event& e, const std::string& active, const std::vector<ActionReport>& actions,
                     TimePoint written) {
  Value r = Value::object({{"kind", "failover"}, {"v", 1}, {"ts", FormatRfc3339(written)},
                           {"event", EventTypeName(e.type)}, {"path", e.path}});
  if (!e.previous.empty()) r.set("previous", e.previous);
  r.set("active", active);
  r.set("reason", e.reason);
  r.set("detected_at", FormatRfc3339(e.at));
  r.set("health", e.health);
  r.set("penalty", Rounded(e.penalty, 100));
  if (e.until) r.set("until", FormatRfc3339(*e.until));
  if (!actions.empty()) {
    double total = 0;
    Value list = Value::array();
    for (const ActionReport& a : actions) {
      total += a.duration_ms;
      list.push_back(ActionValue(a));
    }
    r.set("actions_ms", Rounded(total, 1000));
    r.set("actions", std::move(list));
  }
  return r;
}

}  // namespace evt::failover
