// What every `serve` object says about its listener: where it listens, who
// may call it, and its TLS (evt serve, evt-runbook serve; evt-outbox serve
// shares the TLS part):
//   "listen": "127.0.0.1:7460",             loopback unless auth or TLS
//   "auth": {"token": {"file": PATH}},      a bearer token from a 0600 file,
//           "basic": {"user": NAME, "password": {"file": PATH}}
//                                           and/or basic credentials (Alertmanager's
//                                           http_config offers both)
//   "tls": {"cert": PATH, "key": PATH, "client_ca": PATH}   the key a 0600 file
// The secrets are read when the server starts, not when the config is
// read: `run` and `config check` on a box without them must not fail.
#pragma once

#include <optional>
#include <string>

#include "common/config_object.h"
#include "common/http_server.h"
#include "common/status.h"
#include "common/value.h"

namespace evt {

struct ListenerTlsFiles {
  std::string cert;
  std::optional<std::string> key;  // absent: refused when loaded
  std::optional<std::string> client_ca;
  std::string where;  // "event.json: /runbook/serve/tls"
};

struct ListenerSettings {
  std::string listen;
  std::string listen_where;
  std::optional<Value> token;  // the secret's spec, as written
  std::string token_where;
  std::string basic_user;
  std::optional<Value> basic_password;  // the secret's spec, as written
  std::string basic_where;
  std::optional<ListenerTlsFiles> tls;
  std::string folder;  // what a relative secret file resolves against
};

// Reads `listen` (default `default_listen`), `auth` and `tls` of `serve`;
// the caller reads its own keys and finishes the object. Without a `serve`
// object, ListenerSettingsDefaults.
Status ReadListenerSettings(const ConfigObject& serve, const std::string& default_listen, ListenerSettings& settings);
ListenerSettings ListenerSettingsDefaults(const std::string& default_listen, const std::string& listen_where,
                                          const std::string& folder);

// The certificate and the CA are public; the key is a secret, so it is
// read as one (refused unless its file is 0600). Missing or empty files
// are 78 naming where.
Result<HttpTls> LoadListenerTls(const ListenerTlsFiles& files);

// The server's options: `listen_flag` (--listen) over the setting, the
// token, password and TLS files read now. The caller sets the realm and
// the body limit.
Result<HttpServerOptions> ListenerServerOptions(const ListenerSettings& settings, const std::string& listen_flag);

}  // namespace evt
