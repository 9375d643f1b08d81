#include "engine/detect/model.h"

#include <cmath>
#include <utility>

#include "common/config_object.h"

namespace evt::detect {
namespace {

std::string SeriesPointer(const std::string& name) { return "/series/" + EscapeJsonPointerToken(name); }

Status CheckFormat(const Value& model, std::string_view source) {
  const Value* format = model.find("format");
  if (format == nullptr || !format->is_integer() || format->as_double() < 1) {
    return Status::DataErr(std::string(source) + ": /format: expected a model format number");
  }
  if (format->as_double() > static_cast<double>(kModelFormat)) {
    const Value* version = model.find("evt_version");
    std::string by = version != nullptr && version->is_string() ? " (written by evt " + version->as_string() + ")" : "";
    return Status::DataErr(std::string(source) + ": /format: model format " + std::to_string(format->as_int()) + by +
                           " is newer than this evt-detect reads (" + std::to_string(kModelFormat) +
                           "); upgrade evt-detect or fit the model again with this one");
  }
  return Status::Ok();
}

Result<SeriesModel> ReadSeries(const Value& part, const std::string& pointer, std::string_view source) {
  ConfigOrigin origin;
  origin.file = std::string(source);
  origin.code = ExitCode::kDataErr;
  EVT_ASSIGN_OR_RETURN(ConfigObject object, ConfigObject::Borrowing(part, pointer, origin));
  EVT_ASSIGN_OR_RETURN(ConfigObject detector, object.Object("detector"));
  SeriesModel out;
  EVT_ASSIGN_OR_RETURN(out.spec, ParseDetectorSpec(detector));
  EVT_ASSIGN_OR_RETURN(std::int64_t samples, object.Int("samples"));
  if (samples < 0) return object.Error("samples", "expected a count");
  out.samples = static_cast<std::size_t>(samples);
  const Value* state = object.Raw("state");
  if (state == nullptr) return object.Error("state", "missing");
  EVT_RETURN_IF_ERROR(object.Finish());
  out.state = *state;
  // The state is checked by loading it, so a bad one is refused here, not
  // when the series' first record arrives.
  Result<std::unique_ptr<Detector>> loaded = LoadDetector(out.spec, out.state);
  if (!loaded.ok()) {
    return Status::DataErr(std::string(source) + ": " + pointer + "/state/" + loaded.status().message());
  }
  return out;
}

}  // namespace

Value FitSeries(std::span<const Sample> history, const DetectorSpec& spec) {
  std::unique_ptr<Detector> detector = MakeDetector(spec);
  std::size_t used = 0;
  for (const Sample& sample : history) {
    if (std::isfinite(sample.value)) ++used;
    detector->Update(sample);
  }
  Value out = Value::object();
  out.set("detector", SpecToValue(spec));
  out.set("samples", used);
  out.set("state", detector->State());
  return out;
}

Value ModelFile(std::map<std::string, Value> series) {
  Value parts = Value::object();
  for (auto& [name, part] : series) parts.set(name, std::move(part));
  Value out = Value::object();
  out.set("format", kModelFormat);
  out.set("evt_version", EVT_VERSION);
  out.set("series", std::move(parts));
  return out;
}

Result<std::map<std::string, SeriesModel>> LoadModel(const Value& model, std::string_view source) {
  if (!model.is_object()) return Status::DataErr(std::string(source) + ": expected a model object");
  EVT_RETURN_IF_ERROR(CheckFormat(model, source));
  const Value* series = model.find("series");
  if (series == nullptr || !series->is_object()) {
    return Status::DataErr(std::string(source) + ": /series: expected an object of series");
  }
  for (const auto& member : model.as_object()) {
    if (member.first != "format" && member.first != "evt_version" && member.first != "series") {
      return Status::DataErr(std::string(source) + ": /" + EscapeJsonPointerToken(member.first) + ": unknown key");
    }
  }
  std::map<std::string, SeriesModel> out;
  for (const auto& [name, part] : series->as_object()) {
    EVT_ASSIGN_OR_RETURN(out[name], ReadSeries(part, SeriesPointer(name), source));
  }
  return out;
}

Result<std::unique_ptr<Detector>> DetectorFromModel(const SeriesModel& model) {
  return LoadDetector(model.spec, model.state);
}

}  // namespace evt::detect
