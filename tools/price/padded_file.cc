#include "tools/price/padded_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace evt::price {

namespace {

struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) close(fd);
  }
};

std::size_t PageSize() { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }

}  // namespace

// The padding past the file's last page is an anonymous mapping reserved
// first, over which the file is mapped: the bytes after the end are zeros
// either way, and no read strays past the file into a SIGBUS.
std::optional<PaddedFile> PaddedFile::Map(const std::string& path, std::size_t max_bytes) {
  Descriptor file{open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  struct stat info {};
  if (file.fd < 0 || fstat(file.fd, &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  auto size = static_cast<std::size_t>(info.st_size);
  if (size > max_bytes) return std::nullopt;
  std::size_t page = PageSize();
  std::size_t mapped = (size + simdjson::SIMDJSON_PADDING + page - 1) / page * page;
  void* region = mmap(nullptr, mapped, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return std::nullopt;
  if (size > 0 && mmap(region, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, file.fd, 0) == MAP_FAILED) {
    munmap(region, mapped);
    return std::nullopt;
  }
  return PaddedFile(static_cast<char*>(region), size, mapped);
}

PaddedFile::PaddedFile(PaddedFile&& other) noexcept
    : data_(other.data_), size_(other.size_), mapped_(other.mapped_) {
  other.data_ = nullptr;
}

PaddedFile::~PaddedFile() {
  if (data_ != nullptr) munmap(data_, mapped_);
}

simdjson::padded_string_view PaddedFile::text() const {
  return simdjson::padded_string_view(data_, size_, mapped_);
}

}  // namespace evt::price
