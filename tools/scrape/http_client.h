// HTTP for the scrape sources, behind an interface so the fetch logic
// (login, retries, pagination) can be tested without a network.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "tools/scrape/body_limit.h"

namespace evt::scrape {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::chrono::milliseconds timeout{10000};
  bool insecure = false;  // --insecure: no TLS verification
  // When set, a 2xx body is written to this file (emptied first) instead of
  // `body`, so a large exposition is never held in memory.
  int spool_fd = -1;
  // The most the body may be once decoded (body_limit.h); a spooled one
  // is also held to half the free space of the spool's file system.
  std::uint64_t max_body = kDefaultMaxBody;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  bool spooled = false;  // the body went to the request's spool_fd
  std::string content_type;
  std::string link;         // the Link header
  std::string retry_after;  // the Retry-After header
  std::string location;     // the Location header: redirects are not followed here
  std::vector<std::string> set_cookies;  // each Set-Cookie header's value
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // A transport failure (no connection, timeout, TLS) is Unavailable or
  // TempFail naming the URL; any HTTP status is a response.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// libcurl. A body the request's limits refuse (BodyRefusal) fails it with
// DataErr; a redirect is answered as it is, for the caller to follow.
std::unique_ptr<HttpClient> MakeCurlClient();

}  // namespace evt::scrape
