#include "common/temp_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

namespace evt {

std::string TempFolder() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

int OpenUnlinkedTempFile(const std::string& dir) {
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  // O_TMPFILE is not supported by every file system (overlay on old kernels).
  std::string path = dir + "/evt.XXXXXX";
  fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) unlink(path.c_str());
  return fd;
}

}  // namespace evt
