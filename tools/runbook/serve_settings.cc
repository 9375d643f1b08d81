#include "tools/runbook/serve_settings.h"

#include <fstream>
#include <sstream>

namespace evt::runbook {
namespace {

Status ReadAuth(const ConfigObject& serve, ServeSettings& settings) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> auth, serve.OptionalObject("auth"));
  if (!auth) return Status::Ok();
  const Value* token = auth->Raw("token");
  if (token == nullptr) return auth->Error("expected {\"token\": {\"file\": PATH}}");
  settings.token = *token;
  settings.token_where = auth->Where("token");
  return auth->Finish();
}

Status ReadTls(const ConfigObject& serve, ServeSettings& settings) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> tls, serve.OptionalObject("tls"));
  if (!tls) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(std::string cert, tls->Path("cert"));
  EVT_ASSIGN_OR_RETURN(std::string key, tls->Path("key"));
  settings.tls_cert = cert;
  settings.tls_key = key;
  settings.tls_where = tls->Where();
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

Result<ServeSettings> ReadServeSettings(const ConfigObject& runbook) {
  ServeSettings settings;
  settings.folder = runbook.origin().folder;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> serve, runbook.OptionalObject("serve"));
  if (!serve) return settings;
  EVT_ASSIGN_OR_RETURN(settings.listen, serve->String("listen", kDefaultServeListen));
  settings.listen_where = serve->Where("listen");
  EVT_RETURN_IF_ERROR(ParseListenAddress(settings.listen, settings.listen_where).status());
  EVT_RETURN_IF_ERROR(ReadAuth(*serve, settings));
  EVT_RETURN_IF_ERROR(ReadTls(*serve, settings));
  EVT_RETURN_IF_ERROR(serve->Finish());
  return settings;
}

Result<HttpServerOptions> ServeServerOptions(const ServeSettings& settings, const std::string& listen_flag) {
  HttpServerOptions options;
  options.listen = listen_flag.empty() ? settings.listen : listen_flag;
  options.listen_where = listen_flag.empty() ? settings.listen_where : "--listen";
  options.realm = "evt-runbook";
  options.max_body_bytes = 4 * 1024 * 1024;
  if (settings.token) {
    EVT_ASSIGN_OR_RETURN(Secret token, ResolveSecret(*settings.token, settings.token_where, settings.folder));
    options.token = std::move(token);
  }
  if (settings.tls_cert) {
    HttpTls tls;
    EVT_ASSIGN_OR_RETURN(tls.cert_pem, ReadPem(*settings.tls_cert, settings.tls_where + "/cert"));
    EVT_ASSIGN_OR_RETURN(Secret key,
                         ResolveSecret(Value::object({{"file", *settings.tls_key}}), settings.tls_where + "/key", ""));
    tls.key_pem = std::move(key);
    options.tls = std::move(tls);
  }
  return options;
}

}  // namespace evt::runbook
