// One HTTP request or TCP connect as a libcurl easy handle: the options a
// Check asks for, the headers and body as they arrive, and the ProbeResult
// read back from libcurl when the transfer is done. The engine
// (probe_engine.h) drives many of these on one multi handle.
#pragma once

#include <curl/curl.h>

#include <array>
#include <optional>
#include <string>

#include "common/time_format.h"
#include "engine/probe/check.h"
#include "engine/probe/headers.h"
#include "engine/probe/probe_result.h"

namespace evt::probe {

class CurlTransfer {
 public:
  // REQUIRES: check.type is kHttp or kTcp; `check` outlives the transfer;
  // `reused_easy`, when given, is an easy handle from an earlier transfer
  // after curl_easy_reset (see TakeReusableEasy); else one is made.
  CurlTransfer(const Check& check, TimePoint started, CURL* reused_easy = nullptr);
  ~CurlTransfer();
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  // The easy handle with every option set; nullptr when libcurl refused
  // one (then Failed() says which).
  CURL* easy() const { return easy_; }
  const std::string& setup_error() const { return setup_error_; }

  // After the multi handle reported `code` and the easy handle was removed
  // from it: when the response is a redirect the check follows, sets the
  // handle up for the next request and returns true (add it again).
  // libcurl's own following would re-send custom headers (X-API-Key) and a
  // 307/308's body to whatever host the Location names; here a request
  // that leaves the first URL's origin keeps only harmless headers, and a
  // body never leaves it (the redirect is then not followed, an error).
  bool FollowRedirect(CURLcode code);

  // Reads the outcome from libcurl after the multi handle reported `code`.
  ProbeResult Finish(CURLcode code, TimePoint now);

  // After Finish, with the handle out of the multi: the easy handle,
  // reset, for the next transfer, or nullptr when it must not serve again
  // (a connect-only one keeps its connection; one on a cookie share stays
  // tied to that share). Making a handle per attempt cost a visible share
  // of a load test's time; a reset handle keeps nothing of this check's
  // options, only libcurl's caches, as the multi's connections are.
  CURL* TakeReusableEasy();

 private:
  void Setup();
  void SetupHttp();
  void SetupTcp();
  void SetupCommon(const std::string& interface, IpVersion ip_version);
  void SetupRequest(bool same_origin);
  std::string RedirectRefusal(long status, const std::string& next, bool same_origin) const;
  void Fail(CURLcode code, const char* option);
  CurlTimes ReadTimes() const;
  void ReadHttpDetails(ProbeResult& r) const;
  std::string ErrorText(CURLcode code, const CurlTimes& times, const std::string& remote_ip, TimePoint now) const;
  void CheckExpectations(ProbeResult& r) const;

  static std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* self);
  static CURLcode OnSslContext(CURL* easy, void* ssl_ctx, void* self);
  static int OnVerifyCertificate(void* store, void* self);

  const Check& check_;
  TimePoint started_;
  CURL* easy_ = nullptr;
  curl_slist* request_headers_ = nullptr;
  curl_slist* resolve_ = nullptr;
  std::string url_;
  std::string origin_;  // of the check's own URL: where its credentials may go (set at the first redirect)
  std::string method_;
  bool send_body_ = false;
  int hops_ = 0;                   // redirects followed
  std::int64_t earlier_hops_us_ = 0;  // the time the followed redirects took
  std::string redirect_error_;
  std::string setup_error_;
  std::array<char, CURL_ERROR_SIZE> error_buffer_{};
  Headers headers_;
  std::string body_;  // kept only when a body expectation needs it
  std::optional<TimePoint> cert_not_after_;
};

}  // namespace evt::probe
