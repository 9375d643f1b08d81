#include "common/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>

namespace evt {

namespace {

std::size_t PageSize() {
  static const auto size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

// The mapping being read on this thread (SIGBUS goes to the thread that
// faulted), and the handler that was there before Read's.
struct MappedFileGuard {
  static inline thread_local MappedFile* reading = nullptr;
  static inline thread_local struct sigaction previous {};

  // A page of the file that is gone is replaced by a zero page, and the
  // faulting read runs again on it. A fault anywhere else is not ours: the
  // previous handler is put back and the read faults again into it.
  static void OnSigbus(int, siginfo_t* info, void*) {
    MappedFile* file = reading;
    auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    auto begin = reinterpret_cast<std::uintptr_t>(file ? file->base_ : nullptr);
    if (file != nullptr && address >= begin && address < begin + file->length_) {
      void* page = reinterpret_cast<void*>(address & ~(PageSize() - 1));
      if (mmap(page, PageSize(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
        file->shrank_ = true;
        return;
      }
    }
    sigaction(SIGBUS, &previous, nullptr);
  }
};

std::unique_ptr<MappedFile> MappedFile::Map(const std::string& path, std::size_t padding, std::size_t max_size) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0 ||
      static_cast<std::uintmax_t>(info.st_size) > max_size) {
    close(fd);
    return nullptr;
  }
  auto size = static_cast<std::size_t>(info.st_size);
  std::size_t length = (size + padding + PageSize() - 1) & ~(PageSize() - 1);
  // Zero pages for the whole length first, then the file over its front:
  // the padding is the rest of the file's last page (zeros past its end)
  // and the zero pages after it. MAP_POPULATE maps all the file's pages in
  // one call rather than a fault every few pages.
  void* base = mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) {
    close(fd);
    return nullptr;
  }
  void* file = mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0);
  close(fd);
  if (file == MAP_FAILED) {
    munmap(base, length);
    return nullptr;
  }
  return std::unique_ptr<MappedFile>(new MappedFile(static_cast<const char*>(base), size, length));
}

MappedFile::~MappedFile() { munmap(const_cast<char*>(base_), length_); }

bool MappedFile::Read(const std::function<void()>& read) {
  // Installed for the outermost Read on this thread, and put back however
  // `read` ends (it may throw).
  struct Scope {
    explicit Scope(MappedFile* file) : outer(MappedFileGuard::reading) {
      if (outer == nullptr) {
        struct sigaction handler {};
        handler.sa_sigaction = &MappedFileGuard::OnSigbus;
        handler.sa_flags = SA_SIGINFO;
        sigemptyset(&handler.sa_mask);
        sigaction(SIGBUS, &handler, &MappedFileGuard::previous);
      }
      MappedFileGuard::reading = file;
    }
    ~Scope() {
      MappedFileGuard::reading = outer;
      if (outer == nullptr) sigaction(SIGBUS, &MappedFileGuard::previous, nullptr);
    }
    MappedFile* outer;
  } scope(this);
  read();
  return !shrank_;
}

}  // namespace evt
