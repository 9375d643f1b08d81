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
#include "tools/probe/check.h"
#include "tools/probe/headers.h"
#include "tools/probe/probe_result.h"

namespace evt::probe {

class CurlTransfer {
 public:
  // REQUIRES: check.type is kHttp or kTcp; `check` outlives the transfer.
  CurlTransfer(const Check& check, TimePoint started);
  ~CurlTransfer();
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  // The easy handle with every option set; nullptr when libcurl refused
  // one (then Failed() says which).
  CURL* easy() const { return easy_; }
  const std::string& setup_error() const { return setup_error_; }

  // Reads the outcome from libcurl after the multi handle reported `code`.
  ProbeResult Finish(CURLcode code, TimePoint now);

 private:
  void Setup();
  void SetupHttp();
  void SetupTcp();
  void SetupCommon(const std::string& interface, IpVersion ip_version);
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
  std::string setup_error_;
  std::array<char, CURL_ERROR_SIZE> error_buffer_{};
  Headers headers_;
  std::string body_;  // kept only when a body expectation needs it
  std::optional<TimePoint> cert_not_after_;
};

}  // namespace evt::probe
