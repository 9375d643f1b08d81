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

// KL(p || q) in nats; infinite where q has no mass and p has.
double RelativeEntropyOf(const float* p, const float* q, std::size_t n) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] <= 0) continue;
    if (q[i] <= 0) return std::numeric_limits<double>::infinity();
    sum += p[i] * std::log(static_cast<double>(p[i]) / q[i]);
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

RelativeEntropy::RelativeEntropy(const DetectorSpec& spec)
    : ring_(spec.window),
      bins_(spec.bins),
      max_hypotheses_(spec.hypotheses),
      threshold_(ChiSquareUpperQuantile(spec.significance, static_cast<double>(spec.bins - 1))) {}

RelativeEntropy::Histogram RelativeEntropy::WindowHistogram() const {
  Histogram h{};
  double range = max_ - min_;
  float weight = 1.0f / static_cast<float>(ring_.size());
  for (std::size_t i = 0; i < ring_.size(); ++i) {
    double at = range > 0 ? (ring_[i] - min_) / range * static_cast<double>(bins_) : 0;
    std::size_t bin = std::min(static_cast<std::size_t>(std::max(at, 0.0)), bins_ - 1);
    h[bin] += weight;
  }
  return h;
}

int RelativeEntropy::MatchingHypothesis(const Histogram& histogram) const {
  int best = -1;
  double best_statistic = threshold_;
  double n = static_cast<double>(ring_.size());
  for (std::size_t i = 0; i < hypotheses_; ++i) {
    double statistic = 2 * n * RelativeEntropyOf(histogram.data(), histograms_[i].data(), bins_);
    if (statistic < best_statistic) {
      best_statistic = statistic;
      best = static_cast<int>(i);
    }
  }
  return best;
}

void RelativeEntropy::AddHypothesis(const Histogram& histogram) {
  std::size_t at = hypotheses_;
  if (hypotheses_ == max_hypotheses_) {
    at = static_cast<std::size_t>(std::min_element(matches_.begin(), matches_.begin() + hypotheses_) - matches_.begin());
  } else {
    ++hypotheses_;
  }
  histograms_[at] = histogram;
  matches_[at] = 1;
}

Score RelativeEntropy::Update(const Sample& sample) {
  Score out;
  ++seen_;
  min_ = seen_ == 1 ? sample.value : std::min(min_, sample.value);
  max_ = seen_ == 1 ? sample.value : std::max(max_, sample.value);
  ring_.Push(sample.value);
  if (!ring_.full()) return out;
  out.warm = true;
  Histogram histogram = WindowHistogram();
  int match = MatchingHypothesis(histogram);
  if (match < 0) {
    // The first window is the first hypothesis, not an anomaly.
    if (hypotheses_ > 0) out.score = 1;
    AddHypothesis(histogram);
  } else if (++matches_[match] <= 1) {
    out.score = 1;
  }
  return out;
}

Value RelativeEntropy::State() const {
  Value out = Value::object();
  std::vector<double> window;
  for (std::size_t i = 0; i < ring_.size(); ++i) window.push_back(ring_[i]);
  out.set("window", NumbersToArray(window.data(), window.size()));
  out.set("seen", seen_);
  if (seen_ > 0) {
    out.set("min", min_);
    out.set("max", max_);
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

Status RelativeEntropy::LoadState(const Value& state) {
  std::vector<double> window;
  EVT_RETURN_IF_ERROR(ReadNumbers(state, "window", ring_.length(), window));
  for (double v : window) ring_.Push(v);
  EVT_RETURN_IF_ERROR(ReadCount(state, "seen", std::size_t{1} << 53, seen_));
  if (seen_ > 0) {
    EVT_RETURN_IF_ERROR(ReadNumber(state, "min", min_));
    EVT_RETURN_IF_ERROR(ReadNumber(state, "max", max_));
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

}  // namespace evt::detect
