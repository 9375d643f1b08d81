// evt-detect's config reader from arbitrary bytes: the text is written as a
// config file and read as evt-detect reads it; a section that passes scores
// a fixed stream of probe records (spikes, gaps, nulls, many targets), so
// every detector and rule the config can name runs. Nothing may crash, hang
// or overflow, whatever the numbers.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "common/config.h"
#include "tools/detect/detect_config.h"
#include "tools/detect/stream_scorer.h"

namespace {

const std::string& ConfigPath() {
  static const std::string path = [] {
    char pattern[] = "/tmp/evt-fuzz-detect-XXXXXX";
    const int fd = mkstemp(pattern);
    if (fd >= 0) close(fd);
    return std::string(pattern);
  }();
  return path;
}

void Drive(const evt::detect::DetectSection& section) {
  evt::detect::StreamScorer scorer(section, nullptr, [](const evt::Value&) { return evt::Status::Ok(); });
  for (int i = 0; i < 300; ++i) {
    evt::Value r = evt::Value::object({{"kind", i % 3 == 0 ? "metric" : "probe"}, {"v", 1}});
    r.set("ts", "2026-12-05T10:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ":00.000Z");
    r.set("target", "t" + std::to_string(i % 7));
    r.set("name", "m");
    if (i % 11 != 0) r.set("total_ms", i % 37 == 0 ? 1e300 : 50.0 + i % 5);
    r.set("value", i % 13 == 0 ? -1e308 : static_cast<double>(i));
    r.set("ok", i % 4 != 0);
    (void)scorer.Score(r);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = ConfigPath();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  evt::Result<evt::Config> config = evt::LoadConfig(path);
  if (!config.ok()) return 0;
  evt::Result<evt::detect::DetectSection> section = evt::detect::ReadDetectSection(*config);
  if (section.ok()) Drive(*section);
  return 0;
}
