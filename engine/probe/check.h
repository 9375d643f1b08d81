// What one check asks: an HTTP request with its expectations, a TCP connect,
// or a DNS question. The same description serves a command line, a config
// target and (later) a step of a flow.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/duration.h"
#include "engine/probe/pattern.h"

namespace evt::probe {

enum class CheckType { kHttp, kTcp, kDns };

// "http", "tcp", "dns".
const char* CheckTypeName(CheckType type);

// An inclusive range of status codes: 200-299 for "2xx", 204-204 for "204".
struct StatusRange {
  long low = 200;
  long high = 299;
};

struct HttpExpectations {
  std::vector<StatusRange> status{{200, 299}};
  std::optional<Pattern> body;
  std::vector<std::pair<std::string, Pattern>> headers;  // lowercase name, pattern for its value
};

enum class IpVersion { kAny, kV4, kV6 };

struct HttpSpec {
  std::string url;
  std::string method = "GET";
  std::vector<std::string> headers;  // "Name: value", as curl -H takes them
  // Lowercase names of headers that carry a secret (a flow's {secret}):
  // like every header off the short harmless list, they are dropped when a
  // followed redirect leaves the URL's origin (headers.h).
  std::vector<std::string> secret_headers;
  std::optional<std::string> body;
  // Followed by the transfer itself (curl_transfer.h), at most 10, http and
  // https only; credentials and a 307/308's body never go to another origin.
  bool follow_redirects = false;
  bool insecure = false;  // TLS verification off
  std::string ca_file;    // trust these CA certificates (PEM) instead of the system's
  bool reuse = false;     // allow a kept-alive connection instead of a fresh one
  std::vector<std::string> resolve;  // "host:port:address", as curl --resolve
  std::string interface;             // probe over this interface or source address
  IpVersion ip_version = IpVersion::kAny;
  HttpExpectations expect;
  // A flow step: keep the response's headers and body (up to 1 MiB) in the
  // result, for captures and JSON expectations.
  bool keep_response = false;
  // The cache verdict and Server-Timing read from the response, and the
  // headers kept for them. A load run, which records neither, turns this
  // off: at thousands of requests a second, keeping every header cost more
  // than the verdicts are worth to it. Header expectations and
  // keep_response still see the headers.
  bool response_details = true;
  // A flow run: a CURLSH* whose cookie jar the steps of one run share.
  void* cookie_share = nullptr;
};

struct TcpSpec {
  std::string host;
  long port = 0;
  std::string interface;
  IpVersion ip_version = IpVersion::kAny;
};

// What probe.dns_map says a name must resolve to in one environment
// (dns_map.h): every answer must be one of `addresses`.
struct DnsExpectation {
  std::string environment;             // "live"
  std::vector<std::string> addresses;  // of the check's family, in the map's order
  // Every other environment's addresses of this name, address -> its
  // environment, so a mismatch can say "(the staging address)".
  std::vector<std::pair<std::string, std::string>> elsewhere;
};

struct DnsSpec {
  std::string name;
  std::string type = "A";  // A or AAAA
  std::string server;      // "127.0.0.1", "127.0.0.1:5353", "[::1]:53"; empty: the system's resolvers
  std::optional<DnsExpectation> expect;
};

struct Check {
  std::string target;  // the name records carry: a config target, else the URL/address/name
  CheckType type = CheckType::kHttp;
  HttpSpec http;
  TcpSpec tcp;
  DnsSpec dns;
  Duration timeout{5000};

  // What is probed: the URL, HOST:PORT or the name.
  std::string Subject() const;
};

// "2xx", "200", "200-299", or several of those joined by commas.
Result<std::vector<StatusRange>> ParseStatusRanges(std::string_view text);
// HOST:PORT, with [v6]:PORT; Usage error otherwise.
Result<TcpSpec> ParseTcpAddress(std::string_view text);
// "Name:REGEX" for --expect-header.
Result<std::pair<std::string, Pattern>> ParseHeaderExpectation(std::string_view text);

}  // namespace evt::probe
