// The catalog's skus by index, for the hot loop: one flat open-addressing
// table whose slots hold short skus themselves, so a lookup is about one
// cache line where an unordered_map<std::string> chases a bucket, a node
// and the key. A cart looks up all its lines at once: Hash and Prefetch
// each sku first, then Find, and the cache misses overlap. Filled once as
// the catalog is read, which also finds its duplicate skus.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evt::price {

class SkuIndex {
 public:
  SkuIndex() = default;
  // skus[i] is item i's sku; the skus are distinct.
  explicit SkuIndex(const std::vector<std::string_view>& skus);

  // Room for `items` skus without growing.
  void Reserve(std::size_t items);
  // Adds `sku` as the next item (item size()); false, adding nothing, when
  // the index has it already.
  bool Add(std::string_view sku);
  std::size_t size() const { return sku_start_.size(); }

  static std::uint64_t Hash(std::string_view sku);
  void Prefetch(std::uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }
  // The item with this sku, if any; `hash` is Hash(sku).
  std::optional<std::uint32_t> Find(std::string_view sku, std::uint64_t hash) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t s = hash & mask_;; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.item == kEmpty) return std::nullopt;
      if (slot.tag == TagOf(hash) && slot.size == sku.size() && Matches(slot, sku)) return slot.item;
    }
  }
  std::optional<std::uint32_t> Find(std::string_view sku) const { return Find(sku, Hash(sku)); }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  static constexpr std::size_t kInline = 20;
  struct alignas(32) Slot {
    std::uint32_t item = kEmpty;
    std::uint32_t size = 0;  // the sku's
    std::uint32_t tag = 0;   // TagOf its hash: most other skus probed differ here, sparing a compare
    char head[kInline] = {};  // the sku's first bytes: all of most skus
  };
  // The hash's high half: the low bits chose the slot, so they are alike
  // along a probe.
  static std::uint32_t TagOf(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }
  // `sku` is as long as the slot's. Compared as two overlapping words of a
  // fixed size, inline: a memcmp call per line was most of a lookup.
  bool Matches(const Slot& slot, std::string_view sku) const {
    std::size_t n = sku.size();
    if (n > kInline) return std::string_view(skus_).substr(sku_start_[slot.item], n) == sku;
    if (n >= 8) return n > 16 ? SameEnds<16>(slot.head, sku.data(), n) : SameEnds<8>(slot.head, sku.data(), n);
    if (n >= 4) return SameEnds<4>(slot.head, sku.data(), n);
    return std::memcmp(slot.head, sku.data(), n) == 0;
  }
  // The first and the last K bytes of n, K <= n <= 2K.
  template <std::size_t K>
  static bool SameEnds(const char* a, const char* b, std::size_t n) {
    return std::memcmp(a, b, K) == 0 && std::memcmp(a + n - K, b + n - K, K) == 0;
  }
  std::string_view SkuOf(const Slot& slot) const;
  void Rehash(std::size_t slot_count);

  std::vector<Slot> slots_;  // a power of two, at most 70% full
  std::size_t mask_ = 0;
  std::string skus_;                      // the skus longer than kInline, end to end
  std::vector<std::size_t> sku_start_;  // per item: where in skus_, for those
};

}  // namespace evt::price
