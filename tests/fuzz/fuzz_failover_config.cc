// evt-failover's config reader from arbitrary bytes: the text is written as
// a config file and read as evt-failover reads it; a config that passes
// drives the decider through a fixed run of probe results. Nothing may
// crash, hang or overflow, whatever the numbers (rise 1000, half-lives of
// a millisecond, limits of 1e308).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "common/config.h"
#include "tools/failover/decider.h"
#include "tools/failover/failover_config.h"

namespace {

const std::string& ConfigPath() {
  static const std::string path = [] {
    char pattern[] = "/tmp/evt-fuzz-failover-XXXXXX";
    const int fd = mkstemp(pattern);
    if (fd >= 0) close(fd);
    return std::string(pattern);
  }();
  return path;
}

void Drive(const evt::failover::FailoverSpec& spec) {
  evt::failover::Decider decider(spec);
  std::vector<std::string> targets;
  for (const auto& p : spec.paths)
    for (const std::string& t : p.targets) targets.push_back(t);
  targets.push_back("unused");
  std::vector<evt::failover::Event> events;
  evt::TimePoint now{};
  for (int i = 0; i < 200; ++i) {
    now += evt::Duration(i % 7 == 0 ? 60000 : 250);
    const std::string& target = targets[static_cast<std::size_t>(i) % targets.size()];
    decider.Observe({target, (i / 5) % 3 != 0, static_cast<double>(i * 37 % 1500), "refused"}, now, &events);
    if (i == 50) (void)decider.Force(spec.paths.back().name, now + evt::Duration(1000), now, &events);
    if (i == 120) decider.Release(now, &events);
    if (i == 150 && !events.empty()) decider.RevertSwitch(events.back(), "fuzz", true, now, &events);
    events.clear();
  }
  evt::failover::Decider restored(spec);
  restored.Restore(decider.Snapshot());
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
  evt::Result<evt::failover::FailoverConfig> failover = evt::failover::ReadFailoverConfig(*config);
  if (failover.ok()) Drive(failover->spec);
  return 0;
}
