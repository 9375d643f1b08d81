// The detector specs evt's NAB run uses, fixed and committed before the
// scored run (engine/detect/nab_hyperparameters.json), so `evt-detect nab`
// reproduces the benchmark's figures:
//   {"comment": "...", "detectors": {"evt_robust_z": {"kind": "robust_z", ...}, ...}}
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "engine/detect/detector.h"

namespace evt::detect {

struct NamedSpec {
  std::string name;  // "evt_robust_z": what the report calls the detector
  DetectorSpec spec;
};

// The file's detectors in file order. NoInput for a missing file; DataErr
// (65) naming the file and JSON pointer for anything wrong in it.
Result<std::vector<NamedSpec>> ReadNabHyperparameters(const std::string& path);

// The spec `wanted` names: a name of `specs` ("evt_holt") or a kind ("holt",
// its evt_ entry when there is one); a kind `specs` lacks runs with the
// engine's defaults. Usage (2) for a name that is neither, listing the kinds.
Result<NamedSpec> ChooseNabSpec(const std::vector<NamedSpec>& specs, const std::string& wanted);

}  // namespace evt::detect
