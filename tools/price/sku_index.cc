#include "tools/price/sku_index.h"

#include <algorithm>

namespace evt::price {

// FNV-1a with a final mix: skus are short, often differing only in their
// last digits, which the mix spreads over the table's low bits.
std::uint64_t SkuIndex::Hash(std::string_view sku) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : sku) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

SkuIndex::SkuIndex(const std::vector<std::string_view>& skus) {
  std::size_t size = 16;
  while (size < 2 * skus.size()) size *= 2;
  slots_.resize(size);
  mask_ = size - 1;
  sku_start_.assign(skus.size(), 0);
  for (std::uint32_t item = 0; item < skus.size(); ++item) {
    std::string_view sku = skus[item];
    if (sku.size() > kInline) {
      sku_start_[item] = skus_.size();
      skus_ += sku;
    }
    std::size_t s = Hash(sku) & mask_;
    while (slots_[s].item != kEmpty) s = (s + 1) & mask_;
    Slot& slot = slots_[s];
    slot.item = item;
    slot.size = static_cast<std::uint32_t>(sku.size());
    std::memcpy(slot.head, sku.data(), std::min(sku.size(), kInline));
  }
}

}  // namespace evt::price
