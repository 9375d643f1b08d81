#include "tools/outbox/replica_wire.h"

#include <limits>
#include <string>
#include <utility>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/time_format.h"

namespace evt::outbox {
namespace {

TimePoint FromMillis(std::int64_t ms) { return TimePoint{std::chrono::milliseconds{ms}}; }

Status AppendField(std::string& out, std::string_view key, std::string_view text) {
  out += ",\"";
  out += key;
  out += "\":";
  return AppendJsonString(out, text);
}

void AppendNumber(std::string& out, std::string_view key, std::int64_t n) {
  out += ",\"";
  out += key;
  out += "\":";
  out += std::to_string(n);
}

// Reads the fields of one wire line, naming the line and the field in
// every error.
class WireFields {
 public:
  WireFields(const Value& object, std::string_view where) : object_(object), where_(where) {}

  Status Error(std::string_view key, std::string_view what) const {
    return Status::DataErr(std::string(where_) + ": /" + std::string(key) + ": " + std::string(what));
  }

  Result<const Value*> Field(std::string_view key) const {
    const Value* v = object_.find(key);
    if (v == nullptr) return Error(key, "missing");
    return v;
  }

  Result<std::string> String(std::string_view key, bool allow_empty = false) const {
    EVT_ASSIGN_OR_RETURN(const Value* v, Field(key));
    if (!v->is_string()) return Error(key, "expected a string, got " + std::string(v->type_name()));
    if (!allow_empty && v->as_string().empty()) return Error(key, "expected a non-empty string");
    return v->as_string();
  }

  Result<std::int64_t> Count(std::string_view key, std::int64_t max = std::numeric_limits<std::int64_t>::max()) const {
    EVT_ASSIGN_OR_RETURN(const Value* v, Field(key));
    if (!v->is_int() || v->as_int() < 0 || v->as_int() > max) {
      return Error(key, "expected an integer from 0 to " + std::to_string(max) + ", got " + Shown(*v));
    }
    return v->as_int();
  }

  Result<std::int64_t> Millis(std::string_view key) const {
    EVT_ASSIGN_OR_RETURN(std::string text, String(key));
    Result<TimePoint> t = ParseRfc3339(text);
    if (!t.ok()) return Error(key, t.status().message());
    return t->time_since_epoch().count();
  }

 private:
  static std::string Shown(const Value& v) {
    Result<std::string> text = ToJson(v);
    return text.ok() && text->size() <= 40 ? *text : std::string(v.type_name());
  }

  const Value& object_;
  std::string_view where_;
};

Result<OutboxRecord> ParseElement(const WireFields& in, const Value& object) {
  OutboxRecord r;
  EVT_ASSIGN_OR_RETURN(r.id, in.String("id"));
  EVT_ASSIGN_OR_RETURN(r.queue, in.String("queue"));
  EVT_ASSIGN_OR_RETURN(r.origin, in.String("origin"));
  EVT_ASSIGN_OR_RETURN(r.captured_ms, in.Millis("captured"));
  const Value* record = object.find("record");
  if (record == nullptr) return in.Error("record", "missing");
  if (!record->is_object()) return in.Error("record", "expected an object, got " + std::string(record->type_name()));
  EVT_ASSIGN_OR_RETURN(r.line, ToJson(*record));
  return r;
}

Result<Delivery> ParseDelivery(const WireFields& in) {
  Delivery d;
  EVT_ASSIGN_OR_RETURN(d.id, in.String("id"));
  EVT_ASSIGN_OR_RETURN(d.destination, in.String("destination"));
  EVT_ASSIGN_OR_RETURN(std::string state, in.String("state"));
  std::optional<DeliveryState> parsed = ParseDeliveryState(state);
  if (!parsed) return in.Error("state", "expected pending, delivered, dead_lettered or dropped, got \"" + state + "\"");
  d.state = *parsed;
  EVT_ASSIGN_OR_RETURN(d.attempts, in.Count("attempts"));
  EVT_ASSIGN_OR_RETURN(d.retries, in.Count("retries"));
  EVT_ASSIGN_OR_RETURN(d.updated_ms, in.Millis("updated"));
  EVT_ASSIGN_OR_RETURN(d.by, in.String("by", /*allow_empty=*/true));
  EVT_ASSIGN_OR_RETURN(std::int64_t status, in.Count("status", 999));
  d.last_status = static_cast<int>(status);
  EVT_ASSIGN_OR_RETURN(d.next_attempt_ms, in.Millis("next_attempt"));
  EVT_ASSIGN_OR_RETURN(d.last_error, in.String("error", /*allow_empty=*/true));
  return d;
}

}  // namespace

Result<std::string> ElementLine(const OutboxRecord& r) {
  std::string out = "{\"kind\":\"outbox.element\",\"v\":1";
  EVT_RETURN_IF_ERROR(AppendField(out, "ts", FormatRfc3339(FromMillis(r.captured_ms))));
  EVT_RETURN_IF_ERROR(AppendField(out, "id", r.id));
  EVT_RETURN_IF_ERROR(AppendField(out, "queue", r.queue));
  EVT_RETURN_IF_ERROR(AppendField(out, "origin", r.origin));
  EVT_RETURN_IF_ERROR(AppendField(out, "captured", FormatRfc3339(FromMillis(r.captured_ms))));
  out += ",\"record\":";
  out += r.line;
  out += '}';
  return out;
}

Result<std::string> DeliveryLine(const Delivery& d) {
  std::string out = "{\"kind\":\"outbox.delivery_state\",\"v\":1";
  EVT_RETURN_IF_ERROR(AppendField(out, "ts", FormatRfc3339(FromMillis(d.updated_ms))));
  EVT_RETURN_IF_ERROR(AppendField(out, "id", d.id));
  EVT_RETURN_IF_ERROR(AppendField(out, "destination", d.destination));
  EVT_RETURN_IF_ERROR(AppendField(out, "state", DeliveryStateName(d.state)));
  AppendNumber(out, "attempts", d.attempts);
  AppendNumber(out, "retries", d.retries);
  EVT_RETURN_IF_ERROR(AppendField(out, "updated", FormatRfc3339(FromMillis(d.updated_ms))));
  EVT_RETURN_IF_ERROR(AppendField(out, "by", d.by));
  AppendNumber(out, "status", d.last_status);
  EVT_RETURN_IF_ERROR(AppendField(out, "next_attempt", FormatRfc3339(FromMillis(d.next_attempt_ms))));
  EVT_RETURN_IF_ERROR(AppendField(out, "error", d.last_error));
  out += '}';
  return out;
}

Result<ReplicaLine> ParseReplicaLine(std::string_view line, std::string_view where) {
  Result<Value> parsed = ParseJson(line, where);
  if (!parsed.ok()) return parsed.status();
  if (!parsed->is_object()) return Status::DataErr(std::string(where) + ": expected a JSON object, got " +
                                                   std::string(parsed->type_name()));
  WireFields in(*parsed, where);
  EVT_ASSIGN_OR_RETURN(std::string kind, in.String("kind"));
  if (kind == kElementKind) {
    EVT_ASSIGN_OR_RETURN(OutboxRecord r, ParseElement(in, *parsed));
    return ReplicaLine(std::move(r));
  }
  if (kind == kDeliveryKind) {
    EVT_ASSIGN_OR_RETURN(Delivery d, ParseDelivery(in));
    return ReplicaLine(std::move(d));
  }
  return in.Error("kind", "expected outbox.element or outbox.delivery, got \"" + kind + "\"");
}

}  // namespace evt::outbox
