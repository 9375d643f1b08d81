#include "tools/failover/haproxy_settings.h"

#include "common/config_object.h"

namespace evt::failover {
namespace {

// DriverSpec.where is "event.json: /failover/routes/0/driver": the file
// and the pointer ConfigObject names errors by.
ConfigOrigin OriginOf(const DriverSpec& spec, std::string& pointer) {
  ConfigOrigin origin;
  origin.folder = spec.config_dir;
  std::size_t split = spec.where.rfind(": /");
  if (split == std::string::npos) {
    origin.file = spec.where;
    pointer.clear();
  } else {
    origin.file = spec.where.substr(0, split);
    pointer = spec.where.substr(split + 2);
  }
  return origin;
}

}  // namespace

Result<HaproxySettings> ReadHaproxySettings(const DriverSpec& spec) {
  std::string pointer;
  ConfigOrigin origin = OriginOf(spec, pointer);
  EVT_ASSIGN_OR_RETURN(ConfigObject o, ConfigObject::FromValue(spec.settings, pointer, origin));
  HaproxySettings s;
  EVT_ASSIGN_OR_RETURN(std::string type, o.String("type"));
  if (type != "haproxy") return o.Error("type", "expected \"haproxy\", got \"" + type + "\"");
  EVT_ASSIGN_OR_RETURN(s.socket, o.Path("socket"));
  EVT_ASSIGN_OR_RETURN(s.backend, o.String("backend"));
  if (s.backend.empty() || s.backend.find_first_of(" /\t\n") != std::string::npos)
    return o.Error("backend", "expected a backend name without spaces or \"/\", got \"" + s.backend + "\"");
  EVT_ASSIGN_OR_RETURN(s.state_file, o.OptionalPath("state_file"));
  EVT_ASSIGN_OR_RETURN(s.config_template, o.OptionalPath("template"));
  EVT_ASSIGN_OR_RETURN(s.write, o.OptionalPath("write"));
  if (s.config_template.has_value() != s.write.has_value())
    return o.Error(s.write ? "write" : "template", "\"template\" and \"write\" go together: the config re-rendered "
                                                   "after each change, and where it goes");
  EVT_ASSIGN_OR_RETURN(s.reload, o.StringArray("reload", {}));
  if (!s.reload.empty() && !s.write) return o.Error("reload", "a reload needs the config it reloads: add \"template\" and \"write\"");
  EVT_ASSIGN_OR_RETURN(s.map, o.OptionalPath("map"));
  EVT_ASSIGN_OR_RETURN(s.timeout, o.Duration("timeout", std::chrono::milliseconds(2000)));
  if (s.timeout.count() <= 0) return o.Error("timeout", "expected more than 0s");
  EVT_RETURN_IF_ERROR(o.Finish());
  return s;
}

}  // namespace evt::failover
