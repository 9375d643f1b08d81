// A file read by mapping it, for a large input read once at start (the
// price catalog): its pages are the page cache's own, where read() would
// copy them into fresh heap pages that the kernel must first fault in and
// zero (an eighth of evt-price's cold start for a megabyte of catalog).
//
// A mapped file that another program truncates meanwhile raises SIGBUS at
// the first read past its new end. Reads are therefore made inside Read(),
// which turns that into zeros and a false answer instead of a crash: the
// caller reads the file again the ordinary way, as it would a torn read.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace evt {

class MappedFile {
 public:
  // `path` mapped read-only with at least `padding` zero bytes readable
  // after its end (a SIMD parser reads past the end in blocks); null when
  // it cannot be opened, is not a regular file, is empty, or is larger than
  // `max_size`, which the caller's ordinary reading then explains.
  static std::unique_ptr<MappedFile> Map(const std::string& path, std::size_t padding, std::size_t max_size);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view text() const { return {base_, size_}; }
  // text().size() plus the padding: how much may be read from text().data().
  std::size_t readable() const { return length_; }

  // Runs `read`, which may read the mapping, on this thread; false when the
  // file shrank under it (what it read past the new end was zeros), and
  // whatever it made of that must be thrown away.
  bool Read(const std::function<void()>& read);

 private:
  MappedFile(const char* base, std::size_t size, std::size_t length) : base_(base), size_(size), length_(length) {}
  friend struct MappedFileGuard;

  const char* base_;
  std::size_t size_;
  std::size_t length_;
  bool shrank_ = false;
};

}  // namespace evt
