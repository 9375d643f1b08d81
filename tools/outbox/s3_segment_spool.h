// A sealed segment compressed into a spool file in the state directory
// before it is uploaded (doc/design.md §15.6): records are fed one line at a time and
// streamed through zstd to the file, so neither the segment nor the spool
// is ever held whole in memory. Single-threaded zstd at a fixed level is
// deterministic, so the same records always give the same bytes, the same
// sha256 and so the same object key after a kill -9.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::outbox {

struct SpoolSummary {
  std::string path;
  std::int64_t records = 0;
  std::int64_t raw_bytes = 0;         // the lines with their newlines
  std::int64_t compressed_bytes = 0;  // the file's size
  std::string sha256_hex;             // of the compressed bytes, what the upload signs
};

// Move-only. Writes PATH.partial and renames it to PATH on Finish (after an
// fsync), so a spool file that exists is whole.
class SegmentSpoolWriter {
 public:
  static Result<SegmentSpoolWriter> Create(const std::string& path, int zstd_level);
  SegmentSpoolWriter(SegmentSpoolWriter&&) noexcept;
  SegmentSpoolWriter& operator=(SegmentSpoolWriter&&) noexcept;
  ~SegmentSpoolWriter();

  // One record; the newline is added here. REQUIRES: `line` has none.
  Status Add(std::string_view line);
  Result<SpoolSummary> Finish();

 private:
  struct State;
  explicit SegmentSpoolWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace evt::outbox
