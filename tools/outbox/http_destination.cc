#include "tools/outbox/http_destination.h"

#include "common/config_object.h"
#include "common/quoted.h"

namespace evt::outbox {
// DestinationSpec::where is "event.json: /outbox/destinations/shop": the
// origin's file and the object's pointer, which ConfigObject takes apart.
std::pair<std::string, std::string> FileAndPointer(const std::string& where) {
  std::size_t split = where.rfind(": /");
  if (split == std::string::npos) return {"", where};
  return {where.substr(0, split), where.substr(split + 2)};
}

Result<RetrySpec> ReadRetry(const ConfigObject& o) {
  RetrySpec retry;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> r, o.OptionalObject("retry"));
  if (!r) return retry;
  EVT_ASSIGN_OR_RETURN(retry.initial, r->Duration("initial", retry.initial));
  if (retry.initial <= Duration(0)) return r->Error("initial", "expected a duration above 0, such as \"1s\"");
  EVT_ASSIGN_OR_RETURN(retry.max, r->Duration("max", retry.max));
  if (retry.max < retry.initial) return r->Error("max", "expected at least retry.initial (" + FormatDuration(retry.initial) + ")");
  return retry;
}

Result<GateSpec> ReadWhen(const ConfigObject& o) {
  GateSpec when;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> w, o.OptionalObject("when"));
  if (!w) return when;
  EVT_ASSIGN_OR_RETURN(when.active, w->StringArray("active", {}));
  if (w->Has("max_shed_level")) {
    EVT_ASSIGN_OR_RETURN(std::int64_t level, w->Int("max_shed_level"));
    if (level < 0 || level > 100) return w->Error("max_shed_level", "expected a shed level from 0, got " + std::to_string(level));
    when.max_shed_level = static_cast<int>(level);
  }
  return when;
}

namespace {

Result<RampSpec> ReadRamp(const ConfigObject& o) {
  RampSpec ramp;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> r, o.OptionalObject("ramp"));
  if (!r) return ramp;
  EVT_ASSIGN_OR_RETURN(ramp.start, r->Ratio("start", ramp.start));
  if (ramp.start <= 0) return r->Error("start", "expected a fraction of rate_per_s above 0, such as 0.1");
  EVT_ASSIGN_OR_RETURN(ramp.every, r->Duration("every", ramp.every));
  if (ramp.every <= Duration(0)) return r->Error("every", "expected a duration above 0, such as \"10s\"");
  EVT_ASSIGN_OR_RETURN(ramp.max_error_ratio, r->Ratio("max_error_ratio", ramp.max_error_ratio));
  return ramp;
}

Result<std::optional<TokenSpec>> ReadToken(const ConfigObject& o, const std::string& config_dir) {
  const Value* token = o.Raw("token");
  if (token == nullptr) return std::optional<TokenSpec>();
  if (!token->is_object()) {
    return o.Error("token", "expected where the API token is, {\"file\": PATH}, {\"env\": NAME} or {\"credential\": NAME}; "
                            "a token never goes in the config itself");
  }
  return std::optional<TokenSpec>(TokenSpec{*token, o.Where("token"), config_dir});
}

}  // namespace

Result<HttpDestination> ParseHttpDestination(const DestinationSpec& spec, const std::string& config_dir) {
  auto [file, pointer] = FileAndPointer(spec.where);
  ConfigOrigin origin;
  origin.file = file;
  origin.folder = config_dir;
  EVT_ASSIGN_OR_RETURN(ConfigObject o, ConfigObject::Borrowing(spec.settings, pointer, origin));
  HttpDestination d;
  d.name = spec.name;
  // The tool read and checked "type"; asked for here so Finish() knows it.
  const Value* type = o.Raw("type");
  if (type == nullptr || !type->is_string() || type->as_string() != "http") return o.Error("type", "expected \"http\"");
  EVT_ASSIGN_OR_RETURN(d.url, o.String("url"));
  if (!d.url.starts_with("http://") && !d.url.starts_with("https://")) {
    return o.Error("url", "expected an http:// or https:// URL, got " + QuotedForMessage(d.url));
  }
  EVT_ASSIGN_OR_RETURN(d.token, ReadToken(o, config_dir));
  EVT_ASSIGN_OR_RETURN(std::optional<std::string> template_path, o.OptionalPath("template"));
  if (template_path) {
    auto body = BodyTemplate::Load(*template_path);
    if (!body.ok()) return body.status().Prefixed(o.Where("template"));
    d.body = std::move(*body);
  }
  EVT_ASSIGN_OR_RETURN(d.idempotency, o.Bool("idempotency", d.idempotency));
  EVT_ASSIGN_OR_RETURN(d.rate_per_s, o.Number("rate_per_s", d.rate_per_s));
  if (!(d.rate_per_s > 0) || d.rate_per_s > 100000) {
    return o.Error("rate_per_s", "expected sends per second above 0, such as 20");
  }
  EVT_ASSIGN_OR_RETURN(d.timeout, o.Duration("timeout", d.timeout));
  if (d.timeout <= Duration(0)) return o.Error("timeout", "expected a duration above 0, such as \"10s\"");
  EVT_ASSIGN_OR_RETURN(d.ramp, ReadRamp(o));
  EVT_ASSIGN_OR_RETURN(d.retry, ReadRetry(o));
  EVT_ASSIGN_OR_RETURN(d.when, ReadWhen(o));
  EVT_RETURN_IF_ERROR(o.Finish());
  return d;
}

}  // namespace evt::outbox
