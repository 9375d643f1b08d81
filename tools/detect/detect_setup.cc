#include "tools/detect/detect_setup.h"

namespace evt::detect {
Result<Setup> LoadSetup(const Options& options, bool read_model) {
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(options.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  Setup setup;
  EVT_ASSIGN_OR_RETURN(setup.section, ReadDetectSection(config));
  if (setup.section.series.empty())
    return Status::Config(path + ": /detect/series: no series to watch; add one, e.g. {\"name\": \"latency\", \"kind\": "
                                 "\"probe\", \"field\": \"total_ms\"}");
  const bool named_by_flag = !options.model_file.empty();
  if (named_by_flag) setup.model_path = options.model_file;
  else setup.model_path = setup.section.model_file;
  if (!read_model || !setup.model_path) return setup;
  if (named_by_flag) {
    EVT_ASSIGN_OR_RETURN(setup.model, ReadModelFile(*setup.model_path));
  } else {
    EVT_ASSIGN_OR_RETURN(setup.model, ReadModelIfPresent(*setup.model_path));
  }
  return setup;
}

}  // namespace evt::detect
