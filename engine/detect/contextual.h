// contextual: in the spirit of CAD-OSE (Smirnov, NAB's 2016 winner): a
// sample is anomalous when what it does is new in its context. Each value
// becomes one of `levels` levels over the range seen so far (a value
// extends the range only when the one before it lay beyond it too, so a
// lone outlier does not squash the rest into one level), each level at
// least kNoiseWidths (5) sample-to-sample noises wide (so noise alone does not
// make every context new; the noise is an EWMA of |x - previous|); the detector
// counts which level followed each context (the last 1..`context` levels)
// and scores a level by how rare it is after that context, averaged over
// the context lengths: 0 when it followed at least a tenth as often as
// the most common successor, 1 when it never did. A value more than a level
// beyond the range seen so far scores 1: it has no context yet.
//
// A sample that scores kLeaveOutAbove or more is left out of the next
// sample's context, unless the one before was left out too: after a lone
// outlier the series is back in its usual context (a single outlier scores
// high once), while a new level is its own context from its second sample.
// A left-out sample is counted only after the next one is scored, so the
// sample that confirms a change is not made to look usual by it.
// kLeaveOutAbove is the default rule's raise_above (0.6): at 0.75 a noise
// excursion scoring 0.73 entered the context, and the return to the usual
// level after it was new there and scored 1 (false raises, probe_stream_test).
// A value stays in the last level while it lies within kStickyWidths of a
// level width beyond it, so noise at a level's edge does not flap between two.
// (CAD-OSE's rest after a high score is the guard's `rest`, detector.h.)
//
// Where it differs, on purpose: CAD-OSE quantises over the whole file's
// range (NAB's inputMin/inputMax) and keeps every context it ever saw; this
// quantises over the range seen so far and keeps its counts in a fixed
// table of kEntries one-byte counters, each with a one-byte tag of the
// (context, level) it counts, two to a bucket, halved when one saturates,
// so its memory is fixed and old habits fade. A pair new to a full bucket
// takes the place of the less counted one. The tag is why: untagged, a
// transition never seen read the counter of whatever pair shared its slot
// and looked usual, so an outage's end went unraised in 3 % of healthy
// probe streams (probe_stream_test).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/detect/detector.h"

namespace evt::detect {

// kBucketCount buckets of kWays entries: Contextual's 448, and a smaller
// table where it shares kMaxStateBytes with another detector
// (contextual_entropy.h).
template <std::size_t kBucketCount>
class BasicContextual final : public Detector {
 public:
  static constexpr std::size_t kBuckets = kBucketCount;
  static constexpr std::size_t kWays = 2;
  static constexpr std::size_t kEntries = kBuckets * kWays;
  static constexpr std::size_t kMaxContext = 6;
  static constexpr double kLeaveOutAbove = 0.6;
  // A successor this share as common as the most common one is usual.
  static constexpr double kUsualShare = 0.1;
  static constexpr double kNoiseWidths = 5;
  static constexpr double kStickyWidths = 0.25;

  explicit BasicContextual(const DetectorSpec& spec);

  Score Update(const Sample& sample) override;
  std::string_view Kind() const override { return "contextual"; }
  std::size_t StateBytes() const override { return sizeof(*this); }
  Value State() const override;
  Status LoadState(const Value& state) override;

 private:
  double LevelWidth() const;
  std::size_t LevelOf(double value) const;
  std::size_t StickyLevelOf(double value) const;
  void LearnRange(double value);
  bool IsBeyondRange(double value) const;
  // The hash of (the last `length` levels, level): bucket and tag (1..255).
  std::uint64_t Key(std::size_t length, std::size_t level) const;
  std::uint8_t Count(std::uint64_t key) const;
  // The counter of `key`, claimed (from an empty or the less counted entry
  // of its bucket) when it has none.
  std::uint8_t& Claim(std::uint64_t key);
  // How rare `level` is after the last `length` levels, 0..1; `usual` is
  // set to the most common successor.
  double Surprise(std::size_t length, std::size_t level, std::size_t& usual) const;
  void Learn(std::size_t level, bool into_context);
  void CountSuccessor(std::size_t level);
  void HalveCounts();

  std::size_t levels_;
  std::size_t context_;
  std::size_t seen_ = 0;
  double min_ = 0;
  double max_ = 0;
  double previous_ = 0;
  double noise_ = 0;  // EWMA of |value - previous value|, clamped
  bool previous_beyond_ = false;  // previous_ lay beyond [min_, max_]
  bool left_out_ = false;       // the last sample is not in recent_
  std::size_t pending_ = 0;     // 1 + the level of a left-out sample not counted yet; 0: none
  std::array<std::uint8_t, kMaxContext> recent_{};  // recent_[0] the newest level
  std::array<std::uint8_t, kEntries> tags_{};  // 0: empty
  std::array<std::uint8_t, kEntries> counts_{};
};

using Contextual = BasicContextual<448>;

}  // namespace evt::detect
