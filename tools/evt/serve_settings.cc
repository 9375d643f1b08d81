#include "tools/evt/serve_settings.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace evt::front {
namespace {

Status ReadBasic(const ConfigObject& auth, ServeSettings& settings) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> basic, auth.OptionalObject("basic"));
  if (!basic) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(settings.basic_user, basic->String("user"));
  if (settings.basic_user.empty() || settings.basic_user.find(':') != std::string::npos) {
    return basic->Error("user", "expected a name without a colon (RFC 7617)");
  }
  const Value* password = basic->Raw("password");
  if (password == nullptr) return basic->Error("expected \"password\": {\"file\": PATH}");
  settings.basic_password = *password;
  settings.basic_where = basic->Where("password");
  return basic->Finish();
}

Status ReadAuth(const ConfigObject& serve, ServeSettings& settings) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> auth, serve.OptionalObject("auth"));
  if (!auth) return Status::Ok();
  if (const Value* token = auth->Raw("token")) {
    settings.token = *token;
    settings.token_where = auth->Where("token");
  }
  EVT_RETURN_IF_ERROR(ReadBasic(*auth, settings));
  if (!settings.token && !settings.basic_password) {
    return auth->Error("expected {\"token\": {\"file\": PATH}} or {\"basic\": {\"user\": NAME, \"password\": {\"file\": PATH}}}");
  }
  return auth->Finish();
}

Status ReadTls(const ConfigObject& serve, ServeSettings& settings) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> tls, serve.OptionalObject("tls"));
  if (!tls) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(std::string cert, tls->Path("cert"));
  EVT_ASSIGN_OR_RETURN(std::string key, tls->Path("key"));
  EVT_ASSIGN_OR_RETURN(settings.tls_client_ca, tls->OptionalPath("client_ca"));
  settings.tls_cert = cert;
  settings.tls_key = key;
  settings.tls_where = tls->Where();
  return tls->Finish();
}

Status ReadTextfiles(const ConfigObject& serve, ServeSettings& settings) {
  if (!serve.Has("textfiles")) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(std::vector<std::string> paths, serve.StringArray("textfiles"));
  settings.textfiles.clear();
  for (const std::string& path : paths) {
    if (path.empty()) return serve.Error("textfiles", "expected file or folder paths, got an empty string");
    std::filesystem::path p(path);
    settings.textfiles.push_back(p.is_absolute() ? path : (std::filesystem::path(settings.folder) / p).lexically_normal().string());
  }
  return Status::Ok();
}

Result<std::string> ReadPem(const std::string& path, const std::string& where) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) return Status::Config(where + ": cannot read " + path);
  return text.str();
}

Status AddTls(const ServeSettings& settings, HttpServerOptions& options) {
  if (!settings.tls_cert) return Status::Ok();
  HttpTls tls;
  EVT_ASSIGN_OR_RETURN(tls.cert_pem, ReadPem(*settings.tls_cert, settings.tls_where + "/cert"));
  EVT_ASSIGN_OR_RETURN(Secret key,
                       ResolveSecret(Value::object({{"file", *settings.tls_key}}), settings.tls_where + "/key", ""));
  tls.key_pem = std::move(key);
  if (settings.tls_client_ca) {
    EVT_ASSIGN_OR_RETURN(tls.client_ca_pem, ReadPem(*settings.tls_client_ca, settings.tls_where + "/client_ca"));
  }
  options.tls = std::move(tls);
  return Status::Ok();
}

}  // namespace

Result<ServeSettings> ReadServeSettings(const ConfigObject& evt_section) {
  ServeSettings settings;
  settings.folder = evt_section.origin().folder;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> serve, evt_section.OptionalObject("serve"));
  if (!serve) return settings;
  EVT_ASSIGN_OR_RETURN(settings.listen, serve->String("listen", kDefaultServeListen));
  settings.listen_where = serve->Where("listen");
  EVT_RETURN_IF_ERROR(ParseListenAddress(settings.listen, settings.listen_where).status());
  EVT_RETURN_IF_ERROR(ReadAuth(*serve, settings));
  EVT_RETURN_IF_ERROR(ReadTls(*serve, settings));
  EVT_ASSIGN_OR_RETURN(settings.refresh, serve->Duration("refresh", settings.refresh));
  if (settings.refresh < Duration(1000)) return serve->Error("refresh", "expected at least 1s: the page reloads itself at this pace");
  EVT_ASSIGN_OR_RETURN(settings.timeout, serve->Duration("timeout", settings.timeout));
  EVT_RETURN_IF_ERROR(ReadTextfiles(*serve, settings));
  EVT_RETURN_IF_ERROR(serve->Finish());
  return settings;
}

Status CheckEvtSection(const Config& config) {
  EVT_ASSIGN_OR_RETURN(ConfigObject section, config.Section("evt"));
  EVT_RETURN_IF_ERROR(ReadServeSettings(section).status());
  return section.Finish();
}

Result<HttpServerOptions> ServeServerOptions(const ServeSettings& settings, const std::string& listen_flag) {
  HttpServerOptions options;
  options.listen = listen_flag.empty() ? settings.listen : listen_flag;
  options.listen_where = listen_flag.empty() ? settings.listen_where : "--listen";
  options.realm = "evt";
  // Read-only: nothing it answers takes a body.
  options.max_body_bytes = 64 * 1024;
  if (settings.token) {
    EVT_ASSIGN_OR_RETURN(Secret token, ResolveSecret(*settings.token, settings.token_where, settings.folder));
    options.token = std::move(token);
  }
  if (settings.basic_password) {
    EVT_ASSIGN_OR_RETURN(Secret password, ResolveSecret(*settings.basic_password, settings.basic_where, settings.folder));
    options.basic = HttpBasicAuth{settings.basic_user, std::move(password)};
  }
  EVT_RETURN_IF_ERROR(AddTls(settings, options));
  return options;
}

}  // namespace evt::front
