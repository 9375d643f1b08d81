#include "tools/runbook/serve_settings.h"

#include <optional>

namespace evt::runbook {

Result<ServeSettings> ReadServeSettings(const ConfigObject& runbook) {
  ServeSettings settings = ListenerSettingsDefaults(kDefaultServeListen, "runbook.serve.listen", runbook.origin().folder);
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> serve, runbook.OptionalObject("serve"));
  if (!serve) return settings;
  EVT_RETURN_IF_ERROR(ReadListenerSettings(*serve, kDefaultServeListen, settings));
  EVT_RETURN_IF_ERROR(serve->Finish());
  return settings;
}

Result<HttpServerOptions> ServeServerOptions(const ServeSettings& settings, const std::string& listen_flag) {
  EVT_ASSIGN_OR_RETURN(HttpServerOptions options, ListenerServerOptions(settings, listen_flag));
  options.realm = "evt-runbook";
  options.max_body_bytes = 4 * 1024 * 1024;
  return options;
}

}  // namespace evt::runbook
