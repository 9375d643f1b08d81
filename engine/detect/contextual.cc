#include "engine/detect/contextual.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/detect/state_value.h"

namespace evt::detect {

template <std::size_t kBucketCount>
BasicContextual<kBucketCount>::BasicContextual(const DetectorSpec& spec)
    : levels_(spec.levels), context_(spec.context) {}

template <std::size_t kBucketCount>
double BasicContextual<kBucketCount>::LevelWidth() const {
  return std::max((max_ - min_) / static_cast<double>(levels_), kNoiseWidths * noise_);
}

template <std::size_t kBucketCount>
std::size_t BasicContextual<kBucketCount>::LevelOf(double value) const {
  double width = LevelWidth();
  if (!(width > 0)) return 0;
  double at = (value - min_) / width;
  return std::min(static_cast<std::size_t>(std::max(at, 0.0)), levels_ - 1);
}

template <std::size_t kBucketCount>
std::size_t BasicContextual<kBucketCount>::StickyLevelOf(double value) const {
  std::size_t level = LevelOf(value);
  if (seen_ <= 1) return level;
  std::size_t last = recent_[0];
  if (level + 1 != last && level != last + 1) return level;
  double width = LevelWidth();
  double low = min_ + static_cast<double>(last) * width;
  double margin = kStickyWidths * width;
  return value >= low - margin && value <= low + width + margin ? last : level;
}

template <std::size_t kBucketCount>
std::uint64_t BasicContextual<kBucketCount>::Key(std::size_t length, std::size_t level) const {
  // FNV-1a over (length, the last `length` levels, level).
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t byte) { h = (h ^ byte) * 1099511628211ull; };
  mix(length);
  for (std::size_t i = 0; i < length; ++i) mix(recent_[i]);
  mix(level);
  return h ^ (h >> 29);
}

namespace {

std::size_t BucketOf(std::uint64_t key, std::size_t buckets, std::size_t ways) {
  return static_cast<std::size_t>(key % buckets) * ways;
}
std::uint8_t TagOf(std::uint64_t key) { return static_cast<std::uint8_t>(1 + (key >> 40) % 255); }

bool ReadTriple(const Value& value, double& a, double& b, double& c) {
  if (!value.is_array() || value.as_array().size() != 3) return false;
  for (const Value& v : value.as_array()) {
    if (!v.is_integer()) return false;
  }
  a = value.as_array()[0].as_double();
  b = value.as_array()[1].as_double();
  c = value.as_array()[2].as_double();
  return true;
}

}  // namespace

template <std::size_t kBucketCount>
std::uint8_t BasicContextual<kBucketCount>::Count(std::uint64_t key) const {
  std::size_t at = BucketOf(key, kBuckets, kWays);
  std::uint8_t tag = TagOf(key);
  for (std::size_t way = 0; way < kWays; ++way) {
    if (tags_[at + way] == tag) return counts_[at + way];
  }
  return 0;
}

template <std::size_t kBucketCount>
std::uint8_t& BasicContextual<kBucketCount>::Claim(std::uint64_t key) {
  std::size_t at = BucketOf(key, kBuckets, kWays);
  std::uint8_t tag = TagOf(key);
  std::size_t least = at;
  for (std::size_t i = at; i < at + kWays; ++i) {
    if (tags_[i] == tag) return counts_[i];
    if (counts_[i] < counts_[least]) least = i;
  }
  tags_[least] = tag;
  counts_[least] = 0;
  return counts_[least];
}

template <std::size_t kBucketCount>
double BasicContextual<kBucketCount>::Surprise(std::size_t length, std::size_t level, std::size_t& usual) const {
  std::uint8_t most = 0;
  for (std::size_t l = 0; l < levels_; ++l) {
    std::uint8_t n = Count(Key(length, l));
    if (n > most) {
      most = n;
      usual = l;
    }
  }
  if (most == 0) return 1;
  double share = static_cast<double>(Count(Key(length, level))) / most;
  return 1 - std::min(1.0, share / kUsualShare);
}

// Rounded up: a successor seen once stays seen. Rounded down, every halving
// forgot the rare-but-normal successors, which then scored 1 as if new: 25
// false raises a day on a healthy probe (detect_quiet_days), 1.5 rounded up.
template <std::size_t kBucketCount>
void BasicContextual<kBucketCount>::HalveCounts() {
  for (std::uint8_t& n : counts_) n = static_cast<std::uint8_t>((n + 1) / 2);
}

template <std::size_t kBucketCount>
void BasicContextual<kBucketCount>::CountSuccessor(std::size_t level) {
  std::size_t known = std::min(seen_ - 1, context_);
  for (std::size_t length = 1; length <= known; ++length) {
    std::uint8_t* n = &Claim(Key(length, level));
    if (*n == UINT8_MAX) HalveCounts();
    ++*n;
  }
}

template <std::size_t kBucketCount>
void BasicContextual<kBucketCount>::Learn(std::size_t level, bool into_context) {
  // A left-out sample is counted after the next one is scored, in the same
  // context (it did not enter it): counted at once, it made the sample that
  // confirms it (an outage's second sample) look half usual.
  if (pending_ != 0) CountSuccessor(pending_ - 1);
  pending_ = into_context ? 0 : level + 1;
  left_out_ = !into_context;
  if (!into_context) return;
  CountSuccessor(level);
  std::copy_backward(recent_.begin(), recent_.begin() + context_ - 1, recent_.begin() + context_);
  recent_[0] = static_cast<std::uint8_t>(level);
}

