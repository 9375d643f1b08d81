// One S3 request on libcurl: SigV4 by CURLOPT_AWS_SIGV4 with the payload
// hash sent as x-amz-content-sha256 (Debian's 7.88.1 adds none), a body
// from a string or streamed from a fd range, and the answer's status, ETag
// and (bounded) body. The S3 client builds these; it is separate so the
// operations read as what they ask, not how curl is driven.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/outbox/s3_client.h"

namespace evt::outbox {

struct S3Request {
  const char* method = "GET";  // GET, PUT, POST, DELETE, HEAD
  std::string path;            // "/bucket/key", already encoded (S3ObjectPath)
  std::string query;           // S3CanonicalQuery's, or empty
  std::string content_type;    // none when empty
  // The body: `text`, or `size` bytes of `fd` from `offset` when fd >= 0.
  std::string text;
  int fd = -1;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::string sha256_hex;  // of the body; empty: computed here from `text`
  // Where the answer's body goes: into the response (bounded by
  // kMaxS3ResponseBody) unless `sink` is set, which takes up to
  // `sink_limit` bytes; more is an IoErr.
  std::string* sink = nullptr;
  std::uint64_t sink_limit = 0;
};

// "PUT http://host:port/bucket/key?query": how messages name a request.
std::string DescribeS3Request(const S3Endpoint& endpoint, const S3Request& request);

// Sends `request` on `curl` (reset first; its connections are kept).
// An HTTP answer of any status is a response, its error body's Code and
// Message read; no answer is Unavailable naming the request.
Result<S3Response> PerformS3Request(CURL* curl, const S3Endpoint& endpoint, const S3Request& request);

}  // namespace evt::outbox
