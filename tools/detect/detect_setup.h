// What run and fit both need before the first record: the config's detect
// section and, for run, the model file to start from.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "tools/detect/cli.h"
#include "tools/detect/detect_config.h"
#include "tools/detect/model_file.h"

namespace evt::detect {

struct Setup {
  DetectSection section;
  std::optional<std::string> model_path;  // --model, else detect.model_file
  std::optional<Model> model;             // run: the model read from model_path
};

// Loads the config (exit 78 when there is none: series come from it) and
// the section; with `read_model`, the model file named by --model or the
// config (a missing file named by --model is 66; one only the config names
// may not exist yet, so run starts cold).
Result<Setup> LoadSetup(const Options& options, bool read_model);

}  // namespace evt::detect
