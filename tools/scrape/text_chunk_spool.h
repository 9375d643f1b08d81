// Text written once, in pieces that belong to different groups, and read
// back group by group: the lines of --format prometheus|openmetrics, whose
// families several sources add to in turns. The text goes to an unlinked
// temporary file once more than a buffer's worth is held, so printing a
// large exposition keeps memory flat; each group keeps only where its runs
// of text lie (one chunk per contiguous run).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace evt::scrape {

struct TextChunk {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};
using TextChunks = std::vector<TextChunk>;

class TextChunkSpool {
 public:
  // Bytes held in memory before they go to the file.
  static constexpr std::size_t kBufferBytes = 1 << 18;

  TextChunkSpool() = default;
  TextChunkSpool(const TextChunkSpool&) = delete;
  TextChunkSpool& operator=(const TextChunkSpool&) = delete;
  ~TextChunkSpool();

  // Appends `text` to the spool and to `group`: its last chunk grows when
  // it ends where the text starts.
  Status Append(std::string_view text, TextChunks& group);

  // The group's text, in the order appended, in pieces of any size.
  Status ForEachPiece(const TextChunks& group, const std::function<Status(std::string_view)>& each) const;
  // The group's text split at '\n' (each line without it); a text that
  // does not end in '\n' ends with the rest.
  Status ForEachLine(const TextChunks& group, const std::function<Status(std::string_view)>& each) const;

 private:
  Status FlushBuffer();
  Status Read(std::uint64_t offset, std::uint64_t length, std::string& out) const;

  int fd_ = -1;
  std::uint64_t flushed_ = 0;  // bytes in the file; the buffer holds the ones after them
  std::string buffer_;
};

}  // namespace evt::scrape
