// ParseDetectorSpec and SpecToValue (detector.h): the parameters of each
// kind, with the ranges that keep its state under kMaxStateBytes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "engine/detect/detector.h"

namespace evt::detect {
namespace {

Status ReadCount(const ConfigObject& object, std::string_view key, std::int64_t low, std::int64_t high,
                 std::size_t& out) {
  EVT_ASSIGN_OR_RETURN(std::int64_t n, object.Int(key, static_cast<std::int64_t>(out)));
  if (n < low || n > high) {
    return object.Error(key, "expected " + std::to_string(low) + ".." + std::to_string(high) + ", got " +
                                 std::to_string(n));
  }
  out = static_cast<std::size_t>(n);
  return Status::Ok();
}

Status ReadPositive(const ConfigObject& object, std::string_view key, double& out) {
  EVT_ASSIGN_OR_RETURN(out, object.Number(key, out));
  if (!(out > 0)) return object.Error(key, "expected a number above 0");
  return Status::Ok();
}

Status ReadSmoothing(const ConfigObject& object, std::string_view key, double& out) {
  EVT_ASSIGN_OR_RETURN(out, object.Ratio(key, out));
  if (out <= 0) return object.Error(key, "expected a smoothing factor above 0 and at most 1");
  return Status::Ok();
}

Status ReadKindParameters(const ConfigObject& o, DetectorSpec& spec) {
  if (spec.kind == "robust_z") {
    EVT_RETURN_IF_ERROR(ReadCount(o, "window", 8, 128, spec.window));
    EVT_RETURN_IF_ERROR(ReadCount(o, "refresh", 1, 128, spec.refresh));
    return ReadSmoothing(o, "alpha", spec.alpha);
  }
  if (spec.kind == "holt") {
    EVT_RETURN_IF_ERROR(ReadSmoothing(o, "alpha", spec.alpha));
    EVT_RETURN_IF_ERROR(ReadSmoothing(o, "beta", spec.beta));
    return ReadSmoothing(o, "scale_alpha", spec.scale_alpha);
  }
  if (spec.kind == "relative_entropy") {
    EVT_RETURN_IF_ERROR(ReadCount(o, "window", 8, 128, spec.window));
    EVT_RETURN_IF_ERROR(ReadCount(o, "bins", 2, 10, spec.bins));
    EVT_RETURN_IF_ERROR(ReadCount(o, "hypotheses", 1, 16, spec.hypotheses));
    EVT_ASSIGN_OR_RETURN(spec.significance, o.Ratio("significance", spec.significance));
    if (spec.significance <= 0 || spec.significance >= 1) {
      return o.Error("significance", "expected a probability between 0 and 1, exclusive");
    }
    return Status::Ok();
  }
  if (spec.kind == "contextual") {
    EVT_RETURN_IF_ERROR(ReadCount(o, "levels", 2, 16, spec.levels));
    return ReadCount(o, "context", 1, 6, spec.context);
  }
  if (spec.kind == "contextual_entropy") {  // contextual_entropy.h: the halves' smaller tables
    EVT_RETURN_IF_ERROR(ReadCount(o, "levels", 2, 16, spec.levels));
    EVT_RETURN_IF_ERROR(ReadCount(o, "context", 1, 6, spec.context));
    EVT_RETURN_IF_ERROR(ReadCount(o, "window", 8, 64, spec.window));
    EVT_RETURN_IF_ERROR(ReadCount(o, "bins", 2, 5, spec.bins));
    EVT_RETURN_IF_ERROR(ReadCount(o, "hypotheses", 1, 16, spec.hypotheses));
    EVT_ASSIGN_OR_RETURN(spec.significance, o.Ratio("significance", spec.significance));
    if (spec.significance <= 0 || spec.significance >= 1) {
      return o.Error("significance", "expected a probability between 0 and 1, exclusive");
    }
    return Status::Ok();
  }
  std::string known;
  for (std::string_view k : kDetectorKinds) known += (known.empty() ? "" : ", ") + std::string(k);
  return o.Error("kind", "unknown detector \"" + spec.kind + "\" (known: " + known + ")");
}

}  // namespace

Result<DetectorSpec> ParseDetectorSpec(const ConfigObject& object) {
  DetectorSpec spec;
  EVT_ASSIGN_OR_RETURN(spec.kind, object.String("kind"));
  EVT_RETURN_IF_ERROR(ReadKindParameters(object, spec));
  EVT_RETURN_IF_ERROR(ReadCount(object, "warmup", 1, 100000, spec.warmup));
  EVT_RETURN_IF_ERROR(ReadPositive(object, "gap_intervals", spec.gap_intervals));
  EVT_RETURN_IF_ERROR(ReadCount(object, "rest", 0, 100000, spec.rest));
  EVT_ASSIGN_OR_RETURN(spec.rest_above, object.Ratio("rest_above", spec.rest_above));
  EVT_ASSIGN_OR_RETURN(spec.min_change, object.Number("min_change", spec.min_change));
  if (!(spec.min_change >= 0) || !std::isfinite(spec.min_change))
    return object.Error("min_change", "expected a number of 0 or more");
  return spec;
}

Value SpecToValue(const DetectorSpec& spec) {
  Value out = Value::object();
  out.set("kind", spec.kind);
  if (spec.kind == "robust_z") {
    out.set("window", spec.window);
    out.set("refresh", spec.refresh);
    out.set("alpha", spec.alpha);
  } else if (spec.kind == "holt") {
    out.set("alpha", spec.alpha);
    out.set("beta", spec.beta);
    out.set("scale_alpha", spec.scale_alpha);
  } else if (spec.kind == "relative_entropy") {
    out.set("window", spec.window);
    out.set("bins", spec.bins);
    out.set("hypotheses", spec.hypotheses);
    out.set("significance", spec.significance);
  } else if (spec.kind == "contextual") {
    out.set("levels", spec.levels);
    out.set("context", spec.context);
  } else if (spec.kind == "contextual_entropy") {
    out.set("levels", spec.levels);
    out.set("context", spec.context);
    out.set("window", spec.window);
    out.set("bins", spec.bins);
    out.set("hypotheses", spec.hypotheses);
    out.set("significance", spec.significance);
  }
  out.set("warmup", spec.warmup);
  out.set("gap_intervals", spec.gap_intervals);
  out.set("rest", spec.rest);
  out.set("rest_above", spec.rest_above);
  if (spec.min_change > 0) out.set("min_change", spec.min_change);
  return out;
}

}  // namespace evt::detect
