// `evt.serve` in the site config: where `evt serve` listens, who may call
// it, how often its page refreshes and where the tools' textfiles are.
//   "evt": { "serve": {
//     "listen": "127.0.0.1:7480",             loopback unless auth or TLS
//     "auth": {"token": {"file": PATH}},      a bearer token from a 0600 file,
//             "basic": {"user": NAME, "password": {"file": PATH}}
//     "tls": {"cert": PATH, "key": PATH, "client_ca": PATH},
//     "refresh": "5s",                        the page's, and how stale its snapshot may be
//     "timeout": "2s",                        each tool's `status --json`
//     "textfiles": [PATH, ...]                files, or folders whose evt-*.prom are read
//   } }
// The section is `evt` (the front door's) so that one file still describes
// the whole site; `serve` is its only key today. Secrets are read when serve
// starts, not here, so `config check` on a box without them passes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/config_object.h"
#include "common/duration.h"
#include "common/http_server.h"
#include "common/listener_settings.h"
#include "common/status.h"
#include "common/value.h"

namespace evt::front {

inline constexpr char kDefaultServeListen[] = "127.0.0.1:7480";
// Where the shipped units' --textfile writes (systemd/*.service.in).
inline constexpr char kDefaultTextfileFolder[] = "/var/lib/prometheus/node-exporter";

struct ServeSettings : ListenerSettings {
  Duration refresh{5000};
  Duration timeout{2000};
  std::vector<std::string> textfiles = {kDefaultTextfileFolder};
};

// Reads `serve` of the `evt` section strictly (unknown keys are errors, 78).
Result<ServeSettings> ReadServeSettings(const ConfigObject& evt_section);
// `config check` for evt: the `evt` section, which holds only `serve`.
Status CheckEvtSection(const Config& config);

// The listener's options: `listen_flag` (--listen) over the setting; the
// token, password and TLS files read now (a secret file that is missing or
// not 0600 is 78).
Result<HttpServerOptions> ServeServerOptions(const ServeSettings& settings, const std::string& listen_flag);

}  // namespace evt::front
