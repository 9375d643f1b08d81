#include "engine/probe/url_origin.h"

#include <curl/curl.h>

#include <memory>

#include "engine/probe/headers.h"

namespace evt::probe {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

std::optional<std::string> Get(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(u, part, &text, flags) != CURLUE_OK || text == nullptr) return std::nullopt;
  std::string s(text);
  curl_free(text);
  return s;
}

}  // namespace

std::optional<std::string> UrlOrigin(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  // The flags libcurl itself parses a transfer's URL with: a URL without a
  // scheme is guessed as the transfer would guess it.
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return std::nullopt;
  std::optional<std::string> scheme = Get(u.get(), CURLUPART_SCHEME);
  std::optional<std::string> host = Get(u.get(), CURLUPART_HOST);
  std::optional<std::string> port = Get(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host || host->empty()) return std::nullopt;
  std::string origin = ToLower(*scheme) + "://";
  if (std::optional<std::string> user = Get(u.get(), CURLUPART_USER)) {
    origin += *user;
    if (std::optional<std::string> password = Get(u.get(), CURLUPART_PASSWORD)) origin += ":" + *password;
    origin += "@";
  }
  origin += ToLower(*host);
  if (port) origin += ":" + *port;
  return origin;
}

}  // namespace evt::probe
