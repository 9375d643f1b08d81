// evt-detect's model file from arbitrary bytes: read as run --model reads
// it; a model that passes starts a run whose series it knows, so every
// restored detector state is exercised. A model is data from another box:
// nothing in it may crash, hang or overflow the run.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "tools/detect/model_file.h"
#include "tools/detect/stream_scorer.h"

namespace {

const std::string& ModelPath() {
  static const std::string path = [] {
    char pattern[] = "/tmp/evt-fuzz-detect-model-XXXXXX";
    const int fd = mkstemp(pattern);
    if (fd >= 0) close(fd);
    return std::string(pattern);
  }();
  return path;
}

void Drive(const evt::detect::Model& model) {
  evt::detect::DetectSection section;
  section.series.push_back(evt::detect::SeriesSpec{"latency", "probe", {}, "total_ms", "default", "default"});
  section.rules["default"] = evt::detect::RuleSpec{};
  section.models["default"] = evt::detect::DetectorSpec{};
  evt::detect::StreamScorer scorer(section, &model, [](const evt::Value&) { return evt::Status::Ok(); });
  for (int i = 0; i < 100; ++i) {
    evt::Value r = evt::Value::object({{"kind", "probe"}, {"v", 1}, {"ts", "2026-12-05T10:00:00.000Z"}});
    r.set("target", "checkout");
    r.set("total_ms", i % 10 == 0 ? 1e12 : 50.0 + i % 3);
    (void)scorer.Score(r);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = ModelPath();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  evt::Result<evt::detect::Model> model = evt::detect::ReadModelFile(path);
  if (model.ok()) Drive(*model);
  return 0;
}
