#include "tools/detect/model_file.h"

#include <sys/stat.h>

#include <cerrno>

#include "common/atomic_file.h"
#include "common/config_object.h"
#include "common/json_parse.h"
#include "common/json_writer.h"

namespace evt::detect {
namespace {

Status CheckFormat(const ConfigObject& root) {
  EVT_ASSIGN_OR_RETURN(std::string format, root.String("format"));
  if (format != kModelFormat) return root.Error("format", "expected \"" + std::string(kModelFormat) + "\", got \"" + format + "\"");
  EVT_ASSIGN_OR_RETURN(std::int64_t version, root.Int("version"));
  if (version > kModelVersion)
    return root.Error("version", "this model is version " + std::to_string(version) + ", from a newer evt-detect; this one reads version " +
                                     std::to_string(kModelVersion) + " and older: fit it again with this evt-detect, or upgrade it");
  if (version < 1) return root.Error("version", "expected 1 or more, got " + std::to_string(version));
  return Status::Ok();
}

Result<FittedSeries> ReadSeries(const ConfigObject& o) {
  FittedSeries s;
  EVT_ASSIGN_OR_RETURN(ConfigObject spec, o.Object("spec"));
  Result<DetectorSpec> parsed = ParseDetectorSpec(spec);
  if (!parsed.ok()) return o.Recoded(parsed.status());
  s.spec = *parsed;
  EVT_ASSIGN_OR_RETURN(s.samples, o.Int("samples"));
  if (s.samples < 0) return o.Error("samples", "expected 0 or more");
  const Value* state = o.Raw("state");
  if (state == nullptr || !state->is_object()) return o.Error("state", "expected the detector's state, an object");
  s.state = *state;
  Result<std::unique_ptr<Detector>> loaded = LoadDetector(s.spec, s.state);
  if (!loaded.ok()) return o.Recoded(loaded.status().Prefixed(o.Where("state")));
  return s;
}

Result<Model> ModelFromValue(Value doc, const std::string& name) {
  ConfigOrigin origin{name, ".", SystemEnv, ExitCode::kDataErr, UnknownKeys::kListKnown};
  EVT_ASSIGN_OR_RETURN(ConfigObject root, ConfigObject::FromValue(std::move(doc), "", origin));
  EVT_RETURN_IF_ERROR(CheckFormat(root));
  Model model;
  EVT_ASSIGN_OR_RETURN(model.fitted_at, root.String("fitted_at"));
  EVT_ASSIGN_OR_RETURN(ConfigObject series, root.Object("series"));
  for (const std::string& key : series.Keys()) {
    EVT_ASSIGN_OR_RETURN(ConfigObject one, series.Object(key));
    EVT_ASSIGN_OR_RETURN(model.series[key], ReadSeries(one));
  }
  EVT_RETURN_IF_ERROR(root.Finish());
  return model;
}

}  // namespace

Result<Model> ParseModel(std::string_view text, const std::string& name) {
  Result<Value> doc = ParseJson(text, name);
  if (!doc.ok()) return Status::DataErr(doc.status().message());
  return ModelFromValue(std::move(*doc), name);
}

Result<Model> ReadModelFile(const std::string& path) {
  Result<Value> doc = ParseJsonFile(path);
  if (!doc.ok()) return doc.status();  // NoInput (66) or DataErr (65)
  return ModelFromValue(std::move(*doc), path);
}

Result<std::optional<Model>> ReadModelIfPresent(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return std::optional<Model>();
  EVT_ASSIGN_OR_RETURN(Model model, ReadModelFile(path));
  return std::optional<Model>(std::move(model));
}

std::string ModelJson(const Model& model) {
  Value series = Value::object();
  for (const auto& [key, s] : model.series)
    series.set(key, Value::object({{"spec", SpecToValue(s.spec)}, {"samples", s.samples}, {"state", s.state}}));
  Value root = Value::object({{"format", std::string(kModelFormat)},
                              {"version", kModelVersion},
                              {"fitted_at", model.fitted_at},
                              {"series", std::move(series)}});
  Result<std::string> json = ToJson(root);
  return json.ok() ? *json + "\n" : std::string();
}

Status WriteModelFile(const std::string& path, const Model& model) {
  std::string text = ModelJson(model);
  if (text.empty()) return Status::Internal("the model has a value JSON cannot hold (NaN or infinity)");
  return WriteFileAtomically(path, text);
}

}  // namespace evt::detect
