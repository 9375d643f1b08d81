// An S3 client for the s3 destination (doc/design.md §15): path-style
// requests signed with libcurl's SigV4 (CURLOPT_AWS_SIGV4), with the
// workarounds Debian 12's libcurl 7.88.1 needs against a signature-checking
// store (OpenStack Swift's s3api in the tests):
// - it sends no x-amz-content-sha256 for "s3", and the server refuses a
//   request without one: every request carries the real sha256 of its body,
//   which the caller computes in one streaming pass (Sha256OfRange);
// - it neither sorts the query nor writes valueless parameters right
//   ("?uploads" signs wrongly): queries are built here pre-sorted,
//   percent-encoded once, each parameter with its "=" ("?uploads=");
// - the access key may hold a colon ("test:tester"): user and secret are
//   passed separately (CURLOPT_USERNAME, CURLOPT_PASSWORD);
// - no If-None-Match: Swift answers 501, so idempotency comes from
//   deterministic keys, not conditional writes.
// Bodies stream from a file descriptor with pread (offset, size): a segment
// is never read whole into memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/duration.h"
#include "common/secret.h"
#include "common/status.h"

namespace evt::outbox {

struct S3Endpoint {
  std::string url;     // "http(s)://host:port", path-style: URL/BUCKET/KEY
  std::string region;  // "us-east-1"
  std::string bucket;
  Secret access_key;   // may hold a colon (Swift tempauth: "test:tester")
  Secret secret_key;
  bool insecure = false;     // https without certificate checks (tests only)
  Duration timeout{120000};  // a whole request; connecting gets at most 10 s of it
};

// An answer from the store. Any HTTP answer is one, 4xx and 5xx included:
// the caller decides what is retriable (IsRetriableS3Status). Only a request
// that got no answer (refused, timed out, cut off) or could not be sent (an
// unreadable fd) is an error Result.
struct S3Response {
  int status = 0;
  std::string body;           // the start of the body, at most kMaxS3ResponseBody
  std::string etag;           // the ETag header, quotes kept (as Complete wants them)
  std::string upload_id;      // CreateMultipartUpload's UploadId
  std::string error_code;     // an error body's <Code>, "SignatureDoesNotMatch"
  std::string error_message;  // an error body's <Message>
  bool ok() const { return status >= 200 && status < 300; }
};

inline constexpr std::size_t kMaxS3ResponseBody = 64 * 1024;

// 408, 429 and 5xx are worth a retry; any other 4xx will fail again the
// same way (bad credentials, bad digest, bad request): dead-letter material.
bool IsRetriableS3Status(int status);

// "PUT http://127.0.0.1:8080/bucket/key: 403 SignatureDoesNotMatch: The
// request signature we calculated does not match…", as a Status whose code
// says what to do: 401/403 Config (credentials, exit 78), other 4xx
// DataErr (65), 5xx and 408/429 TempFail (75).
// REQUIRES: !response.ok()
Status S3ErrorStatus(std::string_view request, const S3Response& response);

struct S3Upload {  // an unfinished multipart upload
  std::string key;
  std::string upload_id;
  std::string initiated;  // ISO 8601 as the store writes it
};

struct S3Object {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;
  std::string last_modified;
};

// The hex sha256 of `size` bytes of `fd` from `offset`, read with pread in
// 1 MiB pieces (the fd's position is left alone). IoErr when the fd ends
// early or cannot be read.
Result<std::string> Sha256OfRange(int fd, std::uint64_t offset, std::uint64_t size);
// The hex sha256 of bytes in memory (request bodies built here, tests).
std::string Sha256Hex(std::string_view bytes);

class S3Client {
 public:
  // Config when the URL is not http(s)://host[:port] without a path, or the
  // region, bucket or keys are empty. Makes no request.
  static Result<S3Client> Make(S3Endpoint endpoint);

  S3Client(S3Client&&) noexcept;
  S3Client& operator=(S3Client&&) noexcept;
  ~S3Client();

  // PUT of `size` bytes of `fd` from `offset`; `sha256_hex` is their hash
  // (the store checks it: a wrong one is 400 BadDigest).
  Result<S3Response> PutObject(std::string_view key, int fd, std::uint64_t offset, std::uint64_t size,
                               std::string_view sha256_hex, std::string_view content_type);
  // POST ?uploads= → response.upload_id when ok().
  Result<S3Response> CreateMultipartUpload(std::string_view key, std::string_view content_type);
  // PUT ?partNumber=N&uploadId=… → response.etag when ok(). Parts but the
  // last must be at least 5 MiB (the store checks at Complete).
  Result<S3Response> UploadPart(std::string_view key, std::string_view upload_id, int part_number, int fd,
                                std::uint64_t offset, std::uint64_t size, std::string_view sha256_hex);
  // POST ?uploadId=… with the parts in order: (part number, ETag as
  // UploadPart returned it) → response.etag, the whole object's ("…-N").
  Result<S3Response> CompleteMultipartUpload(std::string_view key, std::string_view upload_id,
                                             const std::vector<std::pair<int, std::string>>& part_etags);
  // DELETE ?uploadId=… (204; 404 NoSuchUpload when it is already gone).
  Result<S3Response> AbortMultipartUpload(std::string_view key, std::string_view upload_id);
  // Every unfinished upload whose key starts with `prefix`, all pages of
  // at most `page_size` (the store's limit is 1000; tests page with 2).
  // An error answer is an error Result (S3ErrorStatus).
  Result<std::vector<S3Upload>> ListMultipartUploads(std::string_view prefix, int page_size = 1000);
  // GET into *body (at most `max_bytes`; more is an IoErr, not a cut-off
  // object). On an error answer *body is empty and the response says why.
  Result<S3Response> GetObject(std::string_view key, std::string* body, std::uint64_t max_bytes = 64ull << 20);
  Result<S3Response> HeadObject(std::string_view key);
  Result<S3Response> DeleteObject(std::string_view key);
  // list-type=2, every page of at most `page_size` (continuation tokens
  // followed), keys in order.
  Result<std::vector<S3Object>> ListObjects(std::string_view prefix, int page_size = 1000);

  const S3Endpoint& endpoint() const;

 private:
  struct Impl;
  explicit S3Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace evt::outbox
