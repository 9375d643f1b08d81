#include "engine/probe/curl_transfer.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <ctime>

#include "common/quoted.h"
#include "engine/probe/error_text.h"
#include "engine/probe/url_origin.h"

namespace evt::probe {
namespace {

// A body expectation looks at this much of the body; the rest is counted.
constexpr std::size_t kMaxKeptBody = 1 << 20;
constexpr int kMaxRedirects = 10;

std::string HttpVersionName(long version) {
  switch (version) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
    case CURL_HTTP_VERSION_3: return "3";
    default: return "";
  }
}

std::string StatusRangesText(const std::vector<StatusRange>& ranges) {
  std::string text;
  for (const StatusRange& r : ranges) {
    if (!text.empty()) text += ",";
    if (r.low == r.high) {
      text += std::to_string(r.low);
    } else if (r.low % 100 == 0 && r.high == r.low + 99) {
      text += std::to_string(r.low / 100) + "xx";
    } else {
      text += std::to_string(r.low) + "-" + std::to_string(r.high);
    }
  }
  return text;
}

std::optional<TimePoint> NotAfter(const X509* cert) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return std::nullopt;
  return std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::from_time_t(timegm(&tm)));
}

}  // namespace

CurlTransfer::CurlTransfer(const Check& check, TimePoint started, CURL* reused_easy)
    : check_(check), started_(started), easy_(reused_easy) {
  Setup();
}

CurlTransfer::~CurlTransfer() {
  if (easy_ != nullptr) curl_easy_cleanup(easy_);
  curl_slist_free_all(request_headers_);
  curl_slist_free_all(resolve_);
}

void CurlTransfer::Fail(CURLcode code, const char* option) {
  if (setup_error_.empty()) setup_error_ = std::string(option) + ": " + curl_easy_strerror(code);
}

