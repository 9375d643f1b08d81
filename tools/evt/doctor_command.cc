// `evt doctor`: the findings of doctor.h for this shell, one a line (or
// doctor.finding records); exit 1 when there is one, as a check that ran
// and failed.
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>

#include "common/json_writer.h"
#include "common/machine_clock.h"
#include "common/site_status.h"
#include "common/state_root.h"
#include "tools/evt/commands.h"
#include "tools/evt/doctor.h"

namespace evt::front {

Status RunDoctor(const Options& options) {
  Result<StateRoot> root = FindStateRoot(options.common, /*explain=*/true);
  if (!root.ok()) return root.status();
  DoctorInputs inputs;
  inputs.state_root = root->dir;
  inputs.state_root_why = root->why;
  inputs.now = MachineClock().Now();
  inputs.this_host = ThisHost();
  inputs.uid = ::getuid();
  inputs.inspect = InspectProcess;
  struct stat root_stat {};
  if (::stat(root->dir.c_str(), &root_stat) == 0) {
    inputs.state_root_owner = DaemonProcess{root_stat.st_uid, root_stat.st_gid, std::nullopt};
    inputs.state_root_writable = ::access(root->dir.c_str(), W_OK) == 0;
  }
  std::optional<Config> config;
  Result<std::string> file = FindConfigFile(options.common.config);
  if (file.ok()) {
    Result<Config> loaded = LoadConfig(*file);
    if (!loaded.ok()) return loaded.status();
    config = std::move(*loaded);
    inputs.config_path = *file;
    inputs.config = &*config;
  }
  Result<std::vector<Beat>> beats = ReadBeats(root->dir);
  if (!beats.ok()) return beats.status();
  inputs.beats = std::move(*beats);
  std::vector<Finding> findings = Diagnose(inputs);
  if (WantRecords(options.common)) {
    RecordWriter writer;
    for (const Finding& finding : findings) EVT_RETURN_IF_ERROR(writer.Write(FindingRecord(finding, inputs.now)));
  } else {
    for (const Finding& finding : findings) {
      std::cout << finding.check << ": " << finding.subject << ": " << finding.message << "\n";
    }
    if (findings.empty()) {
      std::cout << "ok: " << root->dir << " (" << root->why << "), config "
                << (inputs.config_path.empty() ? std::string("none") : inputs.config_path) << ", "
                << inputs.beats.size() << " daemon beat(s)\n";
    }
  }
  if (!findings.empty()) return Status::CheckFailed("");
  return Status::Ok();
}

}  // namespace evt::front
