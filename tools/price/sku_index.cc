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

namespace {

std::uint64_t Load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint32_t Load32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint64_t Mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace

// Eight bytes at a time, the last eight overlapping the ones before, then
// a final mix: a sku is mostly under 16 bytes and differs from its
// neighbours in its last digits, which the mix spreads over the table's
// low bits. FNV-1a's multiply per byte was a fortieth of a steady stream.
std::uint64_t SkuIndex::Hash(std::string_view sku) {
  const char* p = sku.data();
  std::size_t n = sku.size();
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) h = (h ^ Load64(p + i)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ Load64(p + n - 8)) * 0x94d049bb133111ebull;
  } else if (n >= 4) {
    h = (h ^ (std::uint64_t{Load32(p)} << 32 | Load32(p + n - 4))) * 0x94d049bb133111ebull;
  } else if (n > 0) {
    auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
    h = (h ^ (byte(0) << 16 | byte(n / 2) << 8 | byte(n - 1))) * 0x94d049bb133111ebull;
  }
  return Mix(h);
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
