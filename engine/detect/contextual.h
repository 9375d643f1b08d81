// contextual: in the spirit of CAD-OSE (Smirnov, NAB's 2016 winner): a
// sample is anomalous when what it does is new in its context. Each value
// becomes one of `levels` levels over the range seen so far; the detector
// counts which level followed each context (the last 1..`context` levels)
// and scores a level by how rare it is after that context, averaged over
// the context lengths: 0 when it followed at least a quarter as often as
// the most common successor, 1 when it never did. A value more than a level
// beyond the range seen so far scores 1: it has no context yet.
//
// Like CAD-OSE, after a score of 0.75 or more the detector rests: it scores
// 0 for the next `rest` samples, so one episode is reported once.
//
// Where it differs, on purpose: CAD-OSE quantises over the whole file's
// range (NAB's inputMin/inputMax) and keeps every context it ever saw; this
// quantises over the range seen so far and keeps its counts in a fixed
// table of 1024 one-byte counters addressed by a hash of (context, level),
// halved when one saturates, so its memory is fixed and old habits fade.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/detect/detector.h"

namespace evt::detect {

class Contextual final : public Detector {
 public:
  static constexpr std::size_t kTableSize = 1024;
  static constexpr std::size_t kMaxContext = 6;
  static constexpr double kRestAbove = 0.75;
  // A successor this share as common as the most common one is usual.
  static constexpr double kUsualShare = 0.25;

  explicit Contextual(const DetectorSpec& spec);

  Score Update(const Sample& sample) override;
  std::string_view Kind() const override { return "contextual"; }
  std::size_t StateBytes() const override { return sizeof(*this); }
  Value State() const override;
  Status LoadState(const Value& state) override;

 private:
  std::size_t LevelOf(double value) const;
  bool IsBeyondRange(double value) const;
  std::size_t Slot(std::size_t length, std::size_t level) const;
  // How rare `level` is after the last `length` levels, 0..1; `usual` is
  // set to the most common successor.
  double Surprise(std::size_t length, std::size_t level, std::size_t& usual) const;
  void Learn(std::size_t level);
  void HalveCounts();

  std::size_t levels_;
  std::size_t context_;
  std::size_t rest_;
  std::size_t seen_ = 0;
  double min_ = 0;
  double max_ = 0;
  std::size_t since_high_ = 0;  // samples since a raw score >= kRestAbove
  std::array<std::uint8_t, kMaxContext> recent_{};  // recent_[0] the newest level
  std::array<std::uint8_t, kTableSize> counts_{};
};

}  // namespace evt::detect
