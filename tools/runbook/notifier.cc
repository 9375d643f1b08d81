#include "tools/runbook/notifier.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

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

Result<NotifySettings> ReadNotifySettings(const ConfigObject& section) {
  NotifySettings settings;
  Result<std::optional<ConfigObject>> notify = section.OptionalObject("notify");
  if (!notify.ok()) return notify.status();
  if (!*notify) return settings;
  const ConfigObject& n = **notify;
  Result<std::optional<ConfigObject>> webhook = n.OptionalObject("webhook");
  if (!webhook.ok()) return webhook.status();
  if (*webhook) {
    WebhookTransport transport;
    Result<std::string> url = (*webhook)->String("url");
    if (!url.ok()) return url.status();
    if (!url->starts_with("https://") && !url->starts_with("http://")) {
      return (*webhook)->Error("url", "expected an http:// or https:// URL");
    }
    transport.url = *url;
    Result<std::optional<Secret>> secret = (*webhook)->OptionalSecret("secret");
    if (!secret.ok()) return secret.status();
    transport.secret = std::move(*secret);
    Result<Duration> timeout = (*webhook)->Duration("timeout", transport.timeout);
    if (!timeout.ok()) return timeout.status();
    transport.timeout = *timeout;
    settings.webhook = std::move(transport);
  }
  Result<std::vector<std::string>> command = n.StringArray("command", {});
  if (!command.ok()) return command.status();
  settings.command = *command;
  Result<Duration> window = n.Duration("dedup_window", settings.dedup_window);
  if (!window.ok()) return window.status();
  settings.dedup_window = *window;
  // Settings without a transport would be read and then ignored.
  if (!settings.configured()) return n.Error("expected at least one transport: " + std::string(kNotifyTransports));
  return settings;
}

std::string WebhookSignature(const std::string& key, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac, &size);
  static const char kDigits[] = "0123456789abcdef";
  std::string hex = "sha256=";
  for (unsigned int i = 0; i < size; ++i) {
    hex += kDigits[mac[i] >> 4];
    hex += kDigits[mac[i] & 0xf];
  }
  return hex;
}

Status PostWebhook(const WebhookTransport& webhook, const std::string& body,
                   std::optional<std::chrono::steady_clock::time_point> deadline) {
  auto timeout = webhook.timeout;
  if (deadline) {
    auto left = std::chrono::duration_cast<Duration>(*deadline - std::chrono::steady_clock::now());
    timeout = std::max(Duration(1), std::min(timeout, left));
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Unavailable("webhook: cannot start libcurl");
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  if (webhook.secret) {
    headers = curl_slist_append(headers, ("X-Evt-Signature: " + WebhookSignature(webhook.secret->bytes(), body)).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, webhook.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  CURLcode code = curl_easy_perform(curl);
  long http = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    std::string why = "webhook " + webhook.url + ": " + curl_easy_strerror(code);
    return WorthRetrying(code) ? Status::TempFail(why) : Status::Unavailable(why);
  }
  if (http < 200 || http > 299) {
    std::string why = "webhook " + webhook.url + ": HTTP " + std::to_string(http);
    // A server error or "slow down" may pass; any other answer will be the same next time.
    bool transient = http >= 500 || http == 408 || http == 429;
    return transient ? Status::TempFail(why) : Status::Unavailable(why);
  }
  return Status::Ok();
}

}  // namespace evt::runbook
