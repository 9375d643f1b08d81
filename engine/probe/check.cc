#include "engine/probe/check.h"

#include <charconv>

#include "common/quoted.h"
#include "engine/probe/headers.h"

namespace evt::probe {
namespace {

bool ParseLong(std::string_view s, long& out) {
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
  return error == std::errc() && end == s.data() + s.size();
}

Result<StatusRange> ParseOneRange(std::string_view part) {
  Status bad = Status::Usage(QuotedForMessage(part) + ": expected a status code such as 200, 2xx or 200-299");
  if (part.size() == 3 && part.substr(1) == "xx" && part[0] >= '1' && part[0] <= '5') {
    long hundred = (part[0] - '0') * 100;
    return StatusRange{hundred, hundred + 99};
  }
  std::size_t dash = part.find('-');
  long low = 0, high = 0;
  if (dash == std::string_view::npos) {
    if (!ParseLong(part, low)) return bad;
    high = low;
  } else if (!ParseLong(part.substr(0, dash), low) || !ParseLong(part.substr(dash + 1), high)) {
    return bad;
  }
  if (low < 100 || high > 599 || low > high) return bad;
  return StatusRange{low, high};
}

}  // namespace

const char* CheckTypeName(CheckType type) {
  switch (type) {
    case CheckType::kHttp: return "http";
    case CheckType::kTcp: return "tcp";
    case CheckType::kDns: return "dns";
  }
  return "http";
}

std::string Check::Subject() const {
  switch (type) {
    case CheckType::kHttp: return http.url;
    case CheckType::kTcp:
      return (tcp.host.find(':') != std::string::npos ? "[" + tcp.host + "]" : tcp.host) + ":" +
             std::to_string(tcp.port);
    case CheckType::kDns: return dns.name;
  }
  return {};
}

Result<std::vector<StatusRange>> ParseStatusRanges(std::string_view text) {
  std::vector<StatusRange> ranges;
  for (std::string_view part : SplitOutsideQuotes(text, ',')) {
    Result<StatusRange> range = ParseOneRange(part);
    if (!range.ok()) return range.status();
    ranges.push_back(*range);
  }
  return ranges;
}

Result<TcpSpec> ParseTcpAddress(std::string_view text) {
  Status bad = Status::Usage(QuotedForMessage(text) + ": expected HOST:PORT, such as kiosk-2.local:443 or [::1]:80");
  TcpSpec spec;
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad;
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return bad;
  }
  if (!ParseLong(text.substr(colon + 1), spec.port) || spec.port < 1 || spec.port > 65535) return bad;
  spec.host = std::string(host);
  return spec;
}

Result<std::pair<std::string, Pattern>> ParseHeaderExpectation(std::string_view text) {
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return Status::Usage(QuotedForMessage(text) + ": expected NAME:REGEX, such as 'Content-Type:json'");
  Result<Pattern> pattern = Pattern::Compile(text.substr(colon + 1));
  if (!pattern.ok()) return pattern.status();
  return std::make_pair(ToLower(TrimSpaces(text.substr(0, colon))), std::move(*pattern));
}

}  // namespace evt::probe
