#include "tools/detect/detect_config.h"

#include "common/config_object.h"

namespace evt::detect {
namespace {

constexpr const char* kSeriesKeys[] = {"name", "kind", "field", "model", "rule"};

Result<std::vector<std::pair<std::string, std::string>>> ReadMatch(const ConfigObject& series) {
  std::vector<std::pair<std::string, std::string>> out;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> match, series.OptionalObject("match"));
  if (!match) return out;
  for (const std::string& key : match->Keys()) {
    EVT_ASSIGN_OR_RETURN(std::string value, match->String(key));
    out.emplace_back(key, std::move(value));
  }
  return out;
}

Result<SeriesSpec> ReadSeries(const ConfigObject& o) {
  SeriesSpec s;
  EVT_ASSIGN_OR_RETURN(s.name, o.String("name"));
  EVT_ASSIGN_OR_RETURN(s.kind, o.String("kind"));
  EVT_ASSIGN_OR_RETURN(s.field, o.String("field"));
  EVT_ASSIGN_OR_RETURN(s.model, o.String("model", "default"));
  EVT_ASSIGN_OR_RETURN(s.rule, o.String("rule", "default"));
  EVT_ASSIGN_OR_RETURN(s.match, ReadMatch(o));
  for (const char* key : kSeriesKeys) {
    if (o.Has(key)) {
      EVT_ASSIGN_OR_RETURN(std::string value, o.String(key));
      if (value.empty()) return o.Error(key, "expected a non-empty string");
    }
  }
  if (s.name.find_first_of("{}\"\\\n") != std::string::npos)
    return o.Error("name", "expected a name without braces, quotes, backslashes or newlines, got \"" + s.name + "\"");
  if (s.field.front() == '.' || s.field.back() == '.' || s.field.find("..") != std::string::npos)
    return o.Error("field", "expected a field name or a dotted path such as \"phases.ttfb_ms\", got \"" + s.field + "\"");
  return s;
}

template <class Spec, class Reader>
Result<std::map<std::string, Spec>> ReadNamed(const ConfigObject& section, const char* key, Reader read) {
  std::map<std::string, Spec> out{{"default", Spec{}}};
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> named, section.OptionalObject(key));
  if (!named) return out;
  for (const std::string& name : named->Keys()) {
    EVT_ASSIGN_OR_RETURN(ConfigObject o, named->Object(name));
    EVT_ASSIGN_OR_RETURN(out[name], read(o));
  }
  return out;
}

Status CheckReferences(const ConfigObject& o, const DetectSection& d) {
  const SeriesSpec& s = d.series.back();
  if (!d.models.count(s.model)) return o.Error("model", "no model \"" + s.model + "\" under models");
  if (!d.rules.count(s.rule)) return o.Error("rule", "no rule \"" + s.rule + "\" under rules");
  for (std::size_t j = 0; j + 1 < d.series.size(); ++j)
    if (d.series[j].name == s.name) return o.Error("name", "\"" + s.name + "\" names series/" + std::to_string(j) + " already");
  return Status::Ok();
}

}  // namespace

Result<DetectSection> ReadDetectSection(const Config& config) {
  EVT_ASSIGN_OR_RETURN(ConfigObject section, config.Section("detect"));
  DetectSection out;
  EVT_ASSIGN_OR_RETURN(out.rules, ReadNamed<RuleSpec>(section, "rules", ParseRuleSpec));
  EVT_ASSIGN_OR_RETURN(out.models, ReadNamed<DetectorSpec>(section, "models", ParseDetectorSpec));
  EVT_ASSIGN_OR_RETURN(std::optional<std::vector<ConfigObject>> series, section.OptionalObjectArray("series"));
  for (const ConfigObject& o : series.value_or(std::vector<ConfigObject>{})) {
    EVT_ASSIGN_OR_RETURN(SeriesSpec s, ReadSeries(o));
    out.series.push_back(std::move(s));
    EVT_RETURN_IF_ERROR(CheckReferences(o, out));
  }
  EVT_ASSIGN_OR_RETURN(out.model_file, section.OptionalPath("model_file"));
  out.model_file_where = section.Where("model_file");
  EVT_ASSIGN_OR_RETURN(out.max_series, section.Int("max_series", kDefaultMaxSeries));
  if (out.max_series < 1 || out.max_series > kMaxSeriesBound)
    return section.Error("max_series", "expected 1 to " + std::to_string(kMaxSeriesBound) + ", got " +
                                           std::to_string(out.max_series));
  EVT_RETURN_IF_ERROR(section.Finish());
  return out;
}

}  // namespace evt::detect
