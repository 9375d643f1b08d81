#include "tools/probe/metrics_output.h"

#include <cstdio>

#include "common/atomic_file.h"

namespace evt::probe {

Status WriteMetrics(const std::string& textfile, const std::string& text) {
  if (!textfile.empty()) {
    Status written = WriteFileAtomically(textfile, text);
    if (!written.ok()) return Status::IoErr(textfile + ": cannot write: " + written.message());
    return Status::Ok();
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    return Status::IoErr("write error");
  return Status::Ok();
}

}  // namespace evt::probe
