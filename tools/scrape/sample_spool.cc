#include "tools/scrape/sample_spool.h"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "tools/scrape/scraper.h"

namespace evt::scrape {
namespace {

// Each entry: its length (u32, the bytes after it), a tag, then fields.
constexpr char kFamilyTag = 'F';
constexpr char kSampleTag = 'S';
constexpr std::size_t kFlushAt = 1u << 20;

template <typename T>
void AppendRaw(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void AppendText(std::string& out, std::string_view text) {
  AppendRaw(out, static_cast<std::uint32_t>(text.size()));
  out.append(text);
}

// Reads the fields of one entry; the writer wrote them, so a short entry
// means the file was damaged underneath us.
class EntryReader {
 public:
  explicit EntryReader(std::string_view entry) : rest_(entry) {}

  template <typename T>
  bool Raw(T& value) {
    if (rest_.size() < sizeof value) return false;
    std::memcpy(&value, rest_.data(), sizeof value);
    rest_.remove_prefix(sizeof value);
    return true;
  }
  bool Text(std::string& text) {
    std::uint32_t n = 0;
    if (!Raw(n) || rest_.size() < n) return false;
    text.assign(rest_.data(), n);
    rest_.remove_prefix(n);
    return true;
  }

 private:
  std::string_view rest_;
};

bool DecodeFamily(EntryReader& in, FamilyMeta& meta) {
  return in.Text(meta.family) && in.Text(meta.type) && in.Text(meta.unit) && in.Text(meta.help);
}

bool DecodeSample(EntryReader& in, OutSample& out) {
  std::uint32_t labels = 0;
  if (!in.Text(out.name) || !in.Raw(labels)) return false;
  out.labels.resize(labels);
  for (auto& [key, value] : out.labels) {
    if (!in.Text(key) || !in.Text(value)) return false;
  }
  std::uint8_t has_timestamp = 0;
  std::int64_t timestamp = 0;
  if (!in.Raw(out.value) || !in.Raw(has_timestamp) || !in.Raw(timestamp)) return false;
  out.timestamp_ms = has_timestamp ? std::optional<std::int64_t>(timestamp) : std::nullopt;
  return true;
}

}  // namespace

Status SampleSpoolWriter::AddFamily(const Family& family) {
  std::size_t start = buffer_.size();
  AppendRaw(buffer_, std::uint32_t{0});
  buffer_.push_back(kFamilyTag);
  AppendText(buffer_, family.name);
  AppendText(buffer_, family.type);
  AppendText(buffer_, family.unit);
  AppendText(buffer_, family.help);
  return EndEntry(start);
}

Status SampleSpoolWriter::AddSample(const Sample& sample) {
  std::size_t start = buffer_.size();
  AppendRaw(buffer_, std::uint32_t{0});
  buffer_.push_back(kSampleTag);
  AppendText(buffer_, sample.name);
  AppendRaw(buffer_, static_cast<std::uint32_t>(sample.labels.size()));
  for (const auto& [key, value] : sample.labels) {
    AppendText(buffer_, key);
    AppendText(buffer_, value);
  }
  AppendRaw(buffer_, sample.value);
  AppendRaw(buffer_, static_cast<std::uint8_t>(sample.timestamp_ms.has_value()));
  AppendRaw(buffer_, sample.timestamp_ms.value_or(0));
  return EndEntry(start);
}

Status SampleSpoolWriter::EndEntry(std::size_t start) {
  auto length = static_cast<std::uint32_t>(buffer_.size() - start - sizeof(std::uint32_t));
  std::memcpy(buffer_.data() + start, &length, sizeof length);
  return buffer_.size() >= kFlushAt ? Flush() : Status::Ok();
}

Status SampleSpoolWriter::Flush() {
  std::string_view bytes = buffer_;
  while (!bytes.empty()) {
    ssize_t n = write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoErr(source_ + ": writing the parsed samples to a temporary file: " + std::strerror(errno));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  buffer_.clear();
  return Status::Ok();
}

Status ReadSampleSpool(int fd, std::string_view source, const std::function<Status(const OutSample&)>& each) {
  auto damaged = [&] { return Status::IoErr(std::string(source) + ": the temporary file of parsed samples is damaged"); };
  std::vector<char> buffer(kFlushAt);
  std::size_t begin = 0, end = 0;
  off_t offset = 0;
  // Makes `n` bytes from `begin` available; false at the end of the file.
  auto fill = [&](std::size_t n) -> Result<bool> {
    if (end - begin >= n) return true;
    std::memmove(buffer.data(), buffer.data() + begin, end - begin);
    end -= begin;
    begin = 0;
    if (buffer.size() < n) buffer.resize(n);
    while (end < n) {
      ssize_t got = pread(fd, buffer.data() + end, buffer.size() - end, offset);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return Status::IoErr(std::string(source) + ": reading the parsed samples back: " + std::strerror(errno));
      if (got == 0) return false;
      end += static_cast<std::size_t>(got);
      offset += got;
    }
    return true;
  };
  auto meta = std::make_shared<FamilyMeta>();
  OutSample sample;
  while (true) {
    EVT_ASSIGN_OR_RETURN(const bool more, fill(sizeof(std::uint32_t)));
    if (!more) return end == begin ? Status::Ok() : damaged();
    std::uint32_t length = 0;
    std::memcpy(&length, buffer.data() + begin, sizeof length);
    begin += sizeof length;
    EVT_ASSIGN_OR_RETURN(const bool whole, fill(length));
    if (!whole || length == 0) return damaged();
    EntryReader in(std::string_view(buffer.data() + begin + 1, length - 1));
    char tag = buffer[begin];
    begin += length;
    if (tag == kFamilyTag) {
      // A new object per family: a caller may keep the samples' meta.
      meta = std::make_shared<FamilyMeta>();
      if (!DecodeFamily(in, *meta)) return damaged();
      sample.meta = meta;
    } else if (tag != kSampleTag || !DecodeSample(in, sample) || !sample.meta) {
      return damaged();
    } else {
      EVT_RETURN_IF_ERROR(each(sample));
    }
  }
}

}  // namespace evt::scrape
