#include "tools/evt/serve_settings.h"

#include <filesystem>

namespace evt::front {
namespace {

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

}  // namespace

Result<ServeSettings> ReadServeSettings(const ConfigObject& evt_section) {
  ServeSettings settings;
  static_cast<ListenerSettings&>(settings) =
      ListenerSettingsDefaults(kDefaultServeListen, "evt.serve.listen", evt_section.origin().folder);
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> serve, evt_section.OptionalObject("serve"));
  if (!serve) return settings;
  EVT_RETURN_IF_ERROR(ReadListenerSettings(*serve, kDefaultServeListen, settings));
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
  EVT_ASSIGN_OR_RETURN(HttpServerOptions options, ListenerServerOptions(settings, listen_flag));
  options.realm = "evt";
  // Read-only: nothing it answers takes a body.
  options.max_body_bytes = 64 * 1024;
  return options;
}

}  // namespace evt::front
