#include "tools/probe/target_flows.h"

#include <fstream>
#include <sstream>

#include "common/config_check_command.h"
#include "common/config_object.h"
#include "engine/flow/flow_file.h"

namespace evt::probe {
namespace {

// curl reads the file at every probe and fails each one if it is no PEM
// bundle; reading it once here says so before the event.
Status CheckCaFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NoInput(path + ": cannot read the CA file");
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return Status::DataErr(path + ": expected PEM certificates (-----BEGIN CERTIFICATE-----)");
  }
  return Status::Ok();
}

}  // namespace

Status CheckProbeSection(const Config& config) {
  Result<std::vector<ConfigTarget>> targets = ReadConfigTargets(config);
  if (!targets.ok()) return targets.status();
  // A flow target's file is checked as strictly as the config.
  for (const ConfigTarget& t : *targets) {
    if (!t.flow) continue;
    Result<Flow> flow = ReadTargetFlow(t);
    if (!flow.ok()) return flow.status();
  }
  for (const ConfigTarget& t : *targets) {
    if (t.probes.empty() || t.probes.front().check.http.ca_file.empty()) continue;
    std::string where = config.path() + ": /probe/targets/" + EscapeJsonPointerToken(t.name) + "/ca_file";
    EVT_RETURN_IF_ERROR(NamedFileError(where, CheckCaFile(t.probes.front().check.http.ca_file)));
  }
  return Status::Ok();
}

Result<Flow> ReadTargetFlow(const ConfigTarget& target) {
  Result<Flow> flow = ReadFlowFile(target.flow.value_or(""));
  if (!flow.ok()) return Status::Config(target.flow_where + ": " + flow.status().message());
  return flow;
}

}  // namespace evt::probe
