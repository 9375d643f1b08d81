// The kept samples of an exposition, written to an unlinked temporary file
// in a compact binary form while the text is parsed, and read back only
// after the whole text has parsed: the exposition is parsed once, yet an
// invalid one is still refused whole (nothing was handed on before the
// refusal), and memory stays flat however many samples it holds.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tools/scrape/exposition.h"

namespace evt::scrape {

struct OutSample;
struct FamilyMeta;

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
  // The previous sample's name and labels: a sample spools only what
  // differs from them (most repeat: a family's series share their label
  // names, a histogram's buckets their name and all but one label value),
  // which keeps the file small.
  bool first_ = true;
  std::string name_;
  std::vector<std::string> keys_, values_;
  std::string changed_;  // a bit per label value that differs
};

// One spooled sample as read back: views into the reader, valid during the
// call only. The flags say what changed since the previous sample, so a
// caller can keep what it made of the family, name and label names.
struct SpooledSample {
  const std::shared_ptr<const FamilyMeta>& meta;
  std::string_view name;
  std::span<const std::string_view> keys, values;  // the labels, in exposition order
  std::span<const bool> new_values;                 // per label: its value differs (or its name does)
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
  bool new_family = false, new_name = false, new_keys = false;
};

// Hands each spooled sample to `each`, in the order written, with its
// family's type, unit, help and name. `fd` is read from its start with
// pread, so the spool can be read again.
Status ReadSpooledSamples(int fd, std::string_view source, const std::function<Status(const SpooledSample&)>& each);
// The same samples as OutSamples.
Status ReadSampleSpool(int fd, std::string_view source, const std::function<Status(const OutSample&)>& each);

}  // namespace evt::scrape
