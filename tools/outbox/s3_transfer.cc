#include "tools/outbox/s3_transfer.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "tools/outbox/s3_xml.h"

namespace evt::outbox {
namespace {

struct Transfer {
  const S3Request* request = nullptr;
  S3Response response;
  std::uint64_t sent = 0;      // of the fd range
  int read_errno = 0;          // pread failed
  bool fd_ended = false;       // the fd ended before `size` bytes
  bool sink_overflow = false;  // the answer was longer than sink_limit
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t n = size * count;
  if (t->request->sink != nullptr && t->response.ok()) {
    if (t->request->sink->size() + n > t->request->sink_limit) {
      t->sink_overflow = true;
      return 0;  // stops the transfer: a cut-off object is no object
    }
    t->request->sink->append(data, n);
    return n;
  }
  std::size_t room = kMaxS3ResponseBody - std::min(kMaxS3ResponseBody, t->response.body.size());
  t->response.body.append(data, std::min(n, room));
  return n;
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new response (after a 100 Continue): its status is read at the end.
    t->response.etag.clear();
    int status = 0;
    std::size_t space = line.find(' ');
    if (space != std::string_view::npos) status = std::atoi(std::string(line.substr(space + 1, 3)).c_str());
    t->response.status = status;
    return size * count;
  }
  std::size_t colon = line.find(':');
  if (colon == 4) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == "etag") t->response.etag = std::string(Trimmed(line.substr(colon + 1)));
  }
  return size * count;
}

std::size_t OnRead(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const S3Request& r = *t->request;
  std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size * count, r.size - t->sent));
  if (want == 0) return 0;
  for (;;) {
    ssize_t got = pread(r.fd, buffer, want, static_cast<off_t>(r.offset + t->sent));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      t->read_errno = errno;
      return CURL_READFUNC_ABORT;
    }
    if (got == 0) {
      t->fd_ended = true;
      return CURL_READFUNC_ABORT;
    }
    t->sent += static_cast<std::uint64_t>(got);
    return static_cast<std::size_t>(got);
  }
}

// curl rewinds a body it must send again (a redirect, an auth retry).
int OnSeek(void* user, curl_off_t offset, int origin) {
  auto* t = static_cast<Transfer*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<std::uint64_t>(offset) > t->request->size) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  t->sent = static_cast<std::uint64_t>(offset);
  return CURL_SEEKFUNC_OK;
}

void SetBody(CURL* curl, const S3Request& r, Transfer& t) {
  std::string_view method = r.method;
  if (method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    if (r.fd >= 0) {
      curl_easy_setopt(curl, CURLOPT_READFUNCTION, OnRead);
      curl_easy_setopt(curl, CURLOPT_READDATA, &t);
      curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, OnSeek);
      curl_easy_setopt(curl, CURLOPT_SEEKDATA, &t);
      curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r.size));
    } else {
      curl_easy_setopt(curl, CURLOPT_READFUNCTION, nullptr);
      curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(0));
    }
  } else if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r.text.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.text.size()));
  } else if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, r.method);
  }
}

void SetConnection(CURL* curl, const S3Endpoint& endpoint) {
  std::string sigv4 = "aws:amz:" + endpoint.region + ":s3";
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());  // copied by curl
  // Separately, not "user:secret": the access key may hold a colon.
  curl_easy_setopt(curl, CURLOPT_USERNAME, endpoint.access_key.bytes().c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, endpoint.secret_key.bytes().c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(endpoint.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<std::int64_t>(endpoint.timeout.count(), 10000)));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, endpoint.insecure ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, endpoint.insecure ? 0L : 2L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "evt-outbox/" EVT_VERSION);
}

Result<S3Response> Finish(CURLcode rc, Transfer& t, const S3Endpoint& endpoint, const S3Request& request) {
  std::string what = DescribeS3Request(endpoint, request);
  if (t.sink_overflow) {
    return Status::IoErr(what + ": the object is longer than " + std::to_string(request.sink_limit) + " bytes");
  }
  if (t.read_errno != 0) return Status::IoErr(what + ": reading the body: " + std::strerror(t.read_errno));
  if (t.fd_ended) {
    return Status::IoErr(what + ": the body's fd ended after " + std::to_string(t.sent) + " of " +
                         std::to_string(request.size) + " bytes");
  }
  if (rc != CURLE_OK) return Status::Unavailable(what + ": no answer: " + curl_easy_strerror(rc));
  S3Response response = std::move(t.response);
  if (!response.ok() || response.body.find("<Error>") != std::string::npos) {
    response.error_code = S3XmlText(response.body, "Code").value_or("");
    response.error_message = S3XmlText(response.body, "Message").value_or("");
    // S3 may answer 200 and then fail in the body (Complete does): not a success.
    if (response.ok() && !response.error_code.empty()) response.status = 500;
  }
  return response;
}

}  // namespace

std::string DescribeS3Request(const S3Endpoint& endpoint, const S3Request& request) {
  return std::string(request.method) + " " + endpoint.url + request.path + (request.query.empty() ? "" : "?") +
         request.query;
}

Result<S3Response> PerformS3Request(CURL* curl, const S3Endpoint& endpoint, const S3Request& request) {
  curl_easy_reset(curl);
  Transfer t;
  t.request = &request;
  if (request.sink != nullptr) request.sink->clear();
  std::string url = endpoint.url + request.path + (request.query.empty() ? "" : "?") + request.query;
  std::string sha = request.sha256_hex.empty() ? Sha256Hex(request.text) : request.sha256_hex;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, ("x-amz-content-sha256: " + sha).c_str());
  // 7.88.1 signs every header in this list, a header removal ("Expect:")
  // too, which it then does not send: the store's signature differs. So no
  // removals; a POST gets an explicit type instead of curl's form default,
  // which is sent but not signed.
  std::string type = request.content_type;
  if (type.empty() && std::string_view(request.method) == "POST") type = "application/octet-stream";
  if (!type.empty()) headers = curl_slist_append(headers, ("Content-Type: " + type).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  SetConnection(curl, endpoint);
  SetBody(curl, request, t);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  return Finish(rc, t, endpoint, request);
}

}  // namespace evt::outbox
