#include "engine/nab/nab_report.h"

#include <cstdio>
#include <optional>

#include "common/number_text.h"
#include "common/table.h"

namespace evt::nab {
namespace {

constexpr double kNullDetectorScore = 0.5;

DetectorScores NullDetector(const Corpus& corpus) {
  DetectorScores null;
  for (const CorpusFile& f : corpus.files) null.by_file[f.name].assign(f.size(), kNullDetectorScore);
  return null;
}

std::optional<double> PublishedFigure(const PublishedScores* published, const std::string& detector,
                                      const std::string& profile) {
  if (published == nullptr) return std::nullopt;
  auto d = published->find(detector);
  if (d == published->end()) return std::nullopt;
  auto p = d->second.find(profile);
  if (p == d->second.end()) return std::nullopt;
  return p->second;
}

std::string Fixed(double v, int decimals) { return FixedText(v, decimals); }

// Thresholds near 1 differ in the fifth decimal and beyond.
std::string Significant(double v) { return SignificantText(v, 6); }

}  // namespace

double Normalise(double raw, double null_score, double perfect_score) {
  return 100.0 * (raw - null_score) / (perfect_score - null_score);
}

std::string_view RegimeName(Regime regime) {
  return regime == Regime::kCorpusThreshold ? "corpus" : "artificial";
}

Result<Baseline> BaselineFor(const Corpus& corpus, const Profile& profile) {
  EVT_ASSIGN_OR_RETURN(ProfileResult null,
                       OptimiseThreshold(corpus, NullDetector(corpus), profile, AllFileNames(corpus)));
  Baseline baseline{null.score, static_cast<double>(corpus.WindowCount()) * profile.tp_weight};
  if (baseline.perfect_score == baseline.null_score) {
    return Status::DataErr("profile " + profile.name + ": the null detector scores as well as a perfect one (" +
                           Fixed(baseline.null_score, 3) + "); the corpus needs labelled windows");
  }
  return baseline;
}

Result<DetectorReport> ScoreDetector(const Corpus& corpus, const DetectorScores& scores, std::string detector,
                                     Regime regime) {
  DetectorReport report{std::move(detector), regime, {}};
  const std::vector<std::string> tuning_files =
      regime == Regime::kCorpusThreshold ? AllFileNames(corpus) : corpus.ArtificialFileNames();
  if (tuning_files.empty()) {
    return Status::DataErr("the corpus has no files under artificial*/ to fix the threshold on");
  }
  for (const Profile& profile : corpus.profiles) {
    EVT_ASSIGN_OR_RETURN(Baseline baseline, BaselineFor(corpus, profile));
    EVT_ASSIGN_OR_RETURN(ProfileResult tuned, OptimiseThreshold(corpus, scores, profile, tuning_files));
    EVT_ASSIGN_OR_RETURN(ProfileResult result, ScoreAtThreshold(corpus, scores, profile, tuned.threshold));
    const double normalised = Normalise(result.score, baseline.null_score, baseline.perfect_score);
    report.profiles.push_back({std::move(result), baseline, normalised});
  }
  return report;
}

std::string ReportTable(const std::vector<DetectorReport>& reports, const PublishedScores* published) {
  Table table;
  for (const char* column : {"detector", "regime", "profile", "threshold", "raw", "score", "published"}) {
    table.AddColumn(column);
  }
  for (const DetectorReport& report : reports) {
    for (const ProfileScore& p : report.profiles) {
      std::optional<double> figure = PublishedFigure(published, report.detector, p.result.profile);
      table.AddRow({report.detector, std::string(RegimeName(report.regime)), p.result.profile,
                    Significant(p.result.threshold), Fixed(p.result.score, 2), Fixed(p.normalised, 1),
                    figure ? Fixed(*figure, 1) : "-"});
    }
  }
  return table.Render(false, 0);
}

std::vector<Value> ReportObjects(const DetectorReport& report, const PublishedScores* published) {
  std::vector<Value> objects;
  for (const ProfileScore& p : report.profiles) {
    Value o = Value::object({{"detector", report.detector},
                             {"regime", RegimeName(report.regime)},
                             {"profile", p.result.profile},
                             {"threshold", p.result.threshold},
                             {"raw_score", p.result.score},
                             {"null_score", p.baseline.null_score},
                             {"perfect_score", p.baseline.perfect_score},
                             {"score", p.normalised},
                             {"tp", p.result.counts.tp},
                             {"fp", p.result.counts.fp},
                             {"fn", p.result.counts.fn},
                             {"tn", p.result.counts.tn}});
    if (std::optional<double> figure = PublishedFigure(published, report.detector, p.result.profile)) {
      o.set("published", *figure);
    }
    objects.push_back(std::move(o));
  }
  return objects;
}

}  // namespace evt::nab
