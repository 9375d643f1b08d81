#include "common/jsonl_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "common/messages.h"
#include "common/output_mode.h"
#include "common/temp_file.h"

namespace evt {
namespace {

// Big enough that a read(2) moves a useful amount; lines longer than the
// first buffer grow it up to max_line_bytes, never further.
constexpr std::size_t kLargestFirstBuffer = 256 * 1024;
constexpr std::size_t kSmallestBuffer = 64 * 1024;
// Keeps the buffer arithmetic below from overflowing for absurd options.
constexpr std::size_t kLargestMaxLine = std::numeric_limits<std::size_t>::max() / 4;

std::string ErrnoText(int error_number) {
  std::string text = std::strerror(error_number);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Not zeroed: writing zeros over a 256 KB buffer (and faulting in its
// pages) was a twelfth of the instructions of a tool that reads one line.
// The bytes a parser may read past a line's end are defined instead by
// ZeroPaddingAfterData after every change of end_.
std::unique_ptr<char[]> NewBuffer(std::size_t capacity) {
  return std::make_unique_for_overwrite<char[]>(capacity + kJsonPadding);
}

// A person who runs a filter without input sees a tool that seems to hang:
// say what it waits for, once, before the first read of a terminal. A pipe
// or a file on stdin needs no hint, and -q asks for none.
void HintWhenStdinIsATerminal(int fd) {
  static bool checked = false;
  if (fd != STDIN_FILENO || checked) return;
  checked = true;
  if (CurrentVerbosity() == Verbosity::kQuiet || !IsTerminal(STDIN_FILENO)) return;
  PrintError("reading records from stdin, Ctrl-D to end");
}

}  // namespace

struct JsonlReader::Fd {
  int fd;
  bool owned;
  ~Fd() {
    if (owned) close(fd);
  }
};

JsonlReader::JsonlReader(int fd, std::string_view name, JsonlReaderOptions options)
    : fd_(new Fd{fd, false}),
      name_(name == "-" ? "<stdin>" : std::string(name)),
      options_(std::move(options)) {
  options_.max_line_bytes = std::min(options_.max_line_bytes, kLargestMaxLine);
  capacity_ = std::clamp(options_.max_line_bytes + 2, kSmallestBuffer, kLargestFirstBuffer);
  buffer_ = NewBuffer(capacity_);
  ZeroPaddingAfterData();
}

// A line may end where the data ends: the kJsonPadding bytes after it are
// what simdjson reads past the line, and must hold no garbage.
void JsonlReader::ZeroPaddingAfterData() { std::memset(buffer_.get() + end_, 0, kJsonPadding); }

JsonlReader::JsonlReader(JsonlReader&&) noexcept = default;
JsonlReader& JsonlReader::operator=(JsonlReader&&) noexcept = default;
JsonlReader::~JsonlReader() = default;

Result<JsonlReader> JsonlReader::Open(const std::string& path, JsonlReaderOptions options) {
  if (path == "-") return JsonlReader(STDIN_FILENO, "-", std::move(options));
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NoInput(path + ": cannot open: " + ErrnoText(errno));
  struct stat info {};
  if (fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    close(fd);
    return Status::NoInput(path + ": is a directory, expected a JSON Lines file");
  }
  JsonlReader reader(fd, path, std::move(options));
  reader.fd_->owned = true;
  return reader;
}

namespace {

Result<int> SpoolStdin() {
  const std::string folder = TempFolder();
  int fd = OpenUnlinkedTempFile(folder);
  if (fd < 0) return Status::IoErr(folder + ": cannot make a temporary file for stdin: " + ErrnoText(errno));
  char buffer[1 << 16];
  while (true) {
    ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    bool written = n > 0;
    for (ssize_t off = 0; written && off < n;) {
      ssize_t w = write(fd, buffer + off, static_cast<std::size_t>(n - off));
      if (w < 0 && errno == EINTR) continue;
      written = w > 0;
      off += w > 0 ? w : 0;
    }
    if (!written) {
      Status error = Status::IoErr(std::string(n < 0 ? "<stdin>: cannot read: " : folder + ": cannot spool stdin: ") +
                                   ErrnoText(errno));
      close(fd);
      return error;
    }
  }
  if (lseek(fd, 0, SEEK_SET) < 0) {
    Status error = Status::IoErr(folder + ": cannot rewind the spooled stdin: " + ErrnoText(errno));
    close(fd);
    return error;
  }
  return fd;
}

}  // namespace

Result<JsonlReader> JsonlReader::OpenSpooled(const std::string& path, JsonlReaderOptions options) {
  struct stat info {};
  if (path != "-" || (fstat(STDIN_FILENO, &info) == 0 && (S_ISREG(info.st_mode) || S_ISCHR(info.st_mode))))
    return Open(path, std::move(options));
  EVT_ASSIGN_OR_RETURN(int fd, SpoolStdin());
  JsonlReader reader(fd, "-", std::move(options));
  reader.fd_->owned = true;
  return reader;
}

Result<std::optional<JsonlRecord>> JsonlReader::Next() {
  while (!finished_) {
    std::string_view text;
    Status error;
    switch (NextLine(text, error)) {
      case LineOutcome::kEnd: finished_ = true; break;
      case LineOutcome::kReadError: finished_ = true; return error;
      case LineOutcome::kTooLong:
        return Status::DataErr(name_ + ":" + std::to_string(line_) + ": line longer than " +
                               std::to_string(options_.max_line_bytes) + " bytes");
      case LineOutcome::kLine:
        if (IsBlank(text) || (options_.take_line && options_.take_line(text, line_))) break;
        return ParseLine(text);
    }
  }
  return std::optional<JsonlRecord>();
}

Result<std::optional<JsonlRecord>> JsonlReader::ParseLine(std::string_view text) {
  Result<Value> value = parser_.Parse(text, name_, line_);
  if (!value.ok()) return value.status();
  if (!value->is_object()) {
    return Status::DataErr(name_ + ":" + std::to_string(line_) + ": expected an object, got " +
                           std::string(value->type_name()));
  }
  return std::optional<JsonlRecord>(JsonlRecord{std::move(*value), line_});
}

JsonlReader::LineOutcome JsonlReader::NextLine(std::string_view& line, Status& error) {
  while (true) {
    char* data = buffer_.get();
    if (auto* newline = static_cast<char*>(std::memchr(data + scan_, '\n', end_ - scan_))) {
      auto at = static_cast<std::size_t>(newline - data);
      return Take(at, at + 1, line);
    }
    scan_ = end_;
    if (at_eof_) return LastLine(line);
    // One byte of slack for a "\r" before the newline still to come.
    if (end_ - begin_ > options_.max_line_bytes + 1) skipping_long_line_ = true;
    if (skipping_long_line_) {
      begin_ = scan_ = end_ = 0;  // drop what we have: constant memory
    } else {
      MakeRoom();
    }
    error = Fill();
    if (!error.ok()) return LineOutcome::kReadError;
    if (stopped_) return LineOutcome::kEnd;
  }
}

JsonlReader::LineOutcome JsonlReader::LastLine(std::string_view& line) {
  if (begin_ == end_ && !skipping_long_line_) return LineOutcome::kEnd;
  // After compaction the bytes past end_ are stale input, perhaps "[[[";
  // JsonParser needs a line to end in something that is not JSON.
  buffer_[end_] = '\n';
  return Take(end_, end_, line);
}

JsonlReader::LineOutcome JsonlReader::Take(std::size_t line_end, std::size_t next_start,
                                           std::string_view& line) {
  ++line_;
  std::size_t start = begin_;
  begin_ = scan_ = next_start;
  if (skipping_long_line_) {
    skipping_long_line_ = false;
    return LineOutcome::kTooLong;
  }
  if (line_end > start && buffer_[line_end - 1] == '\r') --line_end;
  if (line_end - start > options_.max_line_bytes) return LineOutcome::kTooLong;
  line = std::string_view(buffer_.get() + start, line_end - start);
  return LineOutcome::kLine;
}

// REQUIRES: no newline in the buffer and at most max_line_bytes + 1 bytes
// held, so the buffer may grow to max_line_bytes + 2 and no further.
void JsonlReader::MakeRoom() {
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    scan_ -= begin_;
    begin_ = 0;
  }
  if (end_ < capacity_) return;
  std::size_t limit = std::max(kSmallestBuffer, options_.max_line_bytes + 2);
  std::size_t bigger = std::min(capacity_ * 2, limit);
  std::unique_ptr<char[]> grown = NewBuffer(bigger);
  std::memcpy(grown.get(), buffer_.get(), end_);
  buffer_ = std::move(grown);
  capacity_ = bigger;
  ZeroPaddingAfterData();
}

// With the default stop predicate, waits in poll(2) on the input and the
// stop wakeup together, so a SIGTERM that lands just before the wait still
// ends it. False when it is the stop that woke us.
bool JsonlReader::WaitUntilReadable() const {
  auto* predicate = options_.should_stop.target<bool (*)()>();
  int wakeup = StopWakeupFd();
  if (predicate == nullptr || *predicate != &StopRequested || wakeup < 0) return true;
  pollfd fds[2] = {{fd_->fd, POLLIN, 0}, {wakeup, POLLIN, 0}};
  if (poll(fds, 2, -1) < 0) return errno != EINTR;
  return (fds[1].revents & POLLIN) == 0;
}

Status JsonlReader::Fill() {
  if (options_.before_read) options_.before_read();
  HintWhenStdinIsATerminal(fd_->fd);
  while (true) {
    if (ShouldStop()) {
      stopped_ = true;
      return Status::Ok();
    }
    if (!WaitUntilReadable()) continue;
    ssize_t got = read(fd_->fd, buffer_.get() + end_, capacity_ - end_);
    if (got > 0) {
      end_ += static_cast<std::size_t>(got);
      ZeroPaddingAfterData();
      return Status::Ok();
    }
    if (got == 0) {
      at_eof_ = true;
      return Status::Ok();
    }
    if (errno == EINTR) continue;  // the loop asks ShouldStop() again
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // A non-blocking stdin (inherited from a parent) has no data yet: wait.
      pollfd wait_for{fd_->fd, POLLIN, 0};
      poll(&wait_for, 1, -1);
      continue;
    }
    return Status::IoErr(name_ + ": read error: " + ErrnoText(errno));
  }
}

}  // namespace evt