#define EVT_SET(option, value)                                        \
  do {                                                                \
    CURLcode evt_code_ = curl_easy_setopt(easy_, option, value);      \
    if (evt_code_ != CURLE_OK) Fail(evt_code_, #option);              \
  } while (0)

CURL* CurlTransfer::TakeReusableEasy() {
  if (easy_ == nullptr || check_.type != CheckType::kHttp || check_.http.cookie_share != nullptr) return nullptr;
  CURL* easy = easy_;
  easy_ = nullptr;
  curl_easy_reset(easy);
  return easy;
}

void CurlTransfer::Setup() {
  if (easy_ == nullptr) easy_ = curl_easy_init();
  if (easy_ == nullptr) {
    setup_error_ = "out of memory creating a transfer";
    return;
  }
  EVT_SET(CURLOPT_PRIVATE, this);
  EVT_SET(CURLOPT_ERRORBUFFER, error_buffer_.data());
  EVT_SET(CURLOPT_NOSIGNAL, 1L);
  EVT_SET(CURLOPT_TIMEOUT_MS, static_cast<long>(check_.timeout.count()));
  // Each probe resolves the name itself: a cached answer would hide DNS.
  EVT_SET(CURLOPT_DNS_CACHE_TIMEOUT, 0L);
  if (check_.type == CheckType::kTcp) {
    SetupTcp();
  } else {
    SetupHttp();
  }
}

void CurlTransfer::SetupCommon(const std::string& interface, IpVersion ip_version) {
  if (!interface.empty()) EVT_SET(CURLOPT_INTERFACE, interface.c_str());
  if (ip_version == IpVersion::kV4) EVT_SET(CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V4);
  if (ip_version == IpVersion::kV6) EVT_SET(CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V6);
}

void CurlTransfer::SetupTcp() {
  url_ = "http://" + check_.Subject() + "/";
  EVT_SET(CURLOPT_URL, url_.c_str());
  EVT_SET(CURLOPT_CONNECT_ONLY, 1L);
  EVT_SET(CURLOPT_FRESH_CONNECT, 1L);
  EVT_SET(CURLOPT_FORBID_REUSE, 1L);
  SetupCommon(check_.tcp.interface, check_.tcp.ip_version);
}

void CurlTransfer::SetupHttp() {
  const HttpSpec& http = check_.http;
  url_ = http.url;
  method_ = http.method;
  send_body_ = http.body.has_value();
  EVT_SET(CURLOPT_PROTOCOLS_STR, "http,https");
  EVT_SET(CURLOPT_HEADERFUNCTION, &CurlTransfer::OnHeader);
  EVT_SET(CURLOPT_HEADERDATA, this);
  EVT_SET(CURLOPT_WRITEFUNCTION, &CurlTransfer::OnBody);
  EVT_SET(CURLOPT_WRITEDATA, this);
  EVT_SET(CURLOPT_ACCEPT_ENCODING, "");
  EVT_SET(CURLOPT_USERAGENT, "evt-probe/" EVT_VERSION);
  SetupRequest(true);
  for (const std::string& entry : http.resolve) resolve_ = curl_slist_append(resolve_, entry.c_str());
  if (resolve_ != nullptr) EVT_SET(CURLOPT_RESOLVE, resolve_);
  if (!http.reuse) {
    // A fresh connection with a full handshake each time: a resumed TLS
    // session would make the tls phase look faster than a new visitor sees.
    EVT_SET(CURLOPT_FRESH_CONNECT, 1L);
    EVT_SET(CURLOPT_FORBID_REUSE, 1L);
    EVT_SET(CURLOPT_SSL_SESSIONID_CACHE, 0L);
  }
  if (http.cookie_share != nullptr) {
    EVT_SET(CURLOPT_SHARE, static_cast<CURLSH*>(http.cookie_share));
    EVT_SET(CURLOPT_COOKIEFILE, "");  // the cookie engine on, reading no file
  }
  if (!http.ca_file.empty()) EVT_SET(CURLOPT_CAINFO, http.ca_file.c_str());
  if (http.insecure) {
    EVT_SET(CURLOPT_SSL_VERIFYPEER, 0L);
    EVT_SET(CURLOPT_SSL_VERIFYHOST, 0L);
  }
  EVT_SET(CURLOPT_SSL_CTX_FUNCTION, &CurlTransfer::OnSslContext);
  EVT_SET(CURLOPT_SSL_CTX_DATA, this);
  SetupCommon(http.interface, http.ip_version);
}

// The URL, method, body and headers of one request: the first, or the next
// hop of a followed redirect.
void CurlTransfer::SetupRequest(bool same_origin) {
  const HttpSpec& http = check_.http;
  EVT_SET(CURLOPT_URL, url_.c_str());
  if (method_ == "HEAD") {
    EVT_SET(CURLOPT_NOBODY, 1L);
  } else if (method_ == "GET" && !send_body_) {
    EVT_SET(CURLOPT_HTTPGET, 1L);
    EVT_SET(CURLOPT_CUSTOMREQUEST, static_cast<char*>(nullptr));
  } else {
    EVT_SET(CURLOPT_CUSTOMREQUEST, method_.c_str());
  }
  if (send_body_) {
    EVT_SET(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(http.body->size()));
    EVT_SET(CURLOPT_POSTFIELDS, http.body->data());
  }
  curl_slist_free_all(request_headers_);
  request_headers_ = nullptr;
  for (const std::string& header : http.headers)
    if (same_origin || KeptAcrossOrigins(header, http.secret_headers))
      request_headers_ = curl_slist_append(request_headers_, header.c_str());
  EVT_SET(CURLOPT_HTTPHEADER, request_headers_);
}

std::string CurlTransfer::RedirectRefusal(long status, const std::string& next, bool same_origin) const {
  std::optional<std::string> origin = UrlOrigin(next);
  std::string scheme = ToLower(std::string_view(next).substr(0, next.find(':')));
  std::string code = std::to_string(status);
  if (!origin || (scheme != "http" && scheme != "https"))
    return "redirect " + code + " not followed: only http and https URLs are, got a " + QuotedForMessage(scheme) +
           " URL";
  if (hops_ >= kMaxRedirects)
    return "too many redirects: " + code + " to " + *origin + " after " + std::to_string(hops_);
  if (same_origin) return "";
  if (send_body_ && (status == 307 || status == 308))
    return "redirect " + code + " to " + *origin + " not followed: it would send the request body, which may go only to " +
           origin_;
  // A user name and password in the URL would go along to the next host.
  if (origin_.find('@') != std::string::npos)
    return "redirect " + code + " to " + *origin + " not followed: the URL's credentials may go only to its own origin";
  return "";
}

bool CurlTransfer::FollowRedirect(CURLcode code) {
  if (code != CURLE_OK || check_.type != CheckType::kHttp || !check_.http.follow_redirects) return false;
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  char* location = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_REDIRECT_URL, &location);
  bool redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  if (!redirect || location == nullptr) return false;
  std::string next = location;
  // Parsed here, not at setup: most responses are not redirects, and at a
  // load test's rate parsing every URL was a visible share of the engine.
  if (hops_ == 0) origin_ = UrlOrigin(check_.http.url).value_or("");
  bool same_origin = !origin_.empty() && UrlOrigin(next) == origin_;
  redirect_error_ = RedirectRefusal(status, next, same_origin);
  if (!redirect_error_.empty()) return false;
  curl_off_t took_us = 0;
  curl_easy_getinfo(easy_, CURLINFO_TOTAL_TIME_T, &took_us);
  earlier_hops_us_ += took_us;
  ++hops_;
  // What browsers and libcurl do: a 303 asks for a GET, and a POST
  // answered by 301 or 302 becomes one too.
  if ((status == 303 && method_ != "HEAD") || ((status == 301 || status == 302) && method_ == "POST")) {
    method_ = "GET";
    send_body_ = false;
  }
  url_ = std::move(next);
  std::int64_t left_ms = check_.timeout.count() - earlier_hops_us_ / 1000;
  EVT_SET(CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, left_ms)));
  SetupRequest(same_origin);
  headers_.clear();
  body_.clear();
  return setup_error_.empty();
}

