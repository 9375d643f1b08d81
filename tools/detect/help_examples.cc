#include "tools/detect/help_examples.h"

namespace evt::detect {

HelpExampleTable HelpExamples() {
  return {
      {"run",
       {{"evt-scrape run | evt-detect run", "score the scraped series; an anomaly record when a rule raises or clears"},
        {"evt-detect run --model model.json history.jsonl", "replay a day of records against fitted baselines"},
        {"evt-detect run --watch /var/log/evt/metrics.jsonl", "run as a service, following the file as it grows"}}},
      {"fit",
       {{"evt-detect fit history-*.jsonl", "learn the baselines from a week of records into detect.model_file"},
        {"evt-detect fit --model model.json < history.jsonl", "write the model to a file of your choosing"}}},
      {"nab",
       {{"evt-detect nab --detector robust_z --detector holt", "score two of evt's detectors on the NAB corpus"},
        {"evt-detect nab --data ~/NAB --results ~/NAB/results/numenta", "score NAB's own results"}}},
  };
}

}  // namespace evt::detect
