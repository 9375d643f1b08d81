#include "tools/scrape/source_fetcher.h"

#include <algorithm>
#include <random>

#include "common/base64.h"
#include "common/json_parse.h"
#include "common/percent_encoding.h"
#include "tools/scrape/redirect.h"

namespace evt::scrape {
namespace {

bool IsRetryable(long status) { return status == 429 || status == 502 || status == 503 || status == 504 || status == 500; }

std::string BodyStart(const std::string& body) {
  std::string s = body.substr(0, 120);
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s.empty() ? "" : ": " + s;
}

// name=value from a Set-Cookie header, or "" for a cookie being deleted.
std::pair<std::string, std::string> CookieOf(std::string_view header, bool& expired) {
  std::string_view pair = header.substr(0, header.find(';'));
  std::size_t eq = pair.find('=');
  std::string lower(header);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  expired = lower.find("max-age=0") != std::string::npos || lower.find("expires=thu, 01 jan 1970") != std::string::npos;
  if (eq == std::string_view::npos) return {};
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return std::string(s);
  };
  return {trim(pair.substr(0, eq)), trim(pair.substr(eq + 1))};
}

void KeepCookies(const HttpResponse& response, Session& session) {
  for (const std::string& header : response.set_cookies) {
    bool expired = false;
    std::pair<std::string, std::string> cookie = CookieOf(header, expired);
    if (cookie.first.empty()) continue;
    auto it = std::find_if(session.cookies.begin(), session.cookies.end(),
                           [&](const auto& c) { return c.first == cookie.first; });
    if (it != session.cookies.end()) session.cookies.erase(it);
    if (!expired && !cookie.second.empty()) session.cookies.push_back(std::move(cookie));
  }
}

}  // namespace

std::string NextLink(std::string_view header) {
  while (!header.empty()) {
    std::size_t open = header.find('<');
    std::size_t close = header.find('>', open);
    if (open == std::string_view::npos || close == std::string_view::npos) return "";
    std::string_view url = header.substr(open + 1, close - open - 1);
    std::size_t next = header.find('<', close);
    std::string_view params = header.substr(close + 1, next == std::string_view::npos ? std::string_view::npos : next - close - 1);
    if (params.find("rel=\"next\"") != std::string_view::npos || params.find("rel=next") != std::string_view::npos) {
      return std::string(url);
    }
    if (next == std::string_view::npos) return "";
    header.remove_prefix(next);
  }
  return "";
}

std::string WithQueryParam(const std::string& url, const std::string& name, const std::string& value) {
  std::size_t fragment = url.find('#');
  std::string base = url.substr(0, fragment);
  std::string tail = fragment == std::string::npos ? "" : url.substr(fragment);
  return base + (base.find('?') == std::string::npos ? "?" : "&") + PercentEncoded(name) + "=" + PercentEncoded(value) + tail;
}

HttpRequest SourceFetcher::Request(const std::string& url) const {
  HttpRequest r;
  r.method = source_.method;
  r.url = url;
  r.body = source_.body;
  r.timeout = source_.timeout;
  r.insecure = env_.insecure;
  r.max_body = source_.max_body;
  for (const auto& [name, value] : source_.headers) r.headers.push_back(name + ": " + value);
  const Auth& auth = source_.auth;
  if (auth.kind == Auth::Kind::kBasic) r.headers.push_back("Authorization: Basic " + Base64Encode(auth.user + ":" + auth.secret->bytes()));
  if (auth.kind == Auth::Kind::kBearer) r.headers.push_back("Authorization: Bearer " + auth.secret->bytes());
  if (auth.kind == Auth::Kind::kApiKey) r.headers.push_back(auth.header + ": " + auth.secret->bytes());
  if (auth.kind == Auth::Kind::kLogin) {
    if (!session_.token.empty()) r.headers.push_back("Authorization: Bearer " + session_.token);
  }
  std::string cookies;
  for (const auto& [name, value] : session_.cookies) cookies += (cookies.empty() ? "" : "; ") + name + "=" + value;
  if (!cookies.empty()) r.headers.push_back("Cookie: " + cookies);
  return r;
}

std::chrono::milliseconds SourceFetcher::Backoff(int attempt, const HttpResponse* response) const {
  if (response && !response->retry_after.empty()) {
    char* end = nullptr;
    long seconds = std::strtol(response->retry_after.c_str(), &end, 10);
    // Retry-After as an HTTP date is rare from devices; it falls back to the backoff.
    if (*end == '\0' && seconds >= 0) return std::min(std::chrono::milliseconds(seconds * 1000), std::chrono::milliseconds(60000));
  }
  std::chrono::milliseconds base = source_.backoff * (1LL << std::min(attempt, 16));
  base = std::min(base, source_.max_backoff);
  static thread_local std::mt19937_64 random{std::random_device{}()};
  // "Full jitter": anywhere from half to all of the backoff, so many kiosks
  // retrying one console do not stay in step.
  std::uniform_int_distribution<long long> jitter(base.count() / 2, std::max<long long>(base.count(), 1));
  return std::chrono::milliseconds(jitter(random));
}

