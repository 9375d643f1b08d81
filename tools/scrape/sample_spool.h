// The kept samples of an exposition, written to an unlinked temporary file
// in a compact binary form while the text is parsed, and read back only
// after the whole text has parsed: the exposition is parsed once, yet an
// invalid one is still refused whole (nothing was handed on before the
// refusal), and memory stays flat however many samples it holds.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "tools/scrape/exposition.h"

namespace evt::scrape {

struct OutSample;

class SampleSpoolWriter {
 public:
  // `fd`: an empty file, read and written at its offset; `source` names it in errors.
  SampleSpoolWriter(int fd, std::string_view source) : fd_(fd), source_(source) {}

  // The family the samples after it belong to.
  Status AddFamily(const Family& family);
  Status AddSample(const Sample& sample);
  // Writes what is still buffered; call it before reading the spool.
  Status Flush();

 private:
  Status EndEntry(std::size_t start);

  int fd_;
  std::string source_;
  std::string buffer_;
};

// Hands each spooled sample to `each`, in the order written, with its
// family's type, unit, help and name. `fd` is read from its start with
// pread, so the spool can be read again.
Status ReadSampleSpool(int fd, std::string_view source, const std::function<Status(const OutSample&)>& each);

}  // namespace evt::scrape
