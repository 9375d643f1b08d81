#include "tools/detect/model_file.h"

#include <sys/stat.h>

#include <cerrno>

#include "common/atomic_file.h"
#include "common/json_parse.h"
#include "common/json_writer.h"

namespace evt::detect {

Result<Model> ReadModelFile(const std::string& path) {
  EVT_ASSIGN_OR_RETURN(Value doc, ParseJsonFile(path));  // NoInput (66) or DataErr (65)
  return LoadModel(doc, path);
}

Result<std::optional<Model>> ReadModelIfPresent(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return std::optional<Model>();
  EVT_ASSIGN_OR_RETURN(Model model, ReadModelFile(path));
  return std::optional<Model>(std::move(model));
}

Value SeriesPart(const DetectorSpec& spec, std::size_t samples, const Detector& detector) {
  Value out = Value::object();
  out.set("detector", SpecToValue(spec));
  out.set("samples", samples);
  out.set("state", detector.State());
  return out;
}

Status WriteModelFile(const std::string& path, std::map<std::string, Value> parts) {
  Result<std::string> json = ToJson(ModelFile(std::move(parts)));
  if (!json.ok()) return Status::Internal("the model holds a value JSON cannot (" + json.status().message() + ")");
  return WriteFileAtomically(path, *json + "\n");
}

}  // namespace evt::detect
