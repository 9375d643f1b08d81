// What the s3 pass (s3_pass.h) needs of the object store, behind an
// interface so the pass's resume, retry and dead-letter rules are tested
// on a fake; S3ClientTarget wraps the real client (s3_client.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "tools/outbox/s3_client.h"

namespace evt::outbox {

class SegmentTarget {
 public:
  virtual ~SegmentTarget() = default;
  // `size` bytes of `fd` from `offset`, whose sha256 is `sha256_hex`.
  virtual Result<S3Response> PutFile(const std::string& key, int fd, std::uint64_t offset, std::uint64_t size,
                                     const std::string& sha256_hex) = 0;
  virtual Result<S3Response> PutSmall(const std::string& key, std::string_view body) = 0;
  virtual Result<S3Response> CreateMultipartUpload(const std::string& key) = 0;
  // The part's hash is the target's business: it reads the range once to sign it.
  virtual Result<S3Response> UploadPart(const std::string& key, const std::string& upload_id, int part, int fd,
                                        std::uint64_t offset, std::uint64_t size) = 0;
  virtual Result<S3Response> CompleteMultipartUpload(const std::string& key, const std::string& upload_id,
                                                     const std::vector<std::pair<int, std::string>>& parts) = 0;
  virtual Result<S3Response> AbortMultipartUpload(const std::string& key, const std::string& upload_id) = 0;
  virtual Result<std::vector<S3Upload>> ListMultipartUploads(const std::string& prefix) = 0;
  // "http://127.0.0.1:8080/telemetry", for messages.
  virtual std::string Describe() const = 0;
};

std::unique_ptr<SegmentTarget> MakeS3ClientTarget(S3Client client);

}  // namespace evt::outbox
