#include "common/json_writer.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "common/json_parse.h"
#include "common/process_state.h"
#include "common/utf8.h"

namespace evt {
namespace {

// Why a value could not be written, and the JSON pointer of the culprit,
// built while the recursion unwinds.
struct WriteFailure {
  std::string what;
  std::string pointer;
};

void AppendControlEscape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(escape, sizeof escape);
    }
  }
}

// Whether any of the 8 bytes in `word` needs an escape in a JSON string:
// a control character (< 0x20), '"' or '\\'. Bytes from 0x80 up (UTF-8)
// do not. The "has a zero byte" test of Hacker's Delight, exact for the
// word as a whole.
constexpr bool WordNeedsEscape(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t w) { return ((w - kOnes) & ~w & kHigh) != 0; };
  bool control = ((word - kOnes * 0x20) & ~word & kHigh) != 0;
  return control || has_zero(word ^ (kOnes * '"')) || has_zero(word ^ (kOnes * '\\'));
}

// REQUIRES: s is valid UTF-8. Copies runs that need no escape in one go,
// and skips them eight bytes at a time: record strings are mostly ids,
// names and times with nothing to escape, and a byte-at-a-time scan was a
// tenth of writing a record.
void AppendEscaped(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run_start = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.size() - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, sizeof word);
      if (!WordNeedsEscape(word)) {
        i += 8;
        continue;
      }
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(s.data() + run_start, i - run_start);
    AppendControlEscape(out, c);
    run_start = ++i;
  }
  out.append(s.data() + run_start, s.size() - run_start);
  out += '"';
}

template <class N>
void AppendInteger(std::string& out, N n) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, n);
  out.append(buffer, result.ptr);
}

bool AppendDouble(std::string& out, double d, WriteFailure& failure) {
  if (!std::isfinite(d)) {
    failure.what = std::isnan(d) ? "NaN cannot be written as JSON" : "infinity cannot be written as JSON";
    return false;
  }
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
  std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  out += text;
  // "1" would read back as an integer; keep a double a double.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
  return true;
}

bool AppendString(std::string& out, std::string_view s, std::string_view what, WriteFailure& failure) {
  if (!IsValidUtf8(s)) {
    failure.what = std::string("invalid UTF-8 in ") + std::string(what);
    return false;
  }
  AppendEscaped(out, s);
  return true;
}

void PrependToken(std::string& pointer, std::string_view token) { pointer.insert(0, JsonPointerToken(token)); }

bool AppendValue(std::string& out, const Value& v, int depth, WriteFailure& failure);

bool AppendObject(std::string& out, const Object& members, int depth, WriteFailure& failure) {
  out += '{';
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ',';
    const auto& [key, value] = members[i];
    // A key that is not UTF-8 cannot name itself in the pointer.
    if (!AppendString(out, key, "key", failure)) return false;
    out += ':';
    if (!AppendValue(out, value, depth + 1, failure)) {
      PrependToken(failure.pointer, key);
      return false;
    }
  }
  out += '}';
  return true;
}

bool AppendArray(std::string& out, const Array& items, int depth, WriteFailure& failure) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    if (!AppendValue(out, items[i], depth + 1, failure)) {
      PrependToken(failure.pointer, std::to_string(i));
      return false;
    }
  }
  out += ']';
  return true;
}

bool AppendValue(std::string& out, const Value& v, int depth, WriteFailure& failure) {
  if ((v.is_object() || v.is_array()) && depth > kMaxJsonDepth) {
    failure.what = "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return false;
  }
  switch (v.type()) {
    case Value::Type::kNull: out += "null"; return true;
    case Value::Type::kBool: out += v.as_bool() ? "true" : "false"; return true;
    case Value::Type::kInt: AppendInteger(out, v.as_int()); return true;
    case Value::Type::kUint: AppendInteger(out, v.as_uint()); return true;
    case Value::Type::kDouble: return AppendDouble(out, v.as_double(), failure);
    case Value::Type::kString: return AppendString(out, v.as_string(), "string", failure);
    case Value::Type::kArray: return AppendArray(out, v.as_array(), depth, failure);
    case Value::Type::kObject: return AppendObject(out, v.as_object(), depth, failure);
  }
  return true;
}

