#include "common/time_zone.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

namespace evt {

namespace {

constexpr std::size_t kMaxZoneFileBytes = 1 << 20;  // real ones are under 4 KiB
constexpr std::size_t kHeaderBytes = 44;
// RFC 8536 3.2: utoff SHOULD be in -89999..93599 (within a day of UTC).
constexpr std::int32_t kMinUtcOffset = -89999;
constexpr std::int32_t kMaxUtcOffset = 93599;

struct Header {
  char version = 0;
  std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

  // Bytes of the data block after this header, with `time_size`-byte times.
  std::uint64_t DataBytes(std::uint64_t time_size) const {
    return std::uint64_t{timecnt} * (time_size + 1) + std::uint64_t{typecnt} * 6 + charcnt +
           std::uint64_t{leapcnt} * (time_size + 4) + isstdcnt + isutcnt;
  }
};

bool IsIanaShaped(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
           c == '-' || c == '.' || c == '/';
  });
}

std::string ZoneDir() {
  const char* dir = std::getenv("TZDIR");
  return dir && *dir ? dir : "/usr/share/zoneinfo";
}

// The whole file at `path`, or a message naming it and what is wrong.
Result<std::string> ReadZoneFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::DataErr(path + ": " + (errno == ENOENT ? std::string("no such file") : std::strerror(errno)));
  }
  struct stat st {};
  std::string bytes;
  std::string problem;
  if (::fstat(fd, &st) != 0) {
    problem = std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    problem = "a directory, not a zone file";
  } else if (!S_ISREG(st.st_mode)) {
    problem = "not a regular file";
  } else if (static_cast<std::uint64_t>(st.st_size) > kMaxZoneFileBytes) {
    problem = std::to_string(st.st_size) + " bytes, more than the 1 MiB a zone file may have";
  } else {
    // One byte more than the size, so that one read both fills and ends it.
    bytes.resize(static_cast<std::size_t>(st.st_size) + 1);
    std::size_t filled = 0;
    while (filled < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + filled, bytes.size() - filled);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) problem = std::strerror(errno);
      if (n <= 0) break;
      filled += static_cast<std::size_t>(n);
    }
    if (filled == bytes.size()) problem = "grew while being read";
    bytes.resize(filled);
  }
  ::close(fd);
  if (!problem.empty()) return Status::DataErr(path + ": " + problem);
  return bytes;
}

}  // namespace

// Reads RFC 8536 TZif: a v1 header and data block, then for version 2 and
// later a second header, a 64-bit data block and the footer TZ string.
class TzifReader {
 public:
  explicit TzifReader(std::string_view bytes) : bytes_(bytes) {}

  // The zone, or DataErr saying what is wrong (without naming the file).
  Result<TimeZone> Read() {
    Result<Header> first = ReadHeader("");
    if (!first.ok()) return first.status();
    TimeZone zone;
    if (first->version == 0) {
      EVT_RETURN_IF_ERROR(ReadBlock(*first, 4, zone));
      return zone;
    }
    // Readers of version 2+ skip the 32-bit block (RFC 8536 4).
    if (!Has(first->DataBytes(4))) return Truncated("version 1 data block", first->DataBytes(4));
    pos_ += static_cast<std::size_t>(first->DataBytes(4));
    Result<Header> second = ReadHeader("second ");
    if (!second.ok()) return second.status();
    EVT_RETURN_IF_ERROR(ReadBlock(*second, 8, zone));
    EVT_RETURN_IF_ERROR(ReadFooter(zone));
    return zone;
  }

 private:
  bool Has(std::uint64_t n) const { return bytes_.size() - pos_ >= n; }
  Status Truncated(const std::string& what, std::uint64_t needed) const {
    return Status::DataErr("truncated: the " + what + " needs " + std::to_string(needed) + " bytes at offset " +
                           std::to_string(pos_) + ", the file has " + std::to_string(bytes_.size() - pos_) + " left");
  }
  std::uint64_t Unsigned(std::size_t n) {  // REQUIRES: Has(n)
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v << 8 | static_cast<unsigned char>(bytes_[pos_ + i]);
    pos_ += n;
    return v;
  }
  std::int64_t Signed(std::size_t n) {  // REQUIRES: Has(n), n is 4 or 8
    std::uint64_t v = Unsigned(n);
    if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }

  Result<Header> ReadHeader(const std::string& which) {
    std::string_view magic = bytes_.substr(pos_, 4);
    if (magic.empty() || std::string_view("TZif").substr(0, magic.size()) != magic) {
      return Status::DataErr("not a TZif file (the " + which + "header does not start with \"TZif\")");
    }
    if (!Has(kHeaderBytes)) return Truncated(which + "header", kHeaderBytes);
    Header h;
    h.version = bytes_[pos_ + 4];
    if (h.version != 0 && h.version < '2') return Status::DataErr("unknown TZif version byte " + std::to_string(h.version));
    pos_ += 20;
    std::uint32_t* counts[] = {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt};
    for (std::uint32_t* count : counts) *count = static_cast<std::uint32_t>(Unsigned(4));
    if (h.typecnt == 0) return Status::DataErr("the " + which + "header counts no local time types");
    if (h.charcnt == 0) return Status::DataErr("the " + which + "header counts no designation characters");
    if ((h.isutcnt != 0 && h.isutcnt != h.typecnt) || (h.isstdcnt != 0 && h.isstdcnt != h.typecnt)) {
      return Status::DataErr("the " + which + "header's UT/local and standard/wall counts are neither 0 nor typecnt");
    }
    return h;
  }

