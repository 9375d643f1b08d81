#include "tools/load/request_line.h"

#include <cstddef>

#include "common/quoted.h"

namespace evt::load {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The byte of "HH" at text[i], or -1 when those are not two hex digits.
int HexByteAt(std::string_view text, std::size_t i) {
  if (i + 1 >= text.size()) return -1;
  int high = HexValue(text[i]);
  int low = HexValue(text[i + 1]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

bool IsMethodCharacter(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

// RFC 3986's unreserved and reserved characters and "%": what a target
// may hold as it is. Anything else (a quote, a space, a byte above ASCII)
// goes out percent-encoded, as a browser would have sent it.
bool IsUriCharacter(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

Status NotARequestLine(std::string_view logged) {
  return Status::DataErr("request " + QuotedForMessage(logged) + ": expected METHOD TARGET [HTTP/x.y]");
}

}  // namespace

std::string Unescaped(std::string_view logged, LogEscape escape) {
  std::string out;
  out.reserve(logged.size());
  for (std::size_t i = 0; i < logged.size(); ++i) {
    char c = logged[i];
    if (escape == LogEscape::kBackslash && c == '\\' && i + 1 < logged.size()) {
      int byte = logged[i + 1] == 'x' ? HexByteAt(logged, i + 2) : -1;
      if (byte >= 0) {
        out.push_back(static_cast<char>(byte));
        i += 3;
      } else {
        out.push_back(logged[++i]);
      }
    } else if (escape == LogEscape::kHash && c == '#' && HexByteAt(logged, i + 1) >= 0) {
      out.push_back(static_cast<char>(HexByteAt(logged, i + 1)));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Status CheckMethod(std::string_view method) {
  bool ok = !method.empty() && method.size() <= 32;
  for (char c : method) ok = ok && IsMethodCharacter(c);
  if (!ok) return Status::DataErr("method " + QuotedForMessage(method) + ": expected an HTTP method such as GET");
  return Status::Ok();
}

Result<std::string> TargetToSend(std::string_view target) {
  if (!StartsWith(target, "/") && !StartsWith(target, "http://") && !StartsWith(target, "https://") &&
      target != "*") {
    return Status::DataErr("target " + QuotedForMessage(target) + ": expected a path starting with \"/\" or an http(s) URL");
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(target.size());
  for (char c : target) {
    auto byte = static_cast<unsigned char>(c);
    if (IsUriCharacter(c)) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  return out;
}

Result<RequestLine> ParseRequestLine(std::string_view logged, LogEscape escape) {
  std::string text = Unescaped(logged, escape);
  std::string_view view = text;
  std::size_t first_space = view.find(' ');
  if (first_space == std::string_view::npos) return NotARequestLine(logged);
  std::string_view method = view.substr(0, first_space);
  std::string_view rest = view.substr(first_space + 1);
  // The target is whatever lies between method and version, so a target
  // the client sent with a raw space still arrives whole (percent-encoded).
  std::size_t last_space = rest.rfind(' ');
  if (last_space != std::string_view::npos && StartsWith(rest.substr(last_space + 1), "HTTP/")) {
    rest = rest.substr(0, last_space);
  }
  if (!CheckMethod(method).ok() || rest.empty()) return NotARequestLine(logged);
  if (rest == "*" && method != "OPTIONS") return NotARequestLine(logged);
  Result<std::string> target = TargetToSend(rest);
  if (!target.ok()) return NotARequestLine(logged);
  return RequestLine{std::string(method), std::move(target).value()};
}

}  // namespace evt::load
