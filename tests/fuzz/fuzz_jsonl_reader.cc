// Feeds arbitrary bytes to JsonlReader through a file descriptor, as a tool
// reads stdin, with a small line limit so over-long lines are exercised.
// Beyond "no crash, no hang, no sanitizer report" it checks what the reader
// promises: errors are DataErr naming the input, line numbers only grow, and
// every record it accepts is an object that the writer writes and the
// parser reads back equal.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

// One memory-backed file, rewritten for every input.
int InputFd(const std::uint8_t* data, std::size_t size) {
  static const int fd = memfd_create("fuzz_jsonl_reader", MFD_CLOEXEC);
  Require(fd >= 0);
  Require(ftruncate(fd, 0) == 0);
  Require(pwrite(fd, data, size, 0) == static_cast<ssize_t>(size));
  Require(lseek(fd, 0, SEEK_SET) == 0);
  return fd;
}

void CheckRoundTrip(const evt::Value& record) {
  Require(record.is_object());
  evt::Result<std::string> json = evt::ToJson(record);
  Require(json.ok());
  Require(json->find('\n') == std::string::npos);
  evt::Result<evt::Value> back = evt::ParseJson(*json, "round trip");
  Require(back.ok());
  Require(*back == record);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evt::JsonlReaderOptions options;
  options.max_line_bytes = 512;
  options.should_stop = nullptr;
  evt::JsonlReader reader(InputFd(data, size), "fuzz", options);
  auto newlines = static_cast<std::size_t>(std::count(data, data + size, '\n'));
  std::size_t last_line = 0;
  while (true) {
    evt::Result<std::optional<evt::JsonlRecord>> next = reader.Next();
    if (!next.ok()) {
      Require(next.status().code() == evt::ExitCode::kDataErr);
      Require(next.status().message().rfind("fuzz:", 0) == 0);
      Require(reader.line() > last_line);
      last_line = reader.line();
      continue;
    }
    if (!next->has_value()) break;
    Require((*next)->line > last_line && (*next)->line <= newlines + 1);
    last_line = (*next)->line;
    CheckRoundTrip((*next)->value);
  }
  Require(!reader.stopped());
  return 0;
}
