#include "tools/token/token_lines.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/json_parse.h"
#include "common/process_state.h"
#include "tools/token/jws.h"

namespace evt::token {
namespace {

constexpr std::size_t kReadBytes = 64 * 1024;

std::string Trimmed(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// `evt-token sign --json` writes token records; a pipe from it into scan or
// verify gives the token inside. A line that is not such a record stays as
// it is and is judged malformed as a token, naming its line.
std::string TokenOfRecordLine(std::string text) {
  if (text.empty() || text.front() != '{') return text;
  Result<Value> record = ParseJson(text, "<stdin>");
  if (!record.ok() || !record->is_object()) return text;
  const Value* kind = record->find("kind");
  if (kind == nullptr || !kind->is_string() || kind->as_string() != "token") return text;
  const Value* token = record->find("token");
  if (token == nullptr || !token->is_string()) return text;
  return token->as_string();
}

}  // namespace

Result<bool> TokenLineReader::Fill() {
  char chunk[kReadBytes];
  while (true) {
    if (StopRequested()) return false;
    ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return Status::IoErr("<stdin>: read error: " + std::string(std::strerror(errno)));
  }
}

std::optional<TokenLine> TokenLineReader::TakeLine(std::size_t end, std::size_t next) {
  ++line_;
  TokenLine out;
  out.line = line_;
  if (skipping_ || end - begin_ > kMaxTokenBytes) {
    out.too_long = true;
  } else {
    out.text = TokenOfRecordLine(Trimmed(std::string_view(buffer_).substr(begin_, end - begin_)));
  }
  skipping_ = false;
  begin_ = next;
  if (!out.too_long && out.text.empty()) return std::nullopt;
  return out;
}

Result<std::optional<TokenLine>> TokenLineReader::Next() {
  while (true) {
    std::size_t nl = buffer_.find('\n', begin_);
    if (nl != std::string::npos) {
      std::optional<TokenLine> line = TakeLine(nl, nl + 1);
      if (line) return line;
      continue;
    }
    if (eof_) {
      if (begin_ == buffer_.size() && !skipping_) return std::optional<TokenLine>();
      std::optional<TokenLine> line = TakeLine(buffer_.size(), buffer_.size());
      if (line) return line;
      continue;
    }
    buffer_.erase(0, begin_);
    begin_ = 0;
    if (buffer_.size() > kMaxTokenBytes) {
      // Too long to be a token: drop what is held and the rest of the line.
      skipping_ = true;
      buffer_.clear();
    }
    Result<bool> more = Fill();
    if (!more.ok()) return more.status();
    if (!*more) {
      if (StopRequested()) return std::optional<TokenLine>();
      eof_ = true;
    }
  }
}

}  // namespace evt::token
