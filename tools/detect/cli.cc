#include "tools/detect/cli.h"

#include "common/cli_vocabulary.h"
#include "common/command_access.h"
#include "common/config_check_command.h"
#include "tools/detect/commands.h"
#include "tools/detect/detect_config.h"
#include "tools/detect/model_file.h"

namespace evt::detect {
namespace {

// A check loads the model file the config names, with the parser run uses.
Status CheckSection(const Config& config) {
  EVT_ASSIGN_OR_RETURN(DetectSection section, ReadDetectSection(config));
  if (!section.model_file) return Status::Ok();
  return NamedFileError(section.model_file_where, ReadModelIfPresent(*section.model_file).status());
  return Status::Ok();
}

void AddInputs(CLI::App& command, Options& o) {
  command.add_option("files", o.inputs, "record files to read (default: stdin; \"-\" is stdin)")->type_name("FILE");
}

void AddRun(CLI::App& app, Options& o) {
  CLI::App* run = app.add_subcommand(
      "run", "score the configured series of a record stream; anomaly records when a rule raises or clears");
  o.run_command = run;
  AddInputs(*run, o);
  run->add_option("--model", o.model_file,
                  "start from the baselines `evt-detect fit` wrote (default: the config's detect.model_file)")
      ->type_name("FILE");
  run->add_flag("--watch", o.watch,
                "run as a service: keep reading stdin or follow the files as they grow, with a heartbeat");
  run->add_option("--interval", o.interval, "with --watch: how often --textfile is rewritten (default 15s)")
      ->type_name("DURATION");
  AddOutputOption(*run, o.format,
                  {OutputForm::kRecords, OutputForm::kTable, OutputForm::kPrometheus, OutputForm::kOpenMetrics},
                  "records (the default; the series table at the end on a terminal), table, or prometheus or "
                  "openmetrics text of every series at the end");
  run->add_option("--textfile", o.textfile, "write the prometheus or openmetrics text to FILE atomically")
      ->type_name("FILE");
  MarkReadOnly(*run);
}

void AddFit(CLI::App& app, Options& o) {
  CLI::App* fit = app.add_subcommand(
      "fit", "learn each configured series' baselines from history records and write them as a model file");
  o.fit_command = fit;
  AddInputs(*fit, o);
  fit->add_option("--model", o.model_file, "the model file to write (default: the config's detect.model_file)")
      ->type_name("FILE");
}

void AddNab(CLI::App& app, Options& o) {
  CLI::App* nab = app.add_subcommand(
      "nab", "score NAB results or evt's detectors on the NAB corpus, in NAB's threshold regime and the honest one");
  o.nab_command = nab;
  nab->add_option("--data", o.nab_data, "the NAB corpus: a folder with data/, labels/ and config/ (default tests/data/nab)")
      ->type_name("DIR");
  nab->add_option("--results", o.nab_results,
                  "a NAB results folder, results/<detector>/ with <category>/<detector>_<name>.csv (repeatable)")
      ->type_name("DIR");
  nab->add_option("--detector", o.nab_detectors,
                  "run evt's detector of this kind (robust_z, holt, relative_entropy, contextual, "
                  "contextual_entropy) over every file (repeatable)")
      ->type_name("KIND");
  nab->add_option("--hyperparameters", o.nab_hyperparameters,
                  "the detectors' committed NAB specs, {\"detectors\": {\"evt_KIND\": {...}}} (default "
                  "engine/detect/nab_hyperparameters.json when there, else each kind's defaults)")
      ->type_name("FILE");
  MarkReadOnly(*nab);
}

}  // namespace

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckSection);
  app.require_subcommand(1);
  AddRun(app, options);
  AddFit(app, options);
  AddNab(app, options);
}

Status Run(const Options& options) {
  if (options.run_command != nullptr && options.run_command->parsed()) return RunDetect(options);
  if (options.fit_command != nullptr && options.fit_command->parsed()) return RunFit(options);
  if (options.nab_command != nullptr && options.nab_command->parsed()) return RunNab(options);
  return Status::Ok();  // config check runs from its own callback
}

}  // namespace evt::detect
