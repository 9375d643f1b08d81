// The detectors' cost (engine/detect): nanoseconds per update and state
// bytes per series, for each kind, on NAB's largest file and on a
// synthetic stream of N samples, beside a raw read of the same samples in
// memory (a pass that sums them: the floor any consumer pays) and their
// ratio. Best of RUNS passes; JSON parsing is not part of either figure.
//
// Usage: detect_cost NAB_ROOT [N=10000000] [RUNS=3]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "engine/detect/detector.h"
#include "engine/nab/nab_corpus.h"

namespace {

using Clock = std::chrono::steady_clock;
using evt::detect::Sample;

constexpr const char* kLargestFile = "realKnownCause/machine_temperature_system_failure.csv";

// A probe-like stream: a slow wave, noise, a spike every ~1000 samples, a
// level shift every ~100,000, one missing value in 500.
std::vector<Sample> SyntheticStream(std::size_t n) {
  std::mt19937_64 rng(20261206);
  std::normal_distribution<double> noise(0, 1);
  std::uniform_int_distribution<int> per_mille(0, 999);
  std::vector<Sample> out(n);
  double level = 25;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 100000 == 99999) level += 10 * noise(rng);
    double v = level + 3 * std::sin(static_cast<double>(i) * 2e-3) + noise(rng);
    int p = per_mille(rng);
    if (p == 0) v += 40;
    if (p == 1 || p == 2) v = NAN;
    out[i] = {1.7e9 + 2.0 * static_cast<double>(i), v};
  }
  return out;
}

double BestNs(int runs, auto&& pass) {
  double best = 1e300;
  for (int r = 0; r < runs; ++r) {
    Clock::time_point start = Clock::now();
    pass();
    best = std::min(best, std::chrono::duration<double, std::nano>(Clock::now() - start).count());
  }
  return best;
}

void Measure(const std::string& label, const std::vector<Sample>& samples, int runs) {
  volatile double sink = 0;
  double raw_ns = BestNs(runs, [&] {
    double sum = 0;
    for (const Sample& s : samples) sum += std::isfinite(s.value) ? s.value : 0;
    sink = sum;
  });
  double n = static_cast<double>(samples.size());
  std::printf("%s: %zu samples; raw read %.2f ns per sample\n", label.c_str(), samples.size(), raw_ns / n);
  for (std::string_view kind : evt::detect::kDetectorKinds) {
    evt::detect::DetectorSpec spec;
    spec.kind = std::string(kind);
    std::size_t state = 0;
    double ns = BestNs(runs, [&] {
      auto detector = evt::detect::MakeDetector(spec);
      double sum = 0;
      for (const Sample& s : samples) sum += detector->Update(s).score;
      sink = sum;
      state = detector->StateBytes();
    });
    std::printf("  %-17s %7.1f ns per update (%6.1f x raw read), state %4zu bytes\n", spec.kind.c_str(), ns / n,
                ns / raw_ns, state);
  }
  (void)sink;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: detect_cost NAB_ROOT [N=10000000] [RUNS=3]\n";
    return 2;
  }
  std::size_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000000;
  int runs = argc > 3 ? std::atoi(argv[3]) : 3;
  evt::Result<evt::nab::Corpus> corpus = evt::nab::LoadCorpus(argv[1]);
  if (!corpus.ok()) {
    std::cerr << "detect_cost: " << corpus.status().ToString() << "\n";
    return evt::ToInt(corpus.status().code());
  }
  const evt::nab::CorpusFile* file = corpus->FindFile(kLargestFile);
  if (file == nullptr) {
    std::cerr << "detect_cost: " << kLargestFile << " is not in the corpus\n";
    return 66;
  }
  std::vector<Sample> nab(file->size());
  for (std::size_t i = 0; i < file->size(); ++i) {
    nab[i] = {static_cast<double>(file->epoch_seconds[i]), file->values[i]};
  }
  Measure(std::string("NAB ") + kLargestFile, nab, runs);
  Measure("synthetic stream", SyntheticStream(n), runs);
  return 0;
}
