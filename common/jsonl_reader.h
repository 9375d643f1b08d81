// Reading the record stream: JSON Lines from stdin or a file, one record at
// a time, in constant memory whatever the size of the input.
//
//   Result<JsonlReader> reader = JsonlReader::Open(path);  // "-" is stdin
//   while (true) {
//     Result<std::optional<JsonlRecord>> next = reader->Next();
//     if (!next.ok()) { ... DataErr: skip or stop; IoErr: stop ... }
//     else if (!*next) break;  // end of input
//     else Use((*next)->value, (*next)->line);
//   }
//
// A line is one JSON object; blank lines are skipped; "\r\n" endings are
// accepted; a last line without "\n" is still a record. Memory is bounded by
// max_line_bytes plus a fixed read buffer: a longer line is skipped up to its
// newline without being held, and reported. When stdin is a terminal, the
// first read of it says on stderr "reading records from stdin, Ctrl-D to
// end" (not under -q), so a tool waiting for input does not look hung.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/json_parse.h"
#include "common/process_state.h"
#include "common/status.h"
#include "common/value.h"

namespace evt {

struct JsonlRecord {
  Value value;       // always an object
  std::size_t line;  // 1-based line number in the input
};

struct JsonlReaderOptions {
  // Longest line accepted, not counting its "\r\n" or "\n".
  std::size_t max_line_bytes = std::size_t{1} << 20;
  // Asked before each read(2) and whenever one is interrupted by a signal:
  // true ends the stream early, as if at end of input, with stopped() true,
  // so a tool blocked on a quiet pipe gets to finish on SIGINT/SIGTERM.
  // The default asks process_state.h's StopRequested(); an empty function
  // never stops.
  std::function<bool()> should_stop = StopRequested;
  // Offered each non-blank line (without its line ending) and its number
  // before it is parsed: returning true takes the line, and Next() goes on
  // to the following one as if it had been blank. For a tool's fast path
  // over its own plain records, skipping the Value; a line it declines is
  // parsed and returned (or reported) as usual. Empty: every line is parsed.
  std::function<bool(std::string_view line, std::size_t number)> take_line;
  // Called before each read(2), which may wait for input: a tool that
  // buffers its output flushes it here, so every record its input has asked
  // for so far is out before it blocks for more (a cashier typing carts
  // into a pipe sees each quote), while a fast stream writes once per read
  // rather than once per record. Empty: nothing is called.
  std::function<void()> before_read;
};

class JsonlReader {
 public:
  // Reads `fd`, which stays the caller's to close. `name` names the input
  // in messages; "-" is shown as "<stdin>".
  explicit JsonlReader(int fd, std::string_view name = "-", JsonlReaderOptions options = {});
  // Opens `path` for reading; "-" means stdin. A missing or unreadable file
  // or a directory is Status::NoInput naming the path.
  static Result<JsonlReader> Open(const std::string& path, JsonlReaderOptions options = {});
  // As Open, but stdin that is a pipe or a socket is first copied whole to an
  // unlinked temporary file (in $TMPDIR, else /tmp) and read from there: for
  // a command that holds a store's write lock while it reads (a merge), so a
  // slow sender (ssh over a 5G link) does not hold the lock. IoErr when the
  // copy cannot be written.
  static Result<JsonlReader> OpenSpooled(const std::string& path, JsonlReaderOptions options = {});

  JsonlReader(JsonlReader&&) noexcept;
  JsonlReader& operator=(JsonlReader&&) noexcept;
  ~JsonlReader();

  // The next record, or std::nullopt at the end of input (or once stopped).
  // Errors:
  // - DataErr "NAME:LINE: what" for a bad line (malformed JSON, not an
  //   object, duplicate key, invalid UTF-8, "line longer than N bytes");
  //   the next call goes on with the following line.
  // - IoErr "NAME: read error: reason"; the stream is over, and the next
  //   call returns std::nullopt.
  Result<std::optional<JsonlRecord>> Next();

  // The input's name as shown in messages.
  const std::string& name() const { return name_; }
  // The number of the last line read (0 before the first).
  std::size_t line() const { return line_; }
  // True when should_stop() ended the stream before its end.
  bool stopped() const { return stopped_; }

 private:
  enum class LineOutcome { kLine, kTooLong, kEnd, kReadError };
  struct Fd;

  LineOutcome NextLine(std::string_view& line, Status& error);
  LineOutcome LastLine(std::string_view& line);
  LineOutcome Take(std::size_t line_end, std::size_t next_start, std::string_view& line);
  void MakeRoom();
  void ZeroPaddingAfterData();
  Status Fill();
  bool WaitUntilReadable() const;
  bool ShouldStop() const { return options_.should_stop && options_.should_stop(); }
  Result<std::optional<JsonlRecord>> ParseLine(std::string_view text);

  std::unique_ptr<Fd> fd_;
  std::string name_;
  JsonlReaderOptions options_;
  JsonParser parser_;

  // Input not yet consumed is buffer_[begin_, end_); no '\n' before scan_.
  // The allocation has kJsonPadding more bytes than capacity_ so lines are
  // parsed where they lie.
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::size_t scan_ = 0;

  std::size_t line_ = 0;
  bool skipping_long_line_ = false;
  bool at_eof_ = false;
  bool finished_ = false;
  bool stopped_ = false;
};

}  // namespace evt
