// A fixed-capacity ring of the last samples, the one piece of memory most
// detectors keep: its size never depends on the series' length, which is
// what bounds a detector's state (detector.h, kMaxStateBytes).
#pragma once

#include <array>
#include <cstddef>

namespace evt::detect {

template <class T, std::size_t kCapacity>
class Ring {
 public:
  // REQUIRES: 0 < length <= kCapacity.
  explicit Ring(std::size_t length) : length_(length) {}

  void Push(T v) {
    items_[next_] = v;
    next_ = next_ + 1 == length_ ? 0 : next_ + 1;
    if (size_ < length_) ++size_;
  }
  std::size_t size() const { return size_; }
  std::size_t length() const { return length_; }
  bool full() const { return size_ == length_; }
  // Oldest first: i = 0 is the oldest sample kept.
  T operator[](std::size_t i) const {
    std::size_t start = full() ? next_ : 0;
    std::size_t at = start + i;
    return items_[at >= length_ ? at - length_ : at];
  }
  T newest() const { return (*this)[size_ - 1]; }
  // The samples, unordered (for order statistics that do not care).
  const T* data() const { return items_.data(); }

 private:
  std::array<T, kCapacity> items_{};
  std::size_t length_;
  std::size_t next_ = 0;
  std::size_t size_ = 0;
};

}  // namespace evt::detect
