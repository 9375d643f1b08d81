#include "tools/scrape/scrape_config.h"

#include "common/config_value.h"
#include "common/json_writer.h"
#include "common/percent_encoding.h"

namespace evt::scrape {
namespace {

std::chrono::milliseconds Ms(Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d); }

Result<std::optional<JsonPath>> OptionalPath(const ConfigObject& o, std::string_view key) {
  Result<std::optional<std::string>> text = o.OptionalString(key);
  if (!text.ok()) return text.status();
  if (!*text) return std::optional<JsonPath>();
  Result<JsonPath> path = JsonPath::Parse(**text);
  if (!path.ok()) return o.Error(key, path.status().message());
  return std::optional<JsonPath>(std::move(*path));
}

bool IsSecretSpec(const Value& v) {
  return v.is_object() && v.as_object().size() == 1 && (v.find("env") || v.find("file") || v.find("credential"));
}

// A copy of `v` with every {"env"}/{"file"}/{"credential"} object replaced by the secret.
Result<Value> WithSecrets(const Value& v, const ConfigObject& o, const std::string& where) {
  if (IsSecretSpec(v)) {
    Result<Secret> secret = ResolveSecret(v, where, o.origin().folder, o.origin().env);
    if (!secret.ok()) return secret.status();
    return Value(secret->bytes());
  }
  if (v.is_object()) {
    Value out = Value::object();
    for (const auto& [key, item] : v.as_object()) {
      Result<Value> resolved = WithSecrets(item, o, where + "/" + EscapeJsonPointerToken(key));
      if (!resolved.ok()) return resolved.status();
      out.set(key, std::move(*resolved));
    }
    return out;
  }
  if (v.is_array()) {
    Value out = Value::array();
    for (std::size_t i = 0; i < v.as_array().size(); ++i) {
      Result<Value> resolved = WithSecrets(v.as_array()[i], o, where + "/" + std::to_string(i));
      if (!resolved.ok()) return resolved.status();
      out.push_back(std::move(*resolved));
    }
    return out;
  }
  return v;
}

Result<std::string> FormBody(const Value& form, const std::string& where) {
  std::string body;
  for (const auto& [key, v] : form.as_object()) {
    std::string text;
    if (v.is_string()) {
      text = v.as_string();
    } else if (v.is_number() || v.is_bool()) {
      Result<std::string> json = ToJson(v);
      if (!json.ok()) return json.status();
      text = *json;
    } else {
      return ConfigExpected(where + "/" + EscapeJsonPointerToken(key), "a string, a number or a secret", v);
    }
    body += (body.empty() ? "" : "&") + PercentEncoded(key) + "=" + PercentEncoded(text);
  }
  return body;
}

Status ReadLogin(const ConfigObject& o, Login& login) {
  Result<std::string> url = o.String("url");
  if (!url.ok()) return url.status();
  login.url = *url;
  Result<std::string> method = o.String("method", "POST");
  if (!method.ok()) return method.status();
  login.method = *method;
  const Value* json = o.Raw("json");
  const Value* form = o.Raw("form");
  if ((json != nullptr) == (form != nullptr)) return o.Error("expected exactly one of \"json\" and \"form\" (the login body)");
  const Value& body = json ? *json : *form;
  std::string where = o.Where(json ? "json" : "form");
  if (!body.is_object()) return ConfigExpected(where, "an object", body);
  Result<Value> resolved = WithSecrets(body, o, where);
  if (!resolved.ok()) return resolved.status();
  if (json) {
    Result<std::string> text = ToJson(*resolved);
    if (!text.ok()) return text.status();
    login.body = *text;
    login.content_type = "application/json";
  } else {
    Result<std::string> text = FormBody(*resolved, where);
    if (!text.ok()) return text.status();
    login.body = *text;
    login.content_type = "application/x-www-form-urlencoded";
  }
  Result<std::optional<JsonPath>> token = OptionalPath(o, "token_path");
  if (!token.ok()) return token.status();
  login.token_path = std::move(*token);
  return Status::Ok();
}

Status ReadAuth(const ConfigObject& o, Auth& auth) {
  std::vector<std::string> keys = o.Keys();
  if (keys.size() != 1) return o.Error("expected exactly one of \"basic\", \"bearer\", \"api_key\", \"login\"");
  const std::string& kind = keys.front();
  if (kind == "bearer") {
    Result<Secret> token = o.Secret("bearer");
    if (!token.ok()) return token.status();
    auth.kind = Auth::Kind::kBearer;
    auth.secret = std::move(*token);
    return Status::Ok();
  }
  Result<ConfigObject> inner = o.Object(kind);
  if (!inner.ok()) return inner.status();
  if (kind == "basic") {
    auth.kind = Auth::Kind::kBasic;
    Result<std::string> user = inner->String("user");
    if (!user.ok()) return user.status();
    auth.user = *user;
    Result<Secret> password = inner->Secret("password");
    if (!password.ok()) return password.status();
    auth.secret = std::move(*password);
    return Status::Ok();
  }
  if (kind == "api_key") {
    auth.kind = Auth::Kind::kApiKey;
    Result<std::string> header = inner->String("header");
    if (!header.ok()) return header.status();
    auth.header = *header;
    Result<Secret> value = inner->Secret("value");
    if (!value.ok()) return value.status();
    auth.secret = std::move(*value);
    return Status::Ok();
  }
  if (kind == "login") {
    auth.kind = Auth::Kind::kLogin;
    return ReadLogin(*inner, auth.login);
  }
  return o.Error(kind, "unknown auth (known: basic, bearer, api_key, login)");
}

Status ReadPagination(const ConfigObject& o, Pagination& p) {
  Result<std::string> kind = o.String("kind");
  if (!kind.ok()) return kind.status();
  Result<std::int64_t> max_pages = o.Int("max_pages", 10);
  if (!max_pages.ok()) return max_pages.status();
  if (*max_pages < 1 || *max_pages > 10000) return o.Error("max_pages", "expected 1 to 10000");
  p.max_pages = *max_pages;
  if (*kind == "link") {
    p.kind = Pagination::Kind::kLinkHeader;
    return Status::Ok();
  }
  if (*kind == "next") {
    p.kind = Pagination::Kind::kNextPath;
  } else if (*kind == "cursor") {
    p.kind = Pagination::Kind::kCursor;
  } else if (*kind == "page") {
    p.kind = Pagination::Kind::kPage;
  } else {
    return o.Error("kind", "expected link, next, cursor or page, got \"" + *kind + "\"");
  }
  if (p.kind != Pagination::Kind::kPage) {
    Result<std::string> text = o.String("path");
    if (!text.ok()) return text.status();
    Result<JsonPath> path = JsonPath::Parse(*text);
    if (!path.ok()) return o.Error("path", path.status().message());
    p.path = std::move(*path);
  }
  if (p.kind == Pagination::Kind::kCursor || p.kind == Pagination::Kind::kPage) {
    Result<std::string> param = o.String("param", p.kind == Pagination::Kind::kPage ? "page" : "cursor");
    if (!param.ok()) return param.status();
    p.param = *param;
  }
  if (p.kind == Pagination::Kind::kPage) {
    Result<std::int64_t> first = o.Int("first", 1);
    if (!first.ok()) return first.status();
    p.first_page = *first;
  }
  if (p.kind == Pagination::Kind::kCursor) {
    Result<bool> resume = o.Bool("resume", false);
    if (!resume.ok()) return resume.status();
    p.resume = *resume;
  }
  return Status::Ok();
}

Result<std::vector<LabelSpec>> ReadLabels(const ConfigObject& o, std::string_view key) {
  std::vector<LabelSpec> out;
  Result<std::optional<ConfigObject>> labels = o.OptionalObject(key);
  if (!labels.ok()) return labels.status();
  if (!*labels) return out;
  for (const std::string& name : (*labels)->Keys()) {
    LabelSpec spec;
    spec.name = name;
    const Value* raw = (*labels)->Raw(name);
    if (raw->is_string()) {
      spec.literal = raw->as_string();
      out.push_back(std::move(spec));
      continue;
    }
    Result<ConfigObject> from = (*labels)->Object(name);
    if (!from.ok()) return ConfigExpected((*labels)->Where(name), "a string (the value) or {\"path\": ...} or {\"key\": true}", *raw);
    Result<std::optional<JsonPath>> path = OptionalPath(*from, "path");
    if (!path.ok()) return path.status();
    Result<bool> by_key = from->Bool("key", false);
    if (!by_key.ok()) return by_key.status();
    if (path->has_value() == *by_key) return from->Error("expected exactly one of \"path\" and \"key\": true");
    spec.from = *by_key ? LabelSpec::From::kKey : LabelSpec::From::kPath;
    spec.path = std::move(*path);
    out.push_back(std::move(spec));
  }
  return out;
}

bool ValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

Result<MetricSpec> ReadMetric(const ConfigObject& o) {
  MetricSpec m;
  Result<std::string> name = o.String("name");
  if (!name.ok()) return name.status();
  if (!ValidMetricName(*name)) return o.Error("name", "expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got \"" + *name + "\"");
  m.name = *name;
  Result<std::optional<JsonPath>> path = OptionalPath(o, "path");
  if (!path.ok()) return path.status();
  m.path = std::move(*path);
  Result<std::string> type = o.String("type", "gauge");
  if (!type.ok()) return type.status();
  if (*type != "gauge" && *type != "counter" && *type != "untyped") return o.Error("type", "expected gauge, counter or untyped");
  m.type = *type;
  Result<std::vector<LabelSpec>> labels = ReadLabels(o, "labels");
  if (!labels.ok()) return labels.status();
  m.labels = std::move(*labels);
  Result<std::optional<ConfigObject>> values = o.OptionalObject("values");
  if (!values.ok()) return values.status();
  if (*values) {
    for (const std::string& key : (*values)->Keys()) {
      Result<double> n = (*values)->Number(key);
      if (!n.ok()) return n.status();
      m.values.emplace_back(key, *n);
    }
  }
  Result<double> scale = o.Number("scale", 1.0);
  if (!scale.ok()) return scale.status();
  m.scale = *scale;
  Result<std::string> unit = o.String("unit", "");
  if (!unit.ok()) return unit.status();
  m.unit = *unit;
  Result<std::string> help = o.String("help", "");
  if (!help.ok()) return help.status();
  m.help = *help;
  Result<bool> optional = o.Bool("optional", false);
  if (!optional.ok()) return optional.status();
  m.optional = *optional;
  return m;
}

// "max_body": a size ("8MiB"), from 1 KiB to 64 GiB.
Result<std::uint64_t> MaxBody(const ConfigObject& o) {
  Result<std::string> text = o.String("max_body", SizeText(kDefaultMaxBody));
  if (!text.ok()) return text.status();
  std::optional<std::uint64_t> size = ParseByteSize(*text);
  if (!size || *size < (1u << 10) || *size > (64ull << 30)) {
    return o.Error("max_body", "expected a size from 1KiB to 64GiB (\"8MiB\", \"512KiB\"), got \"" + *text + "\"");
  }
  return *size;
}

Status ReadHttp(const ConfigObject& o, Source& s) {
  Result<std::string> method = o.String("method", "GET");
  if (!method.ok()) return method.status();
  s.method = *method;
  Result<std::optional<ConfigObject>> headers = o.OptionalObject("headers");
  if (!headers.ok()) return headers.status();
  if (*headers) {
    for (const std::string& name : (*headers)->Keys()) {
      const Value* raw = (*headers)->Raw(name);
      if (raw->is_string()) {
        s.headers.emplace_back(name, raw->as_string());
        continue;
      }
      Result<Secret> secret = (*headers)->Secret(name);
      if (!secret.ok()) return secret.status();
      s.headers.emplace_back(name, secret->bytes());
      s.secret_headers = true;
    }
  }
  Result<std::string> body = o.String("body", "");
  if (!body.ok()) return body.status();
  s.body = *body;
  Result<std::optional<ConfigObject>> auth = o.OptionalObject("auth");
  if (!auth.ok()) return auth.status();
  if (*auth) EVT_RETURN_IF_ERROR(ReadAuth(**auth, s.auth));
  Result<std::optional<ConfigObject>> pages = o.OptionalObject("pagination");
  if (!pages.ok()) return pages.status();
  if (*pages) EVT_RETURN_IF_ERROR(ReadPagination(**pages, s.pagination));
  Result<std::int64_t> retries = o.Int("retries", 2);
  if (!retries.ok()) return retries.status();
  if (*retries < 0 || *retries > 20) return o.Error("retries", "expected 0 to 20");
  s.retries = *retries;
  Result<Duration> backoff = o.Duration("backoff", std::chrono::milliseconds(200));
  if (!backoff.ok()) return backoff.status();
  s.backoff = Ms(*backoff);
  Result<Duration> max_backoff = o.Duration("max_backoff", std::chrono::seconds(5));
  if (!max_backoff.ok()) return max_backoff.status();
  s.max_backoff = Ms(*max_backoff);
  Result<Duration> rate = o.Duration("rate_limit", std::chrono::milliseconds(0));
  if (!rate.ok()) return rate.status();
  s.min_interval = Ms(*rate);
  Result<std::uint64_t> max_body = MaxBody(o);
  if (!max_body.ok()) return max_body.status();
  s.max_body = *max_body;
  return Status::Ok();
}

Status ReadMapping(const ConfigObject& o, Source& s) {
  Result<std::optional<JsonPath>> records = OptionalPath(o, "records");
  if (!records.ok()) return records.status();
  s.mapping.records = std::move(*records);
  Result<std::optional<JsonPath>> timestamp = OptionalPath(o, "timestamp");
  if (!timestamp.ok()) return timestamp.status();
  s.mapping.timestamp = std::move(*timestamp);
  Result<std::vector<LabelSpec>> labels = ReadLabels(o, "labels");
  if (!labels.ok()) return labels.status();
  s.mapping.labels = std::move(*labels);
  Result<std::vector<ConfigObject>> metrics = o.ObjectArray("metrics");
  if (!metrics.ok()) return metrics.status();
  if (metrics->empty()) return o.Error("metrics", "expected at least one metric");
  for (const ConfigObject& m : *metrics) {
    Result<MetricSpec> spec = ReadMetric(m);
    if (!spec.ok()) return spec.status();
    s.mapping.metrics.push_back(std::move(*spec));
  }
  return Status::Ok();
}

Status ReadHtml(const ConfigObject& o, HtmlJsonSpec& html) {
  Result<std::string> id = o.String("script_id", "");
  Result<std::string> type = o.String("script_type", "");
  Result<std::string> global = o.String("global", "");
  for (const auto* r : {&id, &type, &global}) {
    if (!r->ok()) return r->status();
  }
  html = {*id, *type, *global};
  int given = !id->empty() + !type->empty() + !global->empty();
  if (given != 1) return o.Error("expected exactly one of \"script_id\", \"script_type\" and \"global\"");
  return Status::Ok();
}

Status ReadPrometheus(const ConfigObject& o, Source& s) {
  Result<std::vector<std::string>> match = o.StringArray("match", {});
  if (!match.ok()) return match.status();
  s.match = *match;
  Result<std::optional<ConfigObject>> labels = o.OptionalObject("match_labels");
  if (!labels.ok()) return labels.status();
  if (*labels) {
    for (const std::string& key : (*labels)->Keys()) {
      Result<std::string> v = (*labels)->String(key);
      if (!v.ok()) return v.status();
      s.match_labels.emplace_back(key, *v);
    }
  }
  Result<std::optional<std::string>> format = o.OptionalString("format");
  if (!format.ok()) return format.status();
  if (*format) {
    if (**format != "prometheus" && **format != "openmetrics") return o.Error("format", "expected prometheus or openmetrics");
    s.openmetrics = **format == "openmetrics";
  }
  return ReadHttp(o, s);
}

Status ReadNut(const ConfigObject& o, Source& s) {
  Result<std::string> address = o.String("nut");
  if (!address.ok()) return address.status();
  std::size_t colon = address->rfind(':');
  s.nut_host = colon == std::string::npos ? *address : address->substr(0, colon);
  if (colon != std::string::npos) {
    std::string port = address->substr(colon + 1);
    char* end = nullptr;
    long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end || p < 1 || p > 65535) return o.Error("nut", "expected HOST or HOST:PORT, got \"" + *address + "\"");
    s.nut_port = static_cast<int>(p);
  }
  Result<std::string> ups = o.String("ups");
  if (!ups.ok()) return ups.status();
  s.ups = *ups;
  return Status::Ok();
}