template <std::size_t kBucketCount>
bool BasicContextual<kBucketCount>::IsBeyondRange(double value) const {
  double width = LevelWidth();
  return seen_ > 1 && (value > max_ + width || value < min_ - width);
}

template <std::size_t kBucketCount>
void BasicContextual<kBucketCount>::LearnRange(double value) {
  if (seen_ == 1) {
    min_ = max_ = previous_ = value;
    return;
  }
  bool above = value > max_, below = value < min_;
  if (above && previous_beyond_ && previous_ > max_) max_ = std::min(value, previous_);
  if (below && previous_beyond_ && previous_ < min_) min_ = std::max(value, previous_);
  previous_beyond_ = above || below;
  double step = std::abs(value - previous_);
  if (noise_ > 0) step = std::min(step, 4 * noise_);  // a jump is not noise
  noise_ += (seen_ <= 20 ? 1.0 / static_cast<double>(seen_) : 0.05) * (step - noise_);
  previous_ = value;
}

template <std::size_t kBucketCount>
Score BasicContextual<kBucketCount>::Update(const Sample& sample) {
  Score out;
  bool beyond = IsBeyondRange(sample.value);
  ++seen_;
  LearnRange(sample.value);
  std::size_t level = StickyLevelOf(sample.value);
  std::size_t known = std::min(seen_ - 1, context_);
  bool into_context = true;
  if (known == context_) {
    double surprise = 0;
    std::size_t usual = level;
    for (std::size_t length = 1; length <= known; ++length) surprise += Surprise(length, level, usual);
    double raw = beyond ? 1 : surprise / static_cast<double>(known);
    out.warm = true;
    out.score = raw;
    into_context = raw < kLeaveOutAbove || left_out_;
    double width = LevelWidth();
    out.expected_low = min_ + static_cast<double>(usual) * width;
    out.expected_high = out.expected_low + width;
  }
  Learn(level, into_context);
  return out;
}

template <std::size_t kBucketCount>
Value BasicContextual<kBucketCount>::State() const {
  Value out = Value::object();
  out.set("seen", seen_);
  if (seen_ > 0) {
    out.set("min", min_);
    out.set("max", max_);
    out.set("previous", previous_);
    out.set("previous_beyond", previous_beyond_);
    out.set("noise", noise_);
  }
  out.set("left_out", left_out_);
  out.set("pending", pending_);
  std::vector<double> recent(recent_.begin(), recent_.begin() + context_);
  out.set("recent", NumbersToArray(recent.data(), recent.size()));
  // Sparse: [entry, tag, count] for the entries that are taken.
  Array counts;
  for (std::size_t i = 0; i < kEntries; ++i) {
    if (tags_[i] != 0) counts.push_back(Value::array({Value(i), Value(tags_[i]), Value(counts_[i])}));
  }
  out.set("counts", Value(std::move(counts)));
  return out;
}

template <std::size_t kBucketCount>
Status BasicContextual<kBucketCount>::LoadState(const Value& state) {
  EVT_RETURN_IF_ERROR(ReadCount(state, "seen", std::size_t{1} << 53, seen_));
  if (seen_ > 0) {
    EVT_RETURN_IF_ERROR(ReadNumber(state, "min", min_));
    EVT_RETURN_IF_ERROR(ReadNumber(state, "max", max_));
    EVT_RETURN_IF_ERROR(ReadNumber(state, "previous", previous_));
    EVT_RETURN_IF_ERROR(ReadNumber(state, "noise", noise_));
    const Value* beyond = state.find("previous_beyond");
    if (beyond == nullptr || !beyond->is_bool()) return Status::DataErr("previous_beyond: expected true or false");
    previous_beyond_ = beyond->as_bool();
  }
  const Value* left_out = state.find("left_out");
  if (left_out == nullptr || !left_out->is_bool()) return Status::DataErr("left_out: expected true or false");
  left_out_ = left_out->as_bool();
  EVT_RETURN_IF_ERROR(ReadCount(state, "pending", levels_, pending_));
  std::vector<double> recent;
  EVT_RETURN_IF_ERROR(ReadNumbers(state, "recent", context_, recent));
  for (std::size_t i = 0; i < recent.size(); ++i) {
    if (recent[i] < 0 || recent[i] >= static_cast<double>(levels_) || recent[i] != std::floor(recent[i])) {
      return Status::DataErr("recent: expected levels 0.." + std::to_string(levels_ - 1));
    }
    recent_[i] = static_cast<std::uint8_t>(recent[i]);
  }
  const Value* counts = state.find("counts");
  if (counts == nullptr || !counts->is_array()) {
    return Status::DataErr("counts: expected an array of [entry, tag, count]");
  }
  tags_.fill(0);
  counts_.fill(0);
  for (const Value& triple : counts->as_array()) {
    double entry = 0, tag = 0, count = 0;
    if (!ReadTriple(triple, entry, tag, count) || entry < 0 || entry >= kEntries || tag < 1 || tag > UINT8_MAX ||
        count < 0 || count > UINT8_MAX) {
      return Status::DataErr("counts: expected [entry 0.." + std::to_string(kEntries - 1) +
                             ", tag 1..255, count 0..255] triples");
    }
    tags_[static_cast<std::size_t>(entry)] = static_cast<std::uint8_t>(tag);
    counts_[static_cast<std::size_t>(entry)] = static_cast<std::uint8_t>(count);
  }
  return Status::Ok();
}

template class BasicContextual<448>;
template class BasicContextual<224>;

}  // namespace evt::detect
