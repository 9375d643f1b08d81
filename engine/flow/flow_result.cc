#include "engine/flow/flow_result.h"

namespace evt::probe {

const char* StepOutcomeName(StepOutcome outcome) {
  switch (outcome) {
    case StepOutcome::kOk: return "ok";
    case StepOutcome::kFailed: return "failed";
    case StepOutcome::kSkipped: return "skipped";
  }
  return "?";
}

}  // namespace evt::probe
