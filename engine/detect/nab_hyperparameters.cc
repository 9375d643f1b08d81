#include "engine/detect/nab_hyperparameters.h"

#include "common/config_object.h"
#include "common/json_parse.h"

namespace evt::detect {

Result<std::vector<NamedSpec>> ReadNabHyperparameters(const std::string& path) {
  EVT_ASSIGN_OR_RETURN(Value file, ParseJsonFile(path));
  ConfigOrigin origin;
  origin.file = path;
  origin.code = ExitCode::kDataErr;
  EVT_ASSIGN_OR_RETURN(ConfigObject root, ConfigObject::FromValue(std::move(file), "", origin));
  EVT_ASSIGN_OR_RETURN(ConfigObject detectors, root.Object("detectors"));
  std::vector<NamedSpec> out;
  for (const std::string& name : detectors.Keys()) {
    EVT_ASSIGN_OR_RETURN(ConfigObject spec, detectors.Object(name));
    Result<DetectorSpec> parsed = ParseDetectorSpec(spec);
    if (!parsed.ok()) return root.Recoded(parsed.status());
    out.push_back({name, *parsed});
  }
  (void)root.Raw("comment");
  EVT_RETURN_IF_ERROR(root.Finish());
  return out;
}

Result<NamedSpec> ChooseNabSpec(const std::vector<NamedSpec>& specs, const std::string& wanted) {
  for (const NamedSpec& s : specs)
    if (s.name == wanted || s.name == "evt_" + wanted) return s;
  std::string known;
  for (std::string_view kind : kDetectorKinds) {
    if (kind == wanted) {
      DetectorSpec spec;
      spec.kind = std::string(kind);
      return NamedSpec{"evt_" + spec.kind, spec};
    }
    known += (known.empty() ? "" : ", ") + std::string(kind);
  }
  return Status::Usage("--detector: unknown detector \"" + wanted + "\" (known: " + known + ")");
}

}  // namespace evt::detect
