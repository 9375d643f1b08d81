#include "engine/detect/contextual_entropy.h"

#include <algorithm>

#include "engine/detect/state_value.h"

namespace evt::detect {
namespace {

// ParseDetectorSpec keeps window and bins within the half's capacity; a spec
// made in code (the largest of every kind, in tests) is held to it here.
DetectorSpec EntropySpec(DetectorSpec spec) {
  spec.window = std::min(spec.window, ContextualEntropy::EntropyHalf::kMaxWindow);
  spec.bins = std::min(spec.bins, ContextualEntropy::EntropyHalf::kMaxBins);
  return spec;
}

}  // namespace

ContextualEntropy::ContextualEntropy(const DetectorSpec& spec)
    : contextual_(spec),
      entropy_(EntropySpec(spec)),
      rest_(spec.rest),
      rest_above_(spec.rest_above),
      contextual_since_high_(spec.rest),
      entropy_since_high_(spec.rest) {}

double ContextualEntropy::Rested(double score, std::size_t& since_high) const {
  bool rested = since_high >= rest_;
  since_high = score >= rest_above_ ? 0 : since_high + 1;
  return rested ? score : 0;
}

Score ContextualEntropy::Update(const Sample& sample) {
  Score context = contextual_.Update(sample);
  Score entropy = entropy_.Update(sample);
  Score out = context;
  out.warm = context.warm || entropy.warm;
  out.score = std::max(Rested(context.warm ? context.score : 0, contextual_since_high_),
                       Rested(entropy.warm ? entropy.score : 0, entropy_since_high_));
  return out;
}

Value ContextualEntropy::State() const {
  Value out = Value::object();
  out.set("contextual", contextual_.State());
  out.set("relative_entropy", entropy_.State());
  out.set("contextual_since_high", contextual_since_high_);
  out.set("entropy_since_high", entropy_since_high_);
  return out;
}

Status ContextualEntropy::LoadState(const Value& state) {
  for (const char* half : {"contextual", "relative_entropy"}) {
    if (state.find(half) == nullptr) return Status::DataErr(std::string(half) + ": missing");
  }
  EVT_RETURN_IF_ERROR(contextual_.LoadState(*state.find("contextual")).Prefixed("contextual"));
  EVT_RETURN_IF_ERROR(entropy_.LoadState(*state.find("relative_entropy")).Prefixed("relative_entropy"));
  EVT_RETURN_IF_ERROR(ReadCount(state, "contextual_since_high", std::size_t{1} << 53, contextual_since_high_));
  return ReadCount(state, "entropy_since_high", std::size_t{1} << 53, entropy_since_high_);
}

}  // namespace evt::detect
