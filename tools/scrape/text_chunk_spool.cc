#include "tools/scrape/text_chunk_spool.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/temp_file.h"

namespace evt::scrape {
namespace {

constexpr std::uint64_t kReadBytes = 1 << 16;

Status SpoolError(const std::string& what) {
  return Status::IoErr("the exposition text's spool in " + TempFolder() + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

TextChunkSpool::~TextChunkSpool() {
  if (fd_ >= 0) close(fd_);
}

Status TextChunkSpool::Append(std::string_view text, TextChunks& group) {
  std::uint64_t end = flushed_ + buffer_.size();
  if (!group.empty() && group.back().offset + group.back().length == end) {
    group.back().length += text.size();
  } else {
    group.push_back({end, text.size()});
  }
  buffer_.append(text);
  if (buffer_.size() >= kBufferBytes) return FlushBuffer();
  return Status::Ok();
}

Status TextChunkSpool::FlushBuffer() {
  if (fd_ < 0) {
    fd_ = OpenUnlinkedTempFile(TempFolder());
    if (fd_ < 0) return SpoolError("cannot make it");
  }
  std::size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = pwrite(fd_, buffer_.data() + done, buffer_.size() - done, static_cast<off_t>(flushed_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SpoolError("write");
    done += static_cast<std::size_t>(n);
  }
  flushed_ += buffer_.size();
  buffer_.clear();
  return Status::Ok();
}

// Replaces `out` with the bytes at [offset, offset + length): those before
// flushed_ from the file, the rest from the buffer.
Status TextChunkSpool::Read(std::uint64_t offset, std::uint64_t length, std::string& out) const {
  out.resize(length);
  std::uint64_t done = 0;
  while (done < length && offset + done < flushed_) {
    std::uint64_t want = std::min(length - done, flushed_ - offset - done);
    ssize_t n = pread(fd_, out.data() + done, want, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SpoolError("read");
    if (n == 0) return Status::IoErr("the exposition text's spool in " + TempFolder() + ": ended early");
    done += static_cast<std::uint64_t>(n);
  }
  if (done < length) std::memcpy(out.data() + done, buffer_.data() + (offset + done - flushed_), length - done);
  return Status::Ok();
}

Status TextChunkSpool::ForEachPiece(const TextChunks& group, const std::function<Status(std::string_view)>& each) const {
  std::string piece;
  for (const TextChunk& chunk : group) {
    for (std::uint64_t at = 0; at < chunk.length; at += kReadBytes) {
      EVT_RETURN_IF_ERROR(Read(chunk.offset + at, std::min(kReadBytes, chunk.length - at), piece));
      EVT_RETURN_IF_ERROR(each(piece));
    }
  }
  return Status::Ok();
}

Status TextChunkSpool::ForEachLine(const TextChunks& group, const std::function<Status(std::string_view)>& each) const {
  std::string partial;
  EVT_RETURN_IF_ERROR(ForEachPiece(group, [&](std::string_view piece) -> Status {
    std::size_t newline;
    while ((newline = piece.find('\n')) != std::string_view::npos) {
      if (partial.empty()) {
        EVT_RETURN_IF_ERROR(each(piece.substr(0, newline)));
      } else {
        partial.append(piece.substr(0, newline));
        EVT_RETURN_IF_ERROR(each(partial));
        partial.clear();
      }
      piece.remove_prefix(newline + 1);
    }
    partial.append(piece);
    return Status::Ok();
  }));
  if (!partial.empty()) return each(partial);
  return Status::Ok();
}

}  // namespace evt::scrape
