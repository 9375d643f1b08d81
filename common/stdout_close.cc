#include "common/stdout_close.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "common/process_state.h"

namespace evt {
namespace {

Status WriteError(int error_number) {
  std::string message = "write error";
  if (error_number != 0) {
    message += ": ";
    std::string reason = std::strerror(error_number);
    // "No space left on device" -> "no space left on device": lowercase
    // after "prog: ", as every evt message (and RecordWriter's) reads.
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    message += reason;
  }
  return Status::IoErr(std::move(message));
}

// Returns the errno of the first failure, -1 for a failure whose errno is
// lost (an earlier write set the stream's error flag), or 0 for none.
int FlushAndClose() {
  bool failed_before = std::ferror(stdout) != 0 || std::cout.bad();
  int error = 0;
  // With sync_with_stdio (the default) this is fflush(stdout) already.
  if (std::cout.good()) {
    errno = 0;
    if (!std::cout.flush()) error = errno != 0 ? errno : -1;
  }
  errno = 0;
  if (std::fflush(stdout) != 0 && error == 0) error = errno != 0 ? errno : -1;
  // close(2) rather than fclose(3): the C++ runtime flushes std::cout, and
  // so stdout, once more at exit, and must not meet a closed FILE.
  if (close(STDOUT_FILENO) != 0 && errno != EBADF && error == 0) error = errno;
  if (error == 0 && failed_before) error = -1;
  return error;
}

}  // namespace

Status CloseStdout() {
  int error_number = FlushAndClose();
  if (error_number == 0 || ReaderGone() || error_number == EPIPE) return Status::Ok();
  return WriteError(error_number > 0 ? error_number : 0);
}

}  // namespace evt
