// Writing Values as JSON: compact text, and the record stream's writer that
// puts one record on each line.
//
// What is written can always be read back by ParseJson into an equal Value:
// strings are escaped per RFC 8259 (`"`, `\` and every control character
// below U+0020; U+2028/U+2029 stay as they are), invalid UTF-8 is refused
// rather than passed through, doubles print in the shortest form that
// round-trips and always as doubles ("1.0", never "1"), integers exactly.
// NaN and infinity have no JSON form and are refused.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace evt {

// Appends `v` as compact JSON (no spaces, no newline). On error, `out` is
// left as it was and the Status is DataErr naming the JSON pointer of the
// culprit: "invalid UTF-8 in string at /items/2/name",
// "NaN cannot be written as JSON at /ratio". Nesting deeper than
// kMaxJsonDepth (json_parse.h) is refused, as the reader would refuse it.
Status AppendJson(std::string& out, const Value& v);
Result<std::string> ToJson(const Value& v);

// Appends `s` as a JSON string literal, quotes included. DataErr on
// invalid UTF-8, with `out` left as it was.
Status AppendJsonString(std::string& out, std::string_view s);

// "/" and the key with "~" and "/" written "~0" and "~1": one step of an
// RFC 6901 JSON pointer, as error messages name a value ("at /items/2").
std::string JsonPointerToken(std::string_view key);

enum class FlushPolicy {
  kEveryRecord,  // tools that emit over time: a pipe never holds a record back
  kBuffered,     // bulk output; call Flush() (or CloseStdout()) at the end
};

// Writes records as JSON Lines to a stdio stream it does not own.
//
// Write errors are Status::IoErr "write error: <reason>" and sticky: once
// one write failed, every later call returns the same error. EPIPE means the
// reader went away: reader_gone() turns true, and when the stream is stdout
// MarkReaderGone() (process_state.h) is called too, so the tool can end
// quietly with 0. That needs SIGPIPE ignored (InstallSignalHandlers()),
// otherwise the signal ends the process first.
class RecordWriter {
 public:
  explicit RecordWriter(std::FILE* out = stdout, FlushPolicy policy = FlushPolicy::kEveryRecord);
  // Writes out what is still buffered; a failure then is lost, so call
  // Flush() before the end to learn of it.
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  // Writes `record` and a newline. A value that cannot be written as JSON
  // (see AppendJson) is DataErr and writes nothing; the writer stays usable.
  Status Write(const Value& record);
  // Writes `json` and a newline as Write does: one record a tool serialised
  // itself (with AppendJsonString for its strings), for a hot loop that
  // should not build a Value per record. REQUIRES: `json` is one compact
  // JSON object, as AppendJson would write it.
  Status WriteSerialized(std::string_view json);
  // Writes `lines`, `records` records a tool serialised itself, each one
  // compact JSON object and its '\n': a block is written out without
  // being copied when nothing is waiting before it.
  Status WriteSerializedLines(std::string_view lines, std::size_t records);
  // Pushes buffered records to the kernel.
  Status Flush();

  bool reader_gone() const { return reader_gone_; }
  std::size_t records_written() const { return records_written_; }

 private:
  Status Failed(int error_number);
  // write(2)s `bytes` whole; `done` counts what went out.
  Status WriteAll(std::string_view bytes, std::size_t& done);

  std::FILE* out_;
  FlushPolicy policy_;
  // kBuffered writes out once this much is waiting.
  static constexpr std::size_t kBufferedBytes = 64 * 1024;

  std::string pending_;  // records not yet written; reused, so a steady stream allocates nothing
  Status failure_;
  bool reader_gone_ = false;
  std::size_t records_written_ = 0;
};

}  // namespace evt
