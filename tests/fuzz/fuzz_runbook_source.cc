// evt-runbook's untrusted input: a runbook's source. Compiles it and runs
// its top level in the sandbox (small limits, so loops and bombs end
// quickly), reads the header, and scans it as `check` does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tools/runbook/api_check.h"
#include "tools/runbook/runner.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evt::runbook::RunbookFile file;
  file.name = "fuzz";
  file.path = "fuzz.lua";
  file.source.assign(reinterpret_cast<const char*>(data), size);
  file.hash = "sha256:fuzz";
  (void)evt::runbook::UnknownEvtCalls(file);
  evt::runbook::SandboxLimits limits;
  limits.memory_bytes = std::size_t{8} << 20;
  limits.instructions = 200'000;
  (void)evt::runbook::LoadHeader(file, {}, limits, evt::Duration(1000));
  return 0;
}
