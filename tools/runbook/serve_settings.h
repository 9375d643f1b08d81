// `runbook.serve`, where `evt-runbook serve` listens and who may call it:
//   "serve": {
//     "listen": "127.0.0.1:7460",           loopback unless auth or TLS
//     "auth": {"token": {"file": PATH}},    a bearer token, from a 0600 file
//     "tls": {"cert": PATH, "key": PATH}    the key a 0600 file
//   }
// The secrets are read when serve starts, not here: `run` and `config
// check` on a box without the token file must not fail for it.
#pragma once

#include <optional>
#include <string>

#include "common/config_object.h"
#include "common/http_server.h"
#include "common/status.h"
#include "common/value.h"

namespace evt::runbook {

inline constexpr char kDefaultServeListen[] = "127.0.0.1:7460";

struct ServeSettings {
  std::string listen = kDefaultServeListen;
  std::string listen_where = "runbook.serve.listen";
  std::optional<Value> token;  // the secret's spec, as written
  std::string token_where;
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_key;
  std::string tls_where;
  std::string folder;  // what a relative token file resolves against
};

// Reads `serve` of the runbook section strictly (unknown keys are errors).
Result<ServeSettings> ReadServeSettings(const ConfigObject& runbook);

// The listener's options: `listen_flag` (--listen) over the setting, the
// token and TLS read now. A secret file that is missing or not 0600 is 78.
Result<HttpServerOptions> ServeServerOptions(const ServeSettings& settings, const std::string& listen_flag);

}  // namespace evt::runbook