Result<Source> ReadSource(const ConfigObject& o, const std::string& name) {
  Source s;
  s.name = name;
  Result<Duration> timeout = o.Duration("timeout", std::chrono::seconds(10));
  if (!timeout.ok()) return timeout.status();
  s.timeout = Ms(*timeout);
  if (o.Has("nut")) {
    s.kind = SourceKind::kNut;
    EVT_RETURN_IF_ERROR(ReadNut(o, s));
  } else if (o.Has("prometheus")) {
    s.kind = SourceKind::kPrometheus;
    Result<std::string> url = o.String("prometheus");
    if (!url.ok()) return url.status();
    s.url = *url;
    EVT_RETURN_IF_ERROR(ReadPrometheus(o, s));
  } else if (o.Has("url")) {
    Result<std::string> url = o.String("url");
    if (!url.ok()) return url.status();
    s.url = *url;
    Result<std::optional<ConfigObject>> html = o.OptionalObject("html");
    if (!html.ok()) return html.status();
    s.kind = *html ? SourceKind::kHtml : SourceKind::kJson;
    if (*html) EVT_RETURN_IF_ERROR(ReadHtml(**html, s.html));
    EVT_RETURN_IF_ERROR(ReadHttp(o, s));
    EVT_RETURN_IF_ERROR(ReadMapping(o, s));
  } else {
    return o.Error("expected \"url\" (JSON or HTML), \"prometheus\" (a /metrics URL) or \"nut\" (HOST:PORT of upsd)");
  }
  return s;
}

}  // namespace

Result<ScrapeConfig> ReadScrapeConfig(const Config& config) {
  Result<ConfigObject> section = config.Section("scrape");
  if (!section.ok()) return section.status();
  ScrapeConfig out;
  Result<std::optional<ConfigObject>> sources = section->OptionalObject("sources");
  if (!sources.ok()) return sources.status();
  if (*sources) {
    for (const std::string& name : (*sources)->Keys()) {
      Result<ConfigObject> o = (*sources)->Object(name);
      if (!o.ok()) return o.status();
      Result<Source> source = ReadSource(*o, name);
      if (!source.ok()) return source.status();
      out.sources.push_back(std::move(*source));
    }
  }
  EVT_ASSIGN_OR_RETURN(out.agent, ReadAgentSettings(*section));
  EVT_RETURN_IF_ERROR(section->Finish());
  return out;
}

}  // namespace evt::scrape
