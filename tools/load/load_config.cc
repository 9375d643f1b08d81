#include "tools/load/load_config.h"


#include "common/ascii_case.h"
#include "common/config_object.h"

namespace evt::load {
namespace {

constexpr const char* kFieldRoles[] = {"time", "method", "path", "request_time", "status"};

Status ReadReplayFields(const ConfigObject& section, LoadSection& out) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> replay, section.OptionalObject("replay"));
  if (!replay) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> fields, replay->OptionalObject("fields"));
  if (!fields) return Status::Ok();
  for (const char* role : kFieldRoles) {
    EVT_ASSIGN_OR_RETURN(std::optional<std::string> name, fields->OptionalString(role));
    if (!name) continue;
    if (name->empty()) return fields->Error(role, "expected the JSON log's field name, got \"\"");
    out.replay_fields[role] = *name;
  }
  return Status::Ok();
}

}  // namespace

Result<LoadSection> ReadLoadSection(const Config& config) {
  EVT_ASSIGN_OR_RETURN(ConfigObject section, config.Section("load"));
  LoadSection out;
  out.where = section.Where("targets");
  EVT_ASSIGN_OR_RETURN(std::vector<std::string> targets, section.StringArray("targets", {}));
  for (std::string& t : targets) {
    if (t.empty() || t.find_first_of("/ \t") != std::string::npos)
      return section.Error("targets", "expected host names or addresses such as \"staging.shop.example.net\", got \"" +
                                          t + "\"");
    out.targets.push_back(AsciiLowercase(t));
  }
  EVT_RETURN_IF_ERROR(ReadReplayFields(section, out));
  EVT_RETURN_IF_ERROR(section.Finish());
  return out;
}

Result<LoadSection> LoadSectionFor(const std::string& config_flag) {
  Result<std::string> path = FindConfigFile(config_flag);
  if (!path.ok()) {
    // No config at the default place is fine for a load on this machine;
    // one named by --config or EVT_CONFIG that is missing is not.
    if (path.status().code() == ExitCode::kConfig) return LoadSection{};
    return path.status();
  }
  EVT_ASSIGN_OR_RETURN(Config config, evt::LoadConfig(*path));
  return ReadLoadSection(config);
}

}  // namespace evt::load