Status FailureStatus(const WriteFailure& failure) {
  if (failure.pointer.empty()) return Status::DataErr(failure.what);
  return Status::DataErr(failure.what + " at " + failure.pointer);
}

std::string WriteErrorMessage(int error_number) {
  if (error_number == 0) return "write error";
  std::string reason = std::strerror(error_number);
  if (!reason.empty() && reason[0] >= 'A' && reason[0] <= 'Z') reason[0] = static_cast<char>(reason[0] - 'A' + 'a');
  return "write error: " + reason;
}

}  // namespace

std::string JsonPointerToken(std::string_view key) {
  std::string token = "/";
  for (char c : key) {
    if (c == '~') token += "~0";
    else if (c == '/') token += "~1";
    else token += c;
  }
  return token;
}

Status AppendJson(std::string& out, const Value& v) {
  std::size_t original_size = out.size();
  WriteFailure failure;
  if (AppendValue(out, v, 1, failure)) return Status::Ok();
  out.resize(original_size);
  return FailureStatus(failure);
}

Result<std::string> ToJson(const Value& v) {
  std::string out;
  EVT_RETURN_IF_ERROR(AppendJson(out, v));
  return out;
}

Status AppendJsonString(std::string& out, std::string_view s) {
  if (!IsValidUtf8(s)) return Status::DataErr("invalid UTF-8 in string");
  AppendEscaped(out, s);
  return Status::Ok();
}

RecordWriter::RecordWriter(std::FILE* out, FlushPolicy policy) : out_(out), policy_(policy) {}

RecordWriter::~RecordWriter() {
  if (!pending_.empty()) (void)Flush();
}

Status RecordWriter::Write(const Value& record) {
  if (!failure_.ok()) return failure_;
  std::size_t before = pending_.size();
  if (Status appended = AppendJson(pending_, record); !appended.ok()) {
    pending_.resize(before);
    return appended;
  }
  pending_ += '\n';
  if (policy_ == FlushPolicy::kEveryRecord || pending_.size() >= kBufferedBytes) EVT_RETURN_IF_ERROR(Flush());
  ++records_written_;
  return Status::Ok();
}

Status RecordWriter::WriteSerialized(std::string_view json) {
  if (!failure_.ok()) return failure_;
  pending_ += json;
  pending_ += '\n';
  if (policy_ == FlushPolicy::kEveryRecord || pending_.size() >= kBufferedBytes) EVT_RETURN_IF_ERROR(Flush());
  ++records_written_;
  return Status::Ok();
}

Status RecordWriter::WriteSerializedLines(std::string_view lines, std::size_t records) {
  if (!failure_.ok()) return failure_;
  if (pending_.empty() && lines.size() >= kBufferedBytes) {
    std::size_t done = 0;
    EVT_RETURN_IF_ERROR(WriteAll(lines, done));
  } else {
    pending_ += lines;
    if (policy_ == FlushPolicy::kEveryRecord || pending_.size() >= kBufferedBytes) EVT_RETURN_IF_ERROR(Flush());
  }
  records_written_ += records;
  return Status::Ok();
}

// write(2) rather than stdio: the signal handlers are installed without
// SA_RESTART (so a blocking read notices SIGTERM), and stdio gives up on a
// write interrupted by a signal, losing the record the tool was told to
// finish. Here an interrupted write is simply resumed.
Status RecordWriter::Flush() {
  if (!failure_.ok()) return failure_;
  std::size_t done = 0;
  Status written = WriteAll(pending_, done);
  pending_.erase(0, done);
  return written;
}

Status RecordWriter::WriteAll(std::string_view bytes, std::size_t& done) {
  errno = 0;
  if (std::fflush(out_) != 0) return Failed(errno);  // whatever else went through stdio goes first
  int fd = fileno(out_);
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Failed(errno);
    }
    done += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

Status RecordWriter::Failed(int error_number) {
  if (error_number == EPIPE) {
    reader_gone_ = true;
    if (fileno(out_) == STDOUT_FILENO) MarkReaderGone();
  }
  failure_ = Status::IoErr(WriteErrorMessage(error_number));
  return failure_;
}

}  // namespace evt