#undef EVT_SET

std::size_t CurlTransfer::OnHeader(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<CurlTransfer*>(self);
  std::size_t n = size * count;
  const HttpSpec& http = t->check_.http;
  bool wanted = http.response_details || http.keep_response || !http.expect.headers.empty();
  // Guards against a server that sends headers forever.
  if (wanted && t->headers_.size() < 200) AddHeaderLine(std::string_view(data, n), t->headers_);
  return n;
}

std::size_t CurlTransfer::OnBody(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<CurlTransfer*>(self);
  std::size_t n = size * count;
  bool keep = t->check_.http.expect.body || t->check_.http.keep_response;
  if (keep && t->body_.size() < kMaxKeptBody)
    t->body_.append(data, std::min(n, kMaxKeptBody - t->body_.size()));
  return n;
}

// libcurl hands over the connection's SSL_CTX before the handshake. The
// certificate callback notes the leaf's expiry, then verifies exactly as
// OpenSSL would have, so a failed verification can still say "expired 3
// days ago", and an insecure probe still learns the expiry.
CURLcode CurlTransfer::OnSslContext(CURL*, void* ssl_ctx, void* self) {
  SSL_CTX_set_cert_verify_callback(
      static_cast<SSL_CTX*>(ssl_ctx),
      [](X509_STORE_CTX* store, void* arg) { return OnVerifyCertificate(store, arg); }, self);
  return CURLE_OK;
}

int CurlTransfer::OnVerifyCertificate(void* store, void* self) {
  auto* x509_store = static_cast<X509_STORE_CTX*>(store);
  auto* t = static_cast<CurlTransfer*>(self);
  if (const X509* leaf = X509_STORE_CTX_get0_cert(x509_store)) t->cert_not_after_ = NotAfter(leaf);
  return X509_verify_cert(x509_store);
}

CurlTimes CurlTransfer::ReadTimes() const {
  CurlTimes t;
  curl_easy_getinfo(easy_, CURLINFO_NAMELOOKUP_TIME_T, &t.namelookup_us);
  curl_easy_getinfo(easy_, CURLINFO_CONNECT_TIME_T, &t.connect_us);
  curl_easy_getinfo(easy_, CURLINFO_APPCONNECT_TIME_T, &t.appconnect_us);
  curl_easy_getinfo(easy_, CURLINFO_PRETRANSFER_TIME_T, &t.pretransfer_us);
  curl_easy_getinfo(easy_, CURLINFO_STARTTRANSFER_TIME_T, &t.starttransfer_us);
  curl_easy_getinfo(easy_, CURLINFO_TOTAL_TIME_T, &t.total_us);
  // The followed redirects were transfers of their own: their time comes
  // before every mark of the last one, as libcurl counts when it follows.
  for (std::int64_t* mark : {&t.namelookup_us, &t.connect_us, &t.appconnect_us, &t.pretransfer_us,
                             &t.starttransfer_us, &t.total_us})
    if (*mark > 0) *mark += earlier_hops_us_;
  t.redirect_us = earlier_hops_us_;
  return t;
}

