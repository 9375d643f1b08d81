#include "tools/runbook/notifier.h"

#include <nettle/hmac.h>

#include <algorithm>
#include <cstdint>

#include "tools/runbook/curl_library.h"

namespace evt::runbook {
namespace {

std::size_t Discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// A network that is down or slow now may come back; a URL that cannot be
// parsed, a scheme refused or a TLS certificate that does not verify will not.
bool WorthRetrying(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string WebhookSignature(const std::string& key, const std::string& body) {
  hmac_sha256_ctx context;
  hmac_sha256_set_key(&context, key.size(), reinterpret_cast<const std::uint8_t*>(key.data()));
  hmac_sha256_update(&context, body.size(), reinterpret_cast<const std::uint8_t*>(body.data()));
  unsigned char mac[SHA256_DIGEST_SIZE];
  hmac_sha256_digest(&context, sizeof mac, mac);
  static const char kDigits[] = "0123456789abcdef";
  std::string hex = "sha256=";
  for (unsigned char byte : mac) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xf];
  }
  return hex;
}

Status SendHttp(const HttpNotice& notice, std::optional<std::chrono::steady_clock::time_point> deadline) {
  auto timeout = notice.timeout;
  if (deadline) {
    auto left = std::chrono::duration_cast<Duration>(*deadline - std::chrono::steady_clock::now());
    timeout = std::max(Duration(1), std::min(timeout, left));
  }
  Result<const CurlLibrary*> lib = LoadCurlLibrary();
  if (!lib.ok()) return Status::Unavailable(notice.what + ": " + lib.status().message());
  const CurlLibrary& c = **lib;
  CURL* curl = c.easy_init();
  if (curl == nullptr) return Status::Unavailable(notice.what + ": cannot start libcurl");
  curl_slist* headers = nullptr;
  for (const std::string& header : notice.headers) headers = c.slist_append(headers, header.c_str());
  c.easy_setopt(curl, CURLOPT_URL, notice.url.c_str());
  c.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, notice.method.c_str());
  c.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  c.easy_setopt(curl, CURLOPT_POSTFIELDS, notice.body.c_str());
  c.easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(notice.body.size()));
  c.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  c.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  c.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  CURLcode code = c.easy_perform(curl);
  long http = 0;
  c.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
  c.slist_free_all(headers);
  c.easy_cleanup(curl);
  if (code != CURLE_OK) {
    std::string why = notice.what + ": " + c.easy_strerror(code);
    return WorthRetrying(code) ? Status::TempFail(why) : Status::Unavailable(why);
  }
  if (http < 200 || http > 299) {
    std::string why = notice.what + ": HTTP " + std::to_string(http);
    // A server error or "slow down" may pass; any other answer will be the same next time.
    bool transient = http >= 500 || http == 408 || http == 429;
    return transient ? Status::TempFail(why) : Status::Unavailable(why);
  }
  return Status::Ok();
}

Status PostWebhook(const WebhookTransport& webhook, const std::string& body,
                   std::optional<std::chrono::steady_clock::time_point> deadline) {
  HttpNotice notice;
  notice.what = "webhook " + webhook.url;
  notice.url = webhook.url;
  notice.headers = {"Content-Type: application/json"};
  if (webhook.secret) notice.headers.push_back("X-Evt-Signature: " + WebhookSignature(webhook.secret->bytes(), body));
  notice.body = body;
  notice.timeout = webhook.timeout;
  return SendHttp(notice, deadline);
}

}  // namespace evt::runbook
