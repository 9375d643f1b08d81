// `runbook.serve`, where `evt-runbook serve` listens and who may call it:
// listen, auth and tls as every listener spells them (common/listener_settings.h).
#pragma once

#include <string>

#include "common/config_object.h"
#include "common/http_server.h"
#include "common/listener_settings.h"
#include "common/status.h"

namespace evt::runbook {

inline constexpr char kDefaultServeListen[] = "127.0.0.1:7460";

using ServeSettings = ListenerSettings;

// Reads `serve` of the runbook section strictly (unknown keys are errors).
Result<ServeSettings> ReadServeSettings(const ConfigObject& runbook);

// The listener's options: `listen_flag` (--listen) over the setting, the
// token and TLS read now. A secret file that is missing or not 0600 is 78.
Result<HttpServerOptions> ServeServerOptions(const ServeSettings& settings, const std::string& listen_flag);

}  // namespace evt::runbook
