// MakeDetector and LoadDetector (detector.h): one place that knows every
// kind's class.
#include <utility>

#include "engine/detect/detector.h"
#include "engine/detect/contextual.h"
#include "engine/detect/contextual_entropy.h"
#include "engine/detect/guarded_detector.h"
#include "engine/detect/holt.h"
#include "engine/detect/relative_entropy.h"
#include "engine/detect/robust_z.h"

namespace evt::detect {
namespace {

std::unique_ptr<Detector> MakeKind(const DetectorSpec& spec) {
  if (spec.kind == "holt") return std::make_unique<Holt>(spec);
  if (spec.kind == "relative_entropy") return std::make_unique<RelativeEntropy>(spec);
  if (spec.kind == "contextual") return std::make_unique<Contextual>(spec);
  if (spec.kind == "contextual_entropy") return std::make_unique<ContextualEntropy>(spec);
  return std::make_unique<RobustZ>(spec);
}

}  // namespace

std::unique_ptr<Detector> MakeDetector(const DetectorSpec& spec) {
  return std::make_unique<GuardedDetector>(MakeKind(spec), spec);
}

Result<std::unique_ptr<Detector>> LoadDetector(const DetectorSpec& spec, const Value& state) {
  std::unique_ptr<Detector> detector = MakeDetector(spec);
  EVT_RETURN_IF_ERROR(detector->LoadState(state));
  return detector;
}

}  // namespace evt::detect
