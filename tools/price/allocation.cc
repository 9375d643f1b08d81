#include "tools/price/allocation.h"

#include <algorithm>
#include <numeric>

namespace evt::price {

std::vector<Money> AllocateLargestRemainder(Money total, const std::vector<Money>& weights) {
  std::vector<Money> parts(weights.size(), 0);
  Wide sum = 0;
  for (Money w : weights) sum += w;
  if (total == 0 || sum == 0) return parts;
  std::vector<Wide> remainders(weights.size());
  Money given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    Wide share = static_cast<Wide>(total) * weights[i];
    parts[i] = static_cast<Money>(share / sum);
    remainders[i] = share % sum;
    given += parts[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; given < total; ++k, ++given) ++parts[order[k]];
  return parts;
}

}  // namespace evt::price
