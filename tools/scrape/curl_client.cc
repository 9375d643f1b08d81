#include <curl/curl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include <algorithm>
#include <cctype>

#include "tools/scrape/http_client.h"

namespace evt::scrape {
namespace {

struct Transfer {
  HttpResponse response;
  std::uint64_t max_body;
  std::uint64_t max_spooled;
  CURL* curl = nullptr;
  int spool_fd = -1;
  std::string refused;  // BodyRefusal's reason
  int spool_errno = 0;
  std::uint64_t spooled_bytes = 0;
};

// Whether `n` more decoded bytes keep the body within its limits. The wire
// count is libcurl's, of the bytes before Content-Encoding is undone.
bool WithinLimits(Transfer& t, std::uint64_t n) {
  std::uint64_t decoded = (t.response.spooled ? t.spooled_bytes : t.response.body.size()) + n;
  curl_off_t wire = 0;
  curl_easy_getinfo(t.curl, CURLINFO_SIZE_DOWNLOAD_T, &wire);
  t.refused = BodyRefusal(decoded, static_cast<std::uint64_t>(std::max<curl_off_t>(wire, 0)),
                          t.response.spooled ? t.max_spooled : t.max_body, t.response.spooled);
  return t.refused.empty();
}

// Unknown free space (fstatvfs failed) leaves max_body the only bound.
std::uint64_t FreeBytes(int fd) {
  struct statvfs fs {};
  if (fstatvfs(fd, &fs) != 0) return UINT64_MAX;
  return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

bool WriteAll(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return false;
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// Only a success goes to the spool: an error page stays in `body`, where
// the message quoting its start finds it.
bool ShouldSpool(Transfer& t) {
  if (t.spool_fd < 0) return false;
  long status = 0;
  curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &status);
  return status == 0 || (status >= 200 && status <= 299);
}

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  if (ShouldSpool(*t)) {
    t->response.spooled = true;
    if (!WithinLimits(*t, n)) return 0;
    if (!WriteAll(t->spool_fd, data, n)) {
      t->spool_errno = errno;
      return 0;
    }
    t->spooled_bytes += n;
    return n;
  }
  if (!WithinLimits(*t, n)) return 0;
  t->response.body.append(data, n);
  return n;
}

Status EmptySpool(int fd) {
  if (fd < 0) return Status::Ok();
  if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0) return Status::IoErr(std::string("spool file: ") + std::strerror(errno));
  return Status::Ok();
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  std::size_t colon = line.find(':');
  if (line.starts_with("HTTP/")) {
    // A new response (after a redirect or 100 Continue): forget the last one's headers.
    t->response.set_cookies.clear();
    t->response.link.clear();
    t->response.retry_after.clear();
    t->response.location.clear();
  } else if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = Trimmed(line.substr(colon + 1));
    if (name == "set-cookie") t->response.set_cookies.push_back(value);
    if (name == "link") t->response.link = value;
    if (name == "retry-after") t->response.retry_after = value;
    if (name == "content-type") t->response.content_type = value;
    if (name == "location") t->response.location = value;
  }
  return size * count;
}

class CurlClient : public HttpClient {
 public:
  CurlClient() { curl_global_init(CURL_GLOBAL_DEFAULT); }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    EVT_RETURN_IF_ERROR(EmptySpool(request.spool_fd));
    CURL* curl = curl_easy_init();
    if (!curl) return Status::Internal("curl_easy_init failed");
    std::uint64_t max_spooled = request.spool_fd < 0 ? 0 : SpoolLimit(request.max_body, FreeBytes(request.spool_fd));
    Transfer transfer{{}, request.max_body, max_spooled, curl, request.spool_fd, "", 0, 0};
    curl_slist* headers = nullptr;
    for (const std::string& h : request.headers) headers = curl_slist_append(headers, h.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // SourceFetcher follows redirects, deciding what may go where (redirect.h).
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, request.insecure ? 0L : 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, request.insecure ? 0L : 2L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "evt-scrape/" EVT_VERSION);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    std::string where = request.method + " " + request.url;
    if (!transfer.refused.empty()) return Status::DataErr(where + ": " + transfer.refused);
    if (transfer.spool_errno != 0) return Status::IoErr(where + ": writing the body to a temporary file: " + std::strerror(transfer.spool_errno));
    if (rc == CURLE_OPERATION_TIMEDOUT) return Status::TempFail(where + ": timed out");
    if (rc != CURLE_OK) return Status::Unavailable(where + ": " + curl_easy_strerror(rc));
    // file:// has no status; reading it is success.
    if (transfer.response.status == 0 && request.url.starts_with("file:")) transfer.response.status = 200;
    return std::move(transfer.response);
  }
};

}  // namespace

std::unique_ptr<HttpClient> MakeCurlClient() {
  return std::make_unique<CurlClient>();
}

}  // namespace evt::scrape
