// contextual_entropy: contextual and relative_entropy on one series, scoring
// the higher of the two. They see different things: contextual a value that
// is new after what came before it, relative_entropy a window whose spread
// of values is unlike any it has known, which a slow drift or a change in
// noise shows long before any single value is new. On NAB the union scores
// several points above either alone (nab_hyperparameters.json).
//
// Each half rests on its own, as the guard does for the pair (detector.h):
// after a half scores rest_above or more, its next `rest` scores count as 0,
// so relative_entropy's run of 1s while a change fills its window does not
// hide what contextual says, nor the other way round; the guard's rest then
// makes an episode of the pair one report.
//
// Both halves keep smaller tables than their kinds alone, so the pair fits
// kMaxStateBytes: contextual 224 buckets (448 entries), relative_entropy a
// window of at most 64 values kept as floats, in at most 5 bins.
#pragma once

#include <cstddef>

#include "engine/detect/contextual.h"
#include "engine/detect/detector.h"
#include "engine/detect/relative_entropy.h"

namespace evt::detect {

class ContextualEntropy final : public Detector {
 public:
  using ContextualHalf = BasicContextual<224>;
  using EntropyHalf = BasicRelativeEntropy<float, 64, 5>;

  explicit ContextualEntropy(const DetectorSpec& spec);

  Score Update(const Sample& sample) override;
  std::string_view Kind() const override { return "contextual_entropy"; }
  std::size_t StateBytes() const override { return sizeof(*this); }
  // {"contextual": .., "relative_entropy": .., "contextual_since_high": n,
  //  "entropy_since_high": n}.
  Value State() const override;
  Status LoadState(const Value& state) override;

 private:
  // `score`, or 0 within `rest_` of a score of rest_above_ or more; counts
  // `since_high` on.
  double Rested(double score, std::size_t& since_high) const;

  ContextualHalf contextual_;
  EntropyHalf entropy_;
  std::size_t rest_;
  double rest_above_;
  std::size_t contextual_since_high_;
  std::size_t entropy_since_high_;
};

}  // namespace evt::detect
