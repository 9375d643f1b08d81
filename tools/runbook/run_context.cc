#include "tools/runbook/run_context.h"

#include "common/messages.h"

namespace evt::runbook {

void RunContext::Log(std::string_view level, std::string_view text) {
  std::string line = ProgramName() + ": " + runbook + ": " + std::string(level) + ": " + redactor.Apply(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  auto write = [&] {
    std::fprintf(environment.log, "%s\n", line.c_str());
    std::fflush(environment.log);
  };
  if (sink != nullptr) {
    sink->Aside(write);
  } else {
    write();
  }
}

TimePoint RunContext::Now() const { return environment.clock->Now(); }

}  // namespace evt::runbook