  Status ReadBlock(const Header& h, std::size_t time_size, TimeZone& zone) {
    if (!Has(h.DataBytes(time_size))) return Truncated("data block", h.DataBytes(time_size));
    zone.transitions_.reserve(h.timecnt);
    for (std::uint32_t i = 0; i < h.timecnt; ++i) {
      zone.transitions_.push_back(Signed(time_size));
      if (i > 0 && zone.transitions_[i] <= zone.transitions_[i - 1]) {
        return Status::DataErr("transition " + std::to_string(i) + " is not after the one before");
      }
    }
    std::size_t types_at = pos_ + h.timecnt;
    auto utoff_of_type = [&](std::size_t type) {
      std::size_t saved = pos_;
      pos_ = types_at + type * 6;
      auto utoff = static_cast<std::int32_t>(Signed(4));
      pos_ = saved;
      return utoff;
    };
    zone.offset_after_.reserve(h.timecnt);
    for (std::uint32_t i = 0; i < h.timecnt; ++i) {
      auto type = static_cast<std::uint32_t>(Unsigned(1));
      if (type >= h.typecnt) {
        return Status::DataErr("transition " + std::to_string(i) + " has local time type " + std::to_string(type) +
                               ", the file has " + std::to_string(h.typecnt));
      }
      zone.offset_after_.push_back(utoff_of_type(type));
    }
    for (std::uint32_t t = 0; t < h.typecnt; ++t) {
      auto utoff = static_cast<std::int32_t>(Signed(4));
      auto isdst = Unsigned(1);
      auto desigidx = Unsigned(1);
      if (utoff < kMinUtcOffset || utoff > kMaxUtcOffset || isdst > 1 || desigidx >= h.charcnt) {
        return Status::DataErr("local time type " + std::to_string(t) + " is malformed (UT offset " +
                               std::to_string(utoff) + " s, isdst " + std::to_string(isdst) + ", designation index " +
                               std::to_string(desigidx) + ")");
      }
      if (t == 0) zone.offset_before_ = utoff;
    }
    // Designations, leap seconds and the std/wall and UT/local indicators
    // play no part in the offset.
    pos_ += h.charcnt + std::size_t{h.leapcnt} * (time_size + 4) + h.isstdcnt + h.isutcnt;
    return Status::Ok();
  }

  Status ReadFooter(TimeZone& zone) {
    if (!Has(1) || bytes_[pos_] != '\n') return Status::DataErr("no footer (expected a newline after the data block)");
    std::size_t end = bytes_.find('\n', pos_ + 1);
    if (end == std::string_view::npos) return Status::DataErr("the footer TZ string does not end with a newline");
    std::string_view text = bytes_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    if (text.empty()) return Status::Ok();
    Result<PosixTz> footer = PosixTz::Parse(text);
    if (!footer.ok()) return footer.status();
    zone.footer_ = *footer;
    return Status::Ok();
  }

  std::string_view bytes_;
  std::size_t pos_ = 0;
};

Result<TimeZone> TimeZone::Parse(std::string_view bytes, const std::string& name) {
  Result<TimeZone> zone = TzifReader(bytes).Read();
  if (!zone.ok()) return zone.status().Prefixed(name);
  zone->name_ = name;
  return zone;
}

Result<TimeZone> TimeZone::Load(const std::string& name) {
  auto not_a_zone = [&](const std::string& why) {
    return Status::DataErr("\"" + name + "\" is not a time zone of the tz database (" + why + ")");
  };
  if (!IsIanaShaped(name)) {
    return not_a_zone("expected a name such as Europe/Berlin: letters, digits and _+-./, not absolute, no \"..\"");
  }
  std::string path = ZoneDir() + "/" + name;
  Result<std::string> bytes = ReadZoneFile(path);
  if (!bytes.ok()) return not_a_zone(bytes.status().message());
  Result<TimeZone> zone = TzifReader(*bytes).Read();
  if (!zone.ok()) return not_a_zone(path + ": " + zone.status().message());
  zone->name_ = name;
  return zone;
}

std::chrono::seconds TimeZone::UtcOffset(TimePoint t) const {
  std::int64_t s = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  auto after = std::upper_bound(transitions_.begin(), transitions_.end(), s);
  std::int32_t offset = offset_before_;
  if (after == transitions_.end() && footer_) {
    offset = footer_->UtcOffsetAt(s);
  } else if (after != transitions_.begin()) {
    offset = offset_after_[static_cast<std::size_t>(after - transitions_.begin() - 1)];
  }
  return std::chrono::seconds{offset};
}

Result<const TimeZone*> CachedTimeZone(const std::string& name) {
  static std::mutex mutex;
  // Never destroyed: zones are read until the process ends.
  static auto* zones = new std::map<std::string, std::unique_ptr<TimeZone>>;
  std::string key = ZoneDir() + "/" + name;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = zones->find(key);
  if (it != zones->end()) return it->second.get();
  Result<TimeZone> zone = TimeZone::Load(name);
  if (!zone.ok()) return zone.status();
  return zones->emplace(key, std::make_unique<TimeZone>(std::move(*zone))).first->second.get();
}

}  // namespace evt
