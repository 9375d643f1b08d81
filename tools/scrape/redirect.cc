#include "tools/scrape/redirect.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

namespace evt::scrape {
namespace {

using UrlHandle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

UrlHandle NewUrl() { return UrlHandle(curl_url(), &curl_url_cleanup); }

std::optional<std::string> Part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK) return std::nullopt;
  std::string out(text);
  curl_free(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

struct Origin {
  std::optional<std::string> scheme, host, port;
  bool operator==(const Origin&) const = default;
};

std::optional<Origin> OriginOf(const std::string& url) {
  UrlHandle handle = NewUrl();
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return std::nullopt;
  return Origin{Part(handle.get(), CURLUPART_SCHEME), Part(handle.get(), CURLUPART_HOST),
                Part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT)};
}

}  // namespace

bool IsRedirect(long status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

Result<std::string> ResolveHttpUrl(const std::string& base, const std::string& ref) {
  UrlHandle handle = NewUrl();
  if (!handle) return Status::Internal("curl_url failed");
  if (curl_url_set(handle.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK ||
      curl_url_set(handle.get(), CURLUPART_URL, ref.c_str(), 0) != CURLUE_OK) {
    return Status::DataErr("\"" + ref + "\": not a URL");
  }
  std::optional<std::string> scheme = Part(handle.get(), CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https") return Status::DataErr("\"" + ref + "\": only http and https URLs are followed");
  char* text = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_URL, &text, 0) != CURLUE_OK) return Status::DataErr("\"" + ref + "\": not a URL");
  std::string url(text);
  curl_free(text);
  return url;
}

bool SameOrigin(const std::string& a, const std::string& b) {
  std::optional<Origin> x = OriginOf(a), y = OriginOf(b);
  return x && y && *x == *y;
}

}  // namespace evt::scrape
