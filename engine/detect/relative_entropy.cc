#include "engine/detect/relative_entropy.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/detect/state_value.h"

namespace evt::detect {
namespace {

// The upper p quantile of the standard normal, by bisection on erfc.
double NormalUpperQuantile(double p) {
  double low = -10, high = 10;
  for (int i = 0; i < 100; ++i) {
    double mid = (low + high) / 2;
    (0.5 * std::erfc(mid / std::sqrt(2.0)) > p ? low : high) = mid;
  }
  return (low + high) / 2;
}

// KL(p || q) in nats, q with `prior` mass added to each of its n bins.
double RelativeEntropyOf(const float* p, const float* q, std::size_t n, double prior) {
  double sum = 0;
  double scale = 1 + prior * static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] <= 0) continue;
    sum += p[i] * std::log(p[i] * scale / (q[i] + prior));
  }
  return sum;
}

}  // namespace

double ChiSquareUpperQuantile(double p, double dof) {
  double z = NormalUpperQuantile(p);
  double a = 2 / (9 * dof);
  double cube = 1 - a + z * std::sqrt(a);
  return dof * cube * cube * cube;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::BasicRelativeEntropy(const DetectorSpec& spec)
    : ring_(spec.window),
      bins_(spec.bins),
      max_hypotheses_(spec.hypotheses),
      threshold_(ChiSquareUpperQuantile(spec.significance, static_cast<double>(spec.bins - 1))) {}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
void BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::FixBins() {
  double min = ring_[0], max = ring_[0];
  for (std::size_t i = 1; i < ring_.size(); ++i) {
    min = std::min<double>(min, ring_[i]);
    max = std::max<double>(max, ring_[i]);
  }
  double margin = std::max((max - min) / 2, 1e-9 * std::abs(min) + 1e-12);
  low_ = min - margin;
  high_ = max + margin;
  bins_fixed_ = true;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
typename BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::Histogram
BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::WindowHistogram() const {
  Histogram h{};
  double range = high_ - low_;
  float weight = 1.0f / static_cast<float>(ring_.size());
  for (std::size_t i = 0; i < ring_.size(); ++i) {
    double at = (ring_[i] - low_) / range * static_cast<double>(bins_);
    std::size_t bin = std::min(static_cast<std::size_t>(std::max(at, 0.0)), bins_ - 1);
    h[bin] += weight;
  }
  return h;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
double BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::Statistic(const Histogram& window,
                                                                              std::size_t hypothesis) const {
  double n = static_cast<double>(ring_.size());
  return 2 * n * RelativeEntropyOf(window.data(), histograms_[hypothesis].data(), bins_, 0.5 / n);
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
int BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::MatchingHypothesis(const Histogram& histogram,
                                                                                    bool& established) const {
  int best = -1;
  double best_statistic = threshold_;
  established = false;
  for (std::size_t i = 0; i < hypotheses_; ++i) {
    double statistic = Statistic(histogram, i);
    if (statistic < threshold_ && matches_[i] > kEstablishedAfter) established = true;
    if (statistic < best_statistic) {
      best_statistic = statistic;
      best = static_cast<int>(i);
    }
  }
  return best;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
void BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::AddHypothesis(const Histogram& histogram) {
  std::size_t at = hypotheses_;
  if (hypotheses_ == max_hypotheses_) {
    auto least = std::min_element(matches_.begin(), matches_.begin() + hypotheses_);
    at = static_cast<std::size_t>(least - matches_.begin());
  } else {
    ++hypotheses_;
  }
  histograms_[at] = histogram;
  matches_[at] = 1;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
void BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::LearnMatch(std::size_t i,
                                                                             const Histogram& histogram) {
  if (matches_[i] < UINT32_MAX) ++matches_[i];
  // Once established, the mean of the windows it matched (of the last 64 or
  // so): one window's histogram is a noisy estimate, and a test against it
  // rejects windows of the same distribution far more often than
  // `significance` says. Not before: a hypothesis that followed the windows
  // while the series moves would follow a level shift and be established
  // halfway through it.
  if (matches_[i] <= kEstablishedAfter) return;
  float weight = 1.0f / static_cast<float>(std::min<std::uint32_t>(matches_[i], 64));
  for (std::size_t b = 0; b < bins_; ++b) histograms_[i][b] += weight * (histogram[b] - histograms_[i][b]);
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
bool BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::IsOutside(const Histogram& histogram) const {
  return histogram[0] >= 0.9f || histogram[bins_ - 1] >= 0.9f;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
void BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::Reframe() {
  FixBins();
  histograms_[0] = WindowHistogram();
  matches_[0] = kEstablishedAfter + 1;
  hypotheses_ = 1;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
Score BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::Update(const Sample& sample) {
  Score out;
  ring_.Push(static_cast<Stored>(sample.value));
  if (!ring_.full()) return out;
  if (!bins_fixed_) FixBins();
  Histogram histogram = WindowHistogram();
  bool established = false;
  int match = MatchingHypothesis(histogram, established);
  if (match < 0) {
    AddHypothesis(histogram);
  } else {
    LearnMatch(static_cast<std::size_t>(match), histogram);
    if (matches_[match] > kEstablishedAfter && IsOutside(histograms_[match])) Reframe();
  }
  // Until a first histogram is established there is no normal to differ from.
  out.warm = hypotheses_ > 1 || matches_[0] > kEstablishedAfter;
  out.score = out.warm && !established ? 1 : 0;
  return out;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
Value BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::State() const {
  Value out = Value::object();
  std::vector<double> window;
  for (std::size_t i = 0; i < ring_.size(); ++i) window.push_back(ring_[i]);
  out.set("window", NumbersToArray(window.data(), window.size()));
  if (bins_fixed_) {
    out.set("low", low_);
    out.set("high", high_);
  }
  Array hypotheses;
  for (std::size_t i = 0; i < hypotheses_; ++i) {
    Value h = Value::object();
    std::vector<double> bins(histograms_[i].begin(), histograms_[i].begin() + bins_);
    h.set("bins", NumbersToArray(bins.data(), bins.size()));
    h.set("matches", matches_[i]);
    hypotheses.push_back(std::move(h));
  }
  out.set("hypotheses", Value(std::move(hypotheses)));
  return out;
}

template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
Status BasicRelativeEntropy<Stored, kWindowCapacity, kBinCapacity>::LoadState(const Value& state) {
  std::vector<double> window;
  EVT_RETURN_IF_ERROR(ReadNumbers(state, "window", ring_.length(), window));
  for (double v : window) ring_.Push(static_cast<Stored>(v));
  bins_fixed_ = state.find("low") != nullptr;
  if (bins_fixed_) {
    EVT_RETURN_IF_ERROR(ReadNumber(state, "low", low_));
    EVT_RETURN_IF_ERROR(ReadNumber(state, "high", high_));
    if (!(high_ > low_)) return Status::DataErr("high: expected above low");
  }
  const Value* hypotheses = state.find("hypotheses");
  if (hypotheses == nullptr || !hypotheses->is_array() || hypotheses->as_array().size() > max_hypotheses_) {
    return Status::DataErr("hypotheses: expected an array of at most " + std::to_string(max_hypotheses_));
  }
  hypotheses_ = 0;
  for (const Value& h : hypotheses->as_array()) {
    std::vector<double> bins;
    std::size_t matches = 0;
    std::string where = "hypotheses/" + std::to_string(hypotheses_);
    EVT_RETURN_IF_ERROR(ReadNumbers(h, "bins", bins_, bins).Prefixed(where));
    if (bins.size() != bins_) return Status::DataErr(where + ": bins: expected " + std::to_string(bins_) + " numbers");
    EVT_RETURN_IF_ERROR(ReadCount(h, "matches", UINT32_MAX, matches).Prefixed(where));
    std::copy(bins.begin(), bins.end(), histograms_[hypotheses_].begin());
    matches_[hypotheses_] = static_cast<std::uint32_t>(matches);
    ++hypotheses_;
  }
  return Status::Ok();
}

template class BasicRelativeEntropy<double, 128, 10>;
template class BasicRelativeEntropy<float, 64, 5>;

}  // namespace evt::detect
