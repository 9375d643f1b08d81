// False raises per day: each detector kind under the default raise/clear
// rule on DAYS synthetic days of a healthy probe (one sample every 2 s,
// 43,200 a day: 25 ms with lognormal jitter of 8 %, 1 % of probes lost, no
// fault injected), so every raise is a false one. A stand-in for a recorded
// day of the rehearsal's loopback site, which this does not replace.
//
// Usage: detect_quiet_days [DAYS=30] [SEED=20261206]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "engine/detect/detector.h"
#include "engine/detect/raise_clear_rule.h"

int main(int argc, char** argv) {
  int days = argc > 1 ? std::atoi(argv[1]) : 30;
  unsigned long long seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20261206;
  constexpr int kSamplesPerDay = 43200;
  std::printf("%d synthetic healthy days of a 2 s probe (seed %llu), default rule:\n", days, seed);
  for (std::string_view kind : evt::detect::kDetectorKinds) {
    std::mt19937_64 rng(seed);
    std::lognormal_distribution<double> jitter(0, 0.08);
    std::uniform_int_distribution<int> percent(0, 99);
    evt::detect::DetectorSpec spec;
    spec.kind = std::string(kind);
    auto detector = evt::detect::MakeDetector(spec);
    evt::detect::RaiseClearRule rule;
    long raises = 0;
    int worst_day = 0;
    for (int day = 0; day < days; ++day) {
      int today = 0;
      for (int i = 0; i < kSamplesPerDay; ++i) {
        double value = percent(rng) == 0 ? NAN : 25 * jitter(rng);
        double t = 1.7e9 + 2.0 * (static_cast<double>(day) * kSamplesPerDay + i);
        if (rule.Update(detector->Update({t, value})) == evt::detect::Transition::kRaise) ++today;
      }
      raises += today;
      worst_day = std::max(worst_day, today);
    }
    std::printf("  %-17s %6.2f false raises per day (worst day %d)\n", spec.kind.c_str(),
                static_cast<double>(raises) / days, worst_day);
  }
  return 0;
}
