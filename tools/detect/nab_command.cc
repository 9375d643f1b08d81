// `evt-detect nab [--data DIR] [--results DIR...] [--detector KIND...]`:
// NAB's figures for stored results and for evt's detectors, both regimes,
// a table on a terminal and detect.nab records otherwise.
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/time_format.h"
#include "engine/nab/nab_report.h"
#include "tools/detect/commands.h"
#include "engine/detect/nab_hyperparameters.h"
#include "tools/detect/nab_run.h"

namespace evt::detect {
namespace {

constexpr const char* kSourceTreeHyperparameters = "engine/detect/nab_hyperparameters.json";

struct Scored {
  std::string detector;
  nab::DetectorScores scores;
};

// The committed NAB specs: the file named by --hyperparameters, else the
// source tree's, else none (every detector with the engine's defaults).
Result<std::vector<NamedSpec>> Hyperparameters(const Options& o) {
  if (!o.nab_hyperparameters.empty()) return ReadNabHyperparameters(o.nab_hyperparameters);
  std::error_code ec;
  if (!std::filesystem::exists(kSourceTreeHyperparameters, ec)) return std::vector<NamedSpec>();
  return ReadNabHyperparameters(kSourceTreeHyperparameters);
}

// NAB names a detector by its results folder: results/<detector>/.
std::string ResultsDetector(const std::string& dir) {
  std::filesystem::path p = std::filesystem::path(dir).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.filename().string();
}

Result<std::vector<Scored>> ScoreAll(const Options& o, const nab::Corpus& corpus) {
  std::vector<Scored> out;
  for (const std::string& dir : o.nab_results) {
    EVT_ASSIGN_OR_RETURN(nab::DetectorScores scores, nab::LoadResultsDir(dir, corpus));
    out.push_back({ResultsDetector(dir), std::move(scores)});
  }
  std::vector<NamedSpec> specs;
  if (!o.nab_detectors.empty()) {
    EVT_ASSIGN_OR_RETURN(specs, Hyperparameters(o));
  }
  for (const std::string& wanted : o.nab_detectors) {
    EVT_ASSIGN_OR_RETURN(NamedSpec chosen, ChooseNabSpec(specs, wanted));
    out.push_back({chosen.name, ScoreCorpus(corpus, chosen.spec)});
  }
  return out;
}

Result<std::optional<nab::PublishedScores>> Published(const std::string& data) {
  const std::filesystem::path path = std::filesystem::path(data) / "results" / "final_results.json";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<nab::PublishedScores>();
  EVT_ASSIGN_OR_RETURN(nab::PublishedScores published, nab::LoadPublishedScores(path));
  return std::optional<nab::PublishedScores>(std::move(published));
}

Status WriteRecords(const std::vector<nab::DetectorReport>& reports, const nab::PublishedScores* published) {
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  SystemClock clock;
  const std::string ts = FormatRfc3339(clock.Now());
  for (const nab::DetectorReport& report : reports) {
    for (Value& o : nab::ReportObjects(report, published)) {
      Value r = Value::object({{"kind", "detect.nab"}, {"v", 1}, {"ts", ts}});
      for (auto& [key, value] : o.as_object()) r.set(key, std::move(value));
      EVT_RETURN_IF_ERROR(out.Write(r));
    }
  }
  return out.Flush();
}

}  // namespace

Status RunNab(const Options& o) {
  if (o.nab_results.empty() && o.nab_detectors.empty())
    return Status::Usage("nab: nothing to score: give --results DIR (NAB results) or --detector KIND (evt's)");
  std::error_code ec;
  if (!std::filesystem::is_directory(o.nab_data, ec))
    return Status::NoInput(o.nab_data + ": no NAB corpus here (data/, labels/, config/); --data DIR names one");
  EVT_ASSIGN_OR_RETURN(nab::Corpus corpus, nab::LoadCorpus(o.nab_data));
  EVT_ASSIGN_OR_RETURN(std::vector<Scored> scored, ScoreAll(o, corpus));
  EVT_ASSIGN_OR_RETURN(std::optional<nab::PublishedScores> published, Published(o.nab_data));
  const nab::PublishedScores* reference = published ? &*published : nullptr;
  std::vector<nab::DetectorReport> reports;
  for (const Scored& s : scored) {
    for (nab::Regime regime : {nab::Regime::kCorpusThreshold, nab::Regime::kArtificialThreshold}) {
      EVT_ASSIGN_OR_RETURN(nab::DetectorReport report, nab::ScoreDetector(corpus, s.scores, s.detector, regime));
      reports.push_back(std::move(report));
    }
  }
  if (WantRecords(o.common)) return WriteRecords(reports, reference);
  const std::string table = nab::ReportTable(reports, reference);
  if (std::fwrite(table.data(), 1, table.size(), stdout) != table.size() || std::fflush(stdout) != 0)
    return Status::IoErr("write error: stdout");
  return Status::Ok();
}

}  // namespace evt::detect