void CurlTransfer::ReadHttpDetails(ProbeResult& r) const {
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  if (status > 0) r.status = status;
  curl_off_t bytes = 0;
  curl_easy_getinfo(easy_, CURLINFO_SIZE_DOWNLOAD_T, &bytes);
  r.bytes = bytes;
  long version = 0;
  curl_easy_getinfo(easy_, CURLINFO_HTTP_VERSION, &version);
  r.http_version = HttpVersionName(version);
  long connects = 0;
  curl_easy_getinfo(easy_, CURLINFO_NUM_CONNECTS, &connects);
  if (status > 0) r.reused = connects == 0;
  r.redirects = hops_;
  r.cert_not_after = cert_not_after_;
  if (check_.http.response_details) {
    r.cache = ClassifyCache(headers_);
    r.server_timing = ParseServerTiming(headers_);
  }
  if (check_.http.keep_response) {
    r.headers = headers_;
    r.body = body_;
  }
}

std::string CurlTransfer::ErrorText(CURLcode code, const CurlTimes& times, const std::string& remote_ip,
                                    TimePoint now) const {
  std::string detail = error_buffer_[0] != '\0' ? std::string(error_buffer_.data()) : curl_easy_strerror(code);
  long os_errno = 0;
  curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &os_errno);
  bool tls = check_.type == CheckType::kHttp && check_.http.url.starts_with("https:");
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return "timeout after " + std::to_string(check_.timeout.count()) + " ms in " +
             std::string(StuckPhase(times, tls, !remote_ip.empty()));
    case CURLE_COULDNT_RESOLVE_HOST: return "DNS: could not resolve host: " + detail;
    case CURLE_COULDNT_CONNECT:
      return os_errno != 0 ? ErrnoText(static_cast<int>(os_errno)) : "could not connect: " + detail;
    case CURLE_PEER_FAILED_VERIFICATION:
      if (cert_not_after_ && *cert_not_after_ < now) return ExpiredCertificateText(*cert_not_after_, now);
      return "TLS: " + detail;
    case CURLE_SSL_CONNECT_ERROR: return "TLS handshake failed: " + detail;
    case CURLE_GOT_NOTHING: return "empty reply from server";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      return os_errno != 0 ? ErrnoText(static_cast<int>(os_errno)) : detail;
    case CURLE_TOO_MANY_REDIRECTS: return "too many redirects: " + detail;
    default: return detail;
  }
}

void CurlTransfer::CheckExpectations(ProbeResult& r) const {
  const HttpExpectations& expect = check_.http.expect;
  long status = r.status.value_or(0);
  bool status_ok = false;
  for (const StatusRange& range : expect.status) status_ok = status_ok || (status >= range.low && status <= range.high);
  if (!status_ok) {
    r.error = "expected status " + StatusRangesText(expect.status) + ", got " + std::to_string(status);
    return;
  }
  if (expect.body && !expect.body->Search(body_)) {
    r.error = "body does not match /" + expect.body->text() + "/";
    return;
  }
  for (const auto& [name, pattern] : expect.headers) {
    std::optional<std::string> value = JoinedHeader(headers_, name);
    if (!value) {
      r.error = "header " + name + " missing";
      return;
    }
    if (!pattern.Search(*value)) {
      r.error = "header " + name + ": \"" + *value + "\" does not match /" + pattern.text() + "/";
      return;
    }
  }
}

ProbeResult CurlTransfer::Finish(CURLcode code, TimePoint now) {
  ProbeResult r;
  r.target = check_.target;
  r.type = check_.type;
  r.subject = check_.Subject();
  r.started = started_;
  CurlTimes times = ReadTimes();
  r.phases = PhasesFrom(times);
  r.total_ms = r.phases->total_ms;
  if (check_.type == CheckType::kTcp) {
    // A connect-only transfer ends when the connection is up.
    r.total_ms = r.phases->dns_ms + r.phases->connect_ms;
    r.phases->total_ms = r.total_ms;
  }
  char* ip = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_PRIMARY_IP, &ip);
  if (ip != nullptr) r.remote_ip = ip;
  curl_easy_getinfo(easy_, CURLINFO_PRIMARY_PORT, &r.remote_port);
  if (check_.type == CheckType::kHttp) ReadHttpDetails(r);
  if (code != CURLE_OK) {
    r.error = ErrorText(code, times, r.remote_ip, now);
  } else if (!redirect_error_.empty()) {
    r.error = redirect_error_;
  } else if (check_.type == CheckType::kHttp) {
    CheckExpectations(r);
  }
  r.ok = r.error.empty();
  return r;
}

}  // namespace evt::probe
