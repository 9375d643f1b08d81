// One HTTP source's requests: its auth (a login whose session is kept in
// the store and redone once when a request answers 401 or 403), retries
// with exponential backoff and jitter on 429, 5xx and transport errors
// (Retry-After honoured), its rate limit, and its redirects: followed
// here, never with the source's credentials to another origin.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/machine_clock.h"
#include "tools/scrape/http_client.h"
#include "tools/scrape/scrape_config.h"
#include "tools/scrape/session_store.h"

namespace evt::scrape {

struct FetchEnv {
  HttpClient& http;
  SessionStore* store = nullptr;  // nullptr: sessions last one run
  bool insecure = false;
  // Waits; returns false when the wait was cut short by a stop request.
  std::function<bool(std::chrono::milliseconds)> sleep;
  std::string renderer;  // --render: the browser that fetches HTML sources; "" for none
  // When a cursor was saved, and how long a scrape took.
  const Clock* clock = &MachineClock();
};

class SourceFetcher {
 public:
  SourceFetcher(const Source& source, FetchEnv env) : source_(source), env_(std::move(env)) {}

  // The 2xx response to `url` (the source's method, headers and body).
  // A non-2xx status after retries and re-login is Unavailable naming the
  // status and the start of the body. With `spool_fd`, a 2xx body is
  // written to that file instead of the response (HttpRequest::spool_fd).
  Result<HttpResponse> Fetch(const std::string& url, int spool_fd = -1);

  int logins() const { return logins_; }
  int retries() const { return retries_; }

 private:
  Result<HttpResponse> SendWithRetries(HttpRequest request);
  // Follows up to kMaxRedirects redirects, each hop with its retries.
  // `credentials`: the request carries a secret (auth, a secret header, a
  // session, a login body), so a redirect to another origin is refused.
  Result<HttpResponse> SendFollowingRedirects(HttpRequest request, bool credentials);
  bool HasCredentials() const;
  Status LogIn();
  HttpRequest Request(const std::string& url) const;
  std::chrono::milliseconds Backoff(int attempt, const HttpResponse* response) const;

  const Source& source_;
  FetchEnv env_;
  Session session_;
  bool session_loaded_ = false;
  int logins_ = 0;
  int retries_ = 0;
  std::chrono::steady_clock::time_point last_request_{};
};

// The URL in a Link header's rel="next", or "".
std::string NextLink(std::string_view link_header);
// `url` with ?name=value (or &name=value) set, value percent-encoded.
std::string WithQueryParam(const std::string& url, const std::string& name, const std::string& value);

}  // namespace evt::scrape
