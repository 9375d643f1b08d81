// From a route's configured split and its members' state to the weights a
// proxy is given (doc/design.md §16). A member carries a fraction of its
// configured share: 1 when up, 0 when down or suppressed, a ramp step
// while it comes back. What it does not carry goes to the members at their
// full share, in proportion to their shares (to the others that carry
// anything when none is at full share). Percentages are rounded to whole
// ones (largest remainder, so they still sum to 100) and the weights are
// those reduced by their gcd: 70/30 is 7/3, which a deterministic balancer
// (HAProxy's roundrobin, nginx's smooth weighted round robin) turns into
// exactly 70 % and 30 % of every 10 requests.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

struct SplitResult {
  std::vector<MemberWeight> weights;  // in members' order
  std::vector<double> desired;        // percent per member before rounding
  std::vector<double> realised;       // percent per member the weights give
  bool exact = true;                  // realised == desired
  bool none_carrying = false;         // no member could carry: the configured split is kept
};

// Whole percentages summing to 100 from `percent` (summing to 100):
// floors, then the largest remainders take the points left over (ties to
// the earlier member).
std::vector<int> WholePercents(const std::vector<double>& percent);
// Weights in the proportions of `percent`, reduced by their gcd (70/30 is
// 7/3), so a deterministic balancer gives the exact split.
// REQUIRES: members and percent are the same size.
std::vector<MemberWeight> GcdReducedWeights(const std::vector<std::string>& members, const std::vector<int>& percent);

// REQUIRES: members, split and carried are the same size; split sums to
// 100; carried in 0..1.
SplitResult WeightsForSplit(const std::vector<std::string>& members, const std::vector<int>& split,
                            const std::vector<double>& carried);

// A `prefer` route: the first of `prefer` whose `carrying` is true takes
// 100 %, every other member 0 (none carrying: the first of `prefer`).
// REQUIRES: members and carrying are the same size; prefer names members.
SplitResult WeightsForPrefer(const std::vector<std::string>& members, const std::vector<std::string>& prefer,
                             const std::vector<bool>& carrying);

// "cache=7,origin=3", for records and messages.
std::string WeightsText(const std::vector<MemberWeight>& weights);
// "cache=70,origin=30" read back into weights for `members`; for
// `route set --split`. Usage errors name what is wrong.
Result<std::vector<int>> ParseSplitText(const std::string& text, const std::vector<std::string>& members);

}  // namespace evt::failover
