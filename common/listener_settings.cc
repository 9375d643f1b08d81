#include "common/listener_settings.h"

#include <fstream>
#include <sstream>

#include "common/listen_address.h"
#include "common/secret.h"

namespace evt {
namespace {

Status ReadBasic(const ConfigObject& auth, ListenerSettings& settings) {
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

Status ReadAuth(const ConfigObject& serve, ListenerSettings& settings) {
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

Status ReadTls(const ConfigObject& serve, ListenerSettings& settings) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> tls, serve.OptionalObject("tls"));
  if (!tls) return Status::Ok();
  ListenerTlsFiles files;
  EVT_ASSIGN_OR_RETURN(files.cert, tls->Path("cert"));
  EVT_ASSIGN_OR_RETURN(std::string key, tls->Path("key"));
  files.key = key;
  EVT_ASSIGN_OR_RETURN(files.client_ca, tls->OptionalPath("client_ca"));
  files.where = tls->Where();
  settings.tls = std::move(files);
  return tls->Finish();
}

Result<std::string> ReadPem(const std::string& path, const std::string& where) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) return Status::Config(where + ": cannot read " + path);
  return text.str();
}

}  // namespace

ListenerSettings ListenerSettingsDefaults(const std::string& default_listen, const std::string& listen_where,
                                          const std::string& folder) {
  ListenerSettings settings;
  settings.listen = default_listen;
  settings.listen_where = listen_where;
  settings.folder = folder;
  return settings;
}

Status ReadListenerSettings(const ConfigObject& serve, const std::string& default_listen, ListenerSettings& settings) {
  EVT_ASSIGN_OR_RETURN(settings.listen, serve.String("listen", default_listen));
  settings.listen_where = serve.Where("listen");
  EVT_RETURN_IF_ERROR(ParseListenAddress(settings.listen, settings.listen_where).status());
  EVT_RETURN_IF_ERROR(ReadAuth(serve, settings));
  return ReadTls(serve, settings);
}

Result<HttpTls> LoadListenerTls(const ListenerTlsFiles& files) {
  HttpTls tls;
  EVT_ASSIGN_OR_RETURN(tls.cert_pem, ReadPem(files.cert, files.where + "/cert"));
  if (!files.key) return Status::Config(files.where + "/key: TLS needs the certificate's key");
  EVT_ASSIGN_OR_RETURN(Secret key, ResolveSecret(Value::object({{"file", *files.key}}), files.where + "/key", ""));
  tls.key_pem = std::move(key);
  if (files.client_ca) {
    EVT_ASSIGN_OR_RETURN(tls.client_ca_pem, ReadPem(*files.client_ca, files.where + "/client_ca"));
  }
  return tls;
}

Result<HttpServerOptions> ListenerServerOptions(const ListenerSettings& settings, const std::string& listen_flag) {
  HttpServerOptions options;
  options.listen = listen_flag.empty() ? settings.listen : listen_flag;
  options.listen_where = listen_flag.empty() ? settings.listen_where : "--listen";
  if (settings.token) {
    EVT_ASSIGN_OR_RETURN(Secret token, ResolveSecret(*settings.token, settings.token_where, settings.folder));
    options.token = std::move(token);
  }
  if (settings.basic_password) {
    EVT_ASSIGN_OR_RETURN(Secret password, ResolveSecret(*settings.basic_password, settings.basic_where, settings.folder));
    options.basic = HttpBasicAuth{settings.basic_user, std::move(password)};
  }
  if (settings.tls) {
    EVT_ASSIGN_OR_RETURN(HttpTls tls, LoadListenerTls(*settings.tls));
    options.tls = std::move(tls);
  }
  return options;
}

}  // namespace evt
