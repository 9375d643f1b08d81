// A file mapped read-only with the zeroed padding simdjson reads past the
// end, for the catalog's quick reader: read() into a buffer faulted in a
// page of the buffer for every 4 KB of the file (a sixth of a cold start's
// page faults), where a mapping of the page cache faults in many pages at
// a time and copies nothing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <simdjson.h>

namespace evt::price {

class PaddedFile {
 public:
  // nullopt when `path` cannot be opened, mapped, is not a regular file or
  // is larger than `max_bytes`.
  static std::optional<PaddedFile> Map(const std::string& path, std::size_t max_bytes);

  PaddedFile(PaddedFile&& other) noexcept;
  PaddedFile& operator=(PaddedFile&&) = delete;
  PaddedFile(const PaddedFile&) = delete;
  PaddedFile& operator=(const PaddedFile&) = delete;
  ~PaddedFile();

  simdjson::padded_string_view text() const;

 private:
  PaddedFile(char* data, std::size_t size, std::size_t mapped) : data_(data), size_(size), mapped_(mapped) {}

  char* data_;
  std::size_t size_;    // the file's bytes
  std::size_t mapped_;  // the whole mapping, padding included
};

}  // namespace evt::price
