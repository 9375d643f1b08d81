#include "tools/scrape/sample_spool.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "tools/scrape/scraper.h"

namespace evt::scrape {
namespace {

// Each entry: its length (u32, the bytes after it), a tag, then fields. A
// sample's fields: a byte of flags, its name when new, its label names
// when new (a count, then each), its label values (all of them after new
// label names, else a bit per label, set when its value is new, then the
// new values), its value and, when it has one, its timestamp.
constexpr char kFamilyTag = 'F';
constexpr char kSampleTag = 'S';
constexpr std::uint8_t kNewName = 1, kNewKeys = 2, kHasTimestamp = 4;
constexpr std::size_t kFlushAt = 1u << 20;

template <typename T>
void AppendRaw(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void AppendText(std::string& out, std::string_view text) {
  AppendRaw(out, static_cast<std::uint32_t>(text.size()));
  out.append(text);
}

bool SameKeys(const Labels& labels, const std::vector<std::string>& keys) {
  if (labels.size() != keys.size()) return false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (labels[i].first != keys[i]) return false;
  }
  return true;
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
  bool Bytes(std::size_t n, std::string_view& bytes) {
    if (rest_.size() < n) return false;
    bytes = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return true;
  }
  bool Text(std::string_view& text) {
    std::uint32_t n = 0;
    return Raw(n) && Bytes(n, text);
  }
  bool Text(std::string& text) {
    std::string_view view;
    if (!Text(view)) return false;
    text.assign(view);
    return true;
  }
  bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

bool DecodeFamily(EntryReader& in, FamilyMeta& meta) {
  return in.Text(meta.family) && in.Text(meta.type) && in.Text(meta.unit) && in.Text(meta.help) && in.done();
}

// What the reader keeps from sample to sample: the name and labels last
// spooled (owned, as the read buffer moves), and views of them.
struct DecodeState {
  bool have_sample = false;
  std::string name;
  std::vector<std::string> keys, values;
  std::vector<std::string_view> key_views, value_views;
  std::unique_ptr<bool[]> new_values;
  std::size_t new_values_size = 0;
};

bool DecodeSample(EntryReader& in, DecodeState& state, SpooledSample& out) {
  std::uint8_t flags = 0;
  if (!in.Raw(flags) || flags > (kNewName | kNewKeys | kHasTimestamp)) return false;
  out.new_name = flags & kNewName;
  out.new_keys = flags & kNewKeys;
  if (!state.have_sample && (!out.new_name || !out.new_keys)) return false;
  state.have_sample = true;
  if (out.new_name && !in.Text(state.name)) return false;
  std::size_t n = state.keys.size();
  if (out.new_keys) {
    std::uint32_t count = 0;
    if (!in.Raw(count) || count > (1u << 24)) return false;
    n = count;
    state.keys.resize(n);
    for (std::string& key : state.keys) {
      if (!in.Text(key)) return false;
    }
    state.key_views.assign(state.keys.begin(), state.keys.end());
    state.values.resize(n);
    state.value_views.resize(n);
    if (state.new_values_size < n) {
      state.new_values = std::make_unique<bool[]>(n);
      state.new_values_size = n;
    }
  }
  bool* new_values = state.new_values.get();
  if (out.new_keys) {
    std::fill(new_values, new_values + n, true);
  } else {
    std::string_view mask;
    if (!in.Bytes((n + 7) / 8, mask)) return false;
    for (std::size_t i = 0; i < n; ++i) new_values[i] = (static_cast<unsigned char>(mask[i / 8]) >> (i % 8)) & 1;
    // Bits past the labels are never set.
    if (n % 8 && static_cast<unsigned char>(mask.back()) >> (n % 8)) return false;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!new_values[i]) continue;
    if (!in.Text(state.values[i])) return false;
    state.value_views[i] = state.values[i];
  }
  out.name = state.name;
  out.keys = state.key_views;
  out.values = state.value_views;
  out.new_values = std::span<const bool>(new_values, n);
  std::int64_t timestamp = 0;
  if (!in.Raw(out.value)) return false;
  if (flags & kHasTimestamp) {
    if (!in.Raw(timestamp)) return false;
    out.timestamp_ms = timestamp;
  } else {
    out.timestamp_ms.reset();
  }
  return in.done();
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
  const std::size_t n = sample.labels.size();
  bool new_name = first_ || sample.name != name_;
  bool new_keys = first_ || !SameKeys(sample.labels, keys_);
  first_ = false;
  auto flags = static_cast<std::uint8_t>((new_name ? kNewName : 0) | (new_keys ? kNewKeys : 0) |
                                         (sample.timestamp_ms ? kHasTimestamp : 0));
  constexpr std::size_t kLength = sizeof(std::uint32_t);
  // The entry's size is known: it is copied in at a cursor, without a
  // capacity check per field.
  std::size_t size = kLength + 2 + sizeof sample.value + (sample.timestamp_ms ? sizeof(std::int64_t) : 0);
  if (new_name) size += kLength + sample.name.size();
  if (new_keys) {
    size += kLength;
    for (const auto& [key, value] : sample.labels) size += 2 * kLength + key.size() + value.size();
  } else {
    changed_.assign((n + 7) / 8, '\0');
    size += changed_.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (sample.labels[i].second == values_[i]) continue;
      changed_[i / 8] = static_cast<char>(changed_[i / 8] | (1 << (i % 8)));
      size += kLength + sample.labels[i].second.size();
    }
  }
  std::size_t start = buffer_.size();
  buffer_.resize(start + size);
  char* at = buffer_.data() + start;
  auto raw = [&](auto value) {
    std::memcpy(at, &value, sizeof value);
    at += sizeof value;
  };
  auto text = [&](std::string_view t) {
    raw(static_cast<std::uint32_t>(t.size()));
    if (!t.empty()) std::memcpy(at, t.data(), t.size());
    at += t.size();
  };
  raw(static_cast<std::uint32_t>(size - kLength));
  *at++ = kSampleTag;
  *at++ = static_cast<char>(flags);
  if (new_name) {
    name_ = sample.name;
    text(sample.name);
  }
  if (new_keys) {
    keys_.resize(n);
    values_.resize(n);
    raw(static_cast<std::uint32_t>(n));
    for (std::size_t i = 0; i < n; ++i) {
      keys_[i] = sample.labels[i].first;
      text(keys_[i]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      values_[i] = sample.labels[i].second;
      text(values_[i]);
    }
  } else {
    std::memcpy(at, changed_.data(), changed_.size());
    at += changed_.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (!((changed_[i / 8] >> (i % 8)) & 1)) continue;
      values_[i] = sample.labels[i].second;
      text(values_[i]);
    }
  }
  raw(sample.value);
  if (sample.timestamp_ms) raw(*sample.timestamp_ms);
  return buffer_.size() >= kFlushAt ? Flush() : Status::Ok();
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

Status ReadSpooledSamples(int fd, std::string_view source, const std::function<Status(const SpooledSample&)>& each) {
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
  std::shared_ptr<const FamilyMeta> shared;
  DecodeState state;
  SpooledSample sample{shared, {}, {}, {}, {}, 0, std::nullopt};
  bool new_family = false;
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
      auto meta = std::make_shared<FamilyMeta>();
      if (!DecodeFamily(in, *meta)) return damaged();
      shared = std::move(meta);
      new_family = true;
    } else if (tag != kSampleTag || !shared || !DecodeSample(in, state, sample)) {
      return damaged();
    } else {
      sample.new_family = new_family;
      new_family = false;
      EVT_RETURN_IF_ERROR(each(sample));
    }
  }
}

Status ReadSampleSpool(int fd, std::string_view source, const std::function<Status(const OutSample&)>& each) {
  OutSample out;
  return ReadSpooledSamples(fd, source, [&](const SpooledSample& s) {
    if (s.new_family) out.meta = s.meta;
    if (s.new_name) out.name.assign(s.name);
    if (s.new_keys) {
      out.labels.resize(s.keys.size());
      for (std::size_t i = 0; i < s.keys.size(); ++i) out.labels[i].first.assign(s.keys[i]);
    }
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      if (s.new_values[i]) out.labels[i].second.assign(s.values[i]);
    }
    out.value = s.value;
    out.timestamp_ms = s.timestamp_ms;
    return each(out);
  });
}

}  // namespace evt::scrape