Result<HttpResponse> SourceFetcher::SendWithRetries(HttpRequest request) {
  for (int attempt = 0;; ++attempt) {
    if (source_.min_interval.count() > 0 && last_request_ != std::chrono::steady_clock::time_point{}) {
      auto since = std::chrono::steady_clock::now() - last_request_;
      if (since < source_.min_interval) {
        if (!env_.sleep(std::chrono::duration_cast<std::chrono::milliseconds>(source_.min_interval - since))) {
          return Status::TempFail(source_.name + ": stopped");
        }
      }
    }
    last_request_ = std::chrono::steady_clock::now();
    Result<HttpResponse> response = env_.http.Send(request);
    bool transport_error = !response.ok() && response.status().code() != ExitCode::kDataErr;
    bool retry = transport_error || (response.ok() && IsRetryable(response->status));
    if (!retry || attempt >= source_.retries) return response;
    ++retries_;
    if (!env_.sleep(Backoff(attempt, response.ok() ? &*response : nullptr))) return Status::TempFail(source_.name + ": stopped");
  }
}

bool SourceFetcher::HasCredentials() const {
  return source_.auth.kind != Auth::Kind::kNone || source_.secret_headers || !session_.empty();
}

Result<HttpResponse> SourceFetcher::SendFollowingRedirects(HttpRequest request, bool credentials) {
  for (int hop = 0;; ++hop) {
    Result<HttpResponse> response = SendWithRetries(request);
    if (!response.ok() || !IsRedirect(response->status) || response->location.empty()) return response;
    std::string where = request.method + " " + request.url;
    if (hop == kMaxRedirects) return Status::Unavailable(where + ": more than " + std::to_string(kMaxRedirects) + " redirects");
    Result<std::string> next = ResolveHttpUrl(request.url, response->location);
    if (!next.ok()) return next.status().Prefixed(where + " answered HTTP " + std::to_string(response->status) + ", Location");
    if (credentials && !SameOrigin(request.url, *next)) {
      return Status::Unavailable(where + " redirected to " + *next +
                                 ", another origin (scheme, host or port): the source's credentials are not sent there; "
                                 "set the source's URL to where it should go");
    }
    // As browsers do: 303, and a POST answered 301 or 302, become a GET.
    long status = response->status;
    if (status == 303 || ((status == 301 || status == 302) && request.method == "POST")) {
      request.method = "GET";
      request.body.clear();
    }
    request.url = std::move(*next);
  }
}

Status SourceFetcher::LogIn() {
  const Login& login = source_.auth.login;
  HttpRequest r;
  r.method = login.method;
  r.url = login.url;
  r.body = login.body;
  r.timeout = source_.timeout;
  r.insecure = env_.insecure;
  r.max_body = source_.max_body;
  r.headers.push_back("Content-Type: " + login.content_type);
  r.headers.push_back("Accept: application/json");
  ++logins_;
  Result<HttpResponse> response = SendFollowingRedirects(r, true);
  if (!response.ok()) return response.status().Prefixed(source_.name + ": login");
  if (response->status < 200 || response->status > 299) {
    // The body may echo what was sent; only its status is shown.
    return Status::Unavailable(source_.name + ": login: " + login.method + " " + login.url + " answered HTTP " +
                               std::to_string(response->status));
  }
  session_ = Session{};
  KeepCookies(*response, session_);
  if (login.token_path) {
    Result<Value> reply = ParseJson(response->body, source_.name + ": login reply");
    if (!reply.ok()) return reply.status();
    const Value* token = login.token_path->SelectOne(*reply);
    if (!token || !token->is_string() || token->as_string().empty()) {
      return Status::Unavailable(source_.name + ": login reply: " + login.token_path->text() + ": expected a token string");
    }
    session_.token = token->as_string();
  }
  if (session_.empty()) return Status::Unavailable(source_.name + ": login: the reply set no cookie and gave no token");
  if (env_.store) EVT_RETURN_IF_ERROR(env_.store->SaveSession(source_.name, session_));
  return Status::Ok();
}

Result<HttpResponse> SourceFetcher::Fetch(const std::string& url, int spool_fd) {
  bool login = source_.auth.kind == Auth::Kind::kLogin;
  if (login && !session_loaded_) {
    session_loaded_ = true;
    if (env_.store) {
      Result<Session> saved = env_.store->LoadSession(source_.name);
      if (!saved.ok()) return saved.status();
      session_ = std::move(*saved);
    }
    if (session_.empty()) EVT_RETURN_IF_ERROR(LogIn());
  }
  // A page link comes from the server, like a redirect: it may name any host.
  if (HasCredentials() && !SameOrigin(url, source_.url)) {
    return Status::Unavailable(source_.name + ": the page " + url +
                               " is on another origin (scheme, host or port) than the source's URL: the source's "
                               "credentials are not sent there");
  }
  bool relogged = false;
  while (true) {
    HttpRequest request = Request(url);
    request.spool_fd = spool_fd;
    Result<HttpResponse> response = SendFollowingRedirects(std::move(request), HasCredentials());
    if (!response.ok()) return response.status().Prefixed(source_.name);
    KeepCookies(*response, session_);
    long status = response->status;
    if ((status == 401 || status == 403) && login && !relogged) {
      relogged = true;
      if (env_.store) EVT_RETURN_IF_ERROR(env_.store->ForgetSession(source_.name));
      EVT_RETURN_IF_ERROR(LogIn());
      continue;
    }
    if (status < 200 || status > 299) {
      return Status::Unavailable(source_.name + ": " + source_.method + " " + url + " answered HTTP " + std::to_string(status) +
                                 (login ? "" : BodyStart(response->body)));
    }
    return response;
  }
}

}  // namespace evt::scrape
