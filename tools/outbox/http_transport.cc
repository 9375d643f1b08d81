#include "tools/outbox/http_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string_view>

namespace evt::outbox {
namespace {

struct Transfer {
  HttpReply reply;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  std::size_t room = kMaxReplyBody - std::min(kMaxReplyBody, t->reply.body.size());
  t->reply.body.append(data, std::min(n, room));
  return n;  // the rest is read and dropped: the answer still counts
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) t->reply.retry_after.clear();  // a new response (after 100 Continue)
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == "retry-after") {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
      while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
      t->reply.retry_after = std::string(value);
    }
  }
  return size * count;
}

class CurlTransport final : public HttpTransport {
 public:
  CurlTransport() { curl_global_init(CURL_GLOBAL_DEFAULT); }

  HttpReply Post(const HttpPost& post) override {
    Transfer t;
    CURL* curl = curl_easy_init();
    if (curl == nullptr) {
      t.reply.error = "curl_easy_init failed";
      return t.reply;
    }
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, ("Idempotency-Key: " + post.idempotency_key).c_str());
    // No "Expect: 100-continue": one round trip fewer per order.
    headers = curl_slist_append(headers, "Expect:");
    std::string authorization;
    if (post.token != nullptr) {
      authorization = "Authorization: Bearer " + post.token->bytes();
      headers = curl_slist_append(headers, authorization.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, post.url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(post.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<std::int64_t>(post.timeout.count(), 5000)));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "evt-outbox/" EVT_VERSION);
    auto start = std::chrono::steady_clock::now();
    CURLcode rc = curl_easy_perform(curl);
    t.reply.latency = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - start);
    if (rc == CURLE_OK) {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &t.reply.status);
    } else {
      // An answer cut off mid-body is no answer: the shop may or may not
      // have committed, and only a retry with the same key can tell.
      t.reply.status = 0;
      t.reply.error = curl_easy_strerror(rc);
    }
    curl_slist_free_all(headers);
    std::fill(authorization.begin(), authorization.end(), '\0');
    curl_easy_cleanup(curl);
    return t.reply;
  }
};

}  // namespace

std::unique_ptr<HttpTransport> MakeCurlTransport() { return std::make_unique<CurlTransport>(); }

}  // namespace evt::outbox
