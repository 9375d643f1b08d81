#include "common/journal_stream.h"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>

namespace evt {
namespace {

bool ParseDecimal(std::string_view text, std::uintmax_t& value) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  std::from_chars_result parsed = std::from_chars(text.data(), end, value);
  return parsed.ec == std::errc() && parsed.ptr == end;
}

}  // namespace

bool NamesJournalStream(std::string_view journal_stream, dev_t device, ino_t inode) {
  const std::string_view::size_type colon = journal_stream.find(':');
  if (colon == std::string_view::npos) return false;
  std::uintmax_t named_device = 0;
  std::uintmax_t named_inode = 0;
  return ParseDecimal(journal_stream.substr(0, colon), named_device) &&
         ParseDecimal(journal_stream.substr(colon + 1), named_inode) &&
         named_device == static_cast<std::uintmax_t>(device) && named_inode == static_cast<std::uintmax_t>(inode);
}

bool StderrIsJournalStream() {
  const char* journal_stream = std::getenv("JOURNAL_STREAM");
  if (journal_stream == nullptr) return false;
  struct stat info {};
  if (::fstat(STDERR_FILENO, &info) != 0) return false;
  return NamesJournalStream(journal_stream, info.st_dev, info.st_ino);
}

}  // namespace evt
