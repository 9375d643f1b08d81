#include "tools/price/sku_index.h"

#include <algorithm>

namespace evt::price {

namespace {

// Linear probing stays short up to about 70% full; a lower bound would
// only add memory that a cold start must fault in.
bool Fits(std::size_t items, std::size_t slots) { return items * 10 <= slots * 7; }

std::size_t SlotsFor(std::size_t items) {
  std::size_t size = 16;
  while (!Fits(items, size)) size *= 2;
  return size;
}

}  // namespace

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
  Reserve(skus.size());
  for (std::string_view sku : skus) Add(sku);
}

std::string_view SkuIndex::SkuOf(const Slot& slot) const {
  if (slot.size <= kInline) return std::string_view(slot.head, slot.size);
  return std::string_view(skus_).substr(sku_start_[slot.item], slot.size);
}

void SkuIndex::Rehash(std::size_t slot_count) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slot_count, Slot{});
  mask_ = slot_count - 1;
  for (const Slot& slot : old) {
    if (slot.item == kEmpty) continue;
    std::size_t s = Hash(SkuOf(slot)) & mask_;  // the tag is the hash's other half: unchanged
    while (slots_[s].item != kEmpty) s = (s + 1) & mask_;
    slots_[s] = slot;
  }
}

void SkuIndex::Reserve(std::size_t items) {
  std::size_t wanted = SlotsFor(items);
  if (wanted > slots_.size()) Rehash(wanted);
}

bool SkuIndex::Add(std::string_view sku) {
  if (!Fits(size() + 1, slots_.size())) Rehash(slots_.empty() ? 16 : 2 * slots_.size());
  std::uint64_t hash = Hash(sku);
  std::size_t s = hash & mask_;
  for (; slots_[s].item != kEmpty; s = (s + 1) & mask_) {
    if (slots_[s].tag == TagOf(hash) && slots_[s].size == sku.size() && Matches(slots_[s], sku)) return false;
  }
  Slot& slot = slots_[s];
  slot.item = static_cast<std::uint32_t>(size());
  slot.size = static_cast<std::uint32_t>(sku.size());
  slot.tag = TagOf(hash);
  std::memcpy(slot.head, sku.data(), std::min(sku.size(), kInline));
  sku_start_.push_back(sku.size() > kInline ? skus_.size() : 0);
  if (sku.size() > kInline) skus_ += sku;
  return true;
}

}  // namespace evt::price
