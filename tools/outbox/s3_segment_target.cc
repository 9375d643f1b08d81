#include "tools/outbox/s3_segment_target.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace evt::outbox {
namespace {

constexpr std::string_view kSegmentType = "application/zstd";
constexpr std::string_view kManifestType = "application/json";

class S3ClientTarget : public SegmentTarget {
 public:
  explicit S3ClientTarget(S3Client client) : client_(std::move(client)) {}

  Result<S3Response> PutFile(const std::string& key, int fd, std::uint64_t offset, std::uint64_t size,
                             const std::string& sha256_hex) override {
    return client_.PutObject(key, fd, offset, size, sha256_hex, kSegmentType);
  }

  // A manifest is small and built in memory; the client sends from an fd.
  Result<S3Response> PutSmall(const std::string& key, std::string_view body) override {
    int fd = ::memfd_create("evt-outbox-manifest", MFD_CLOEXEC);
    if (fd < 0) return Status::IoErr(std::string("memfd_create: ") + std::strerror(errno));
    Result<S3Response> response = Status::IoErr("cannot stage manifest " + key);
    if (::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size())) {
      response = client_.PutObject(key, fd, 0, body.size(), Sha256Hex(body), kManifestType);
    }
    ::close(fd);
    return response;
  }

  Result<S3Response> CreateMultipartUpload(const std::string& key) override {
    return client_.CreateMultipartUpload(key, kSegmentType);
  }

  Result<S3Response> UploadPart(const std::string& key, const std::string& upload_id, int part, int fd,
                                std::uint64_t offset, std::uint64_t size) override {
    EVT_ASSIGN_OR_RETURN(std::string sha, Sha256OfRange(fd, offset, size));
    return client_.UploadPart(key, upload_id, part, fd, offset, size, sha);
  }

  Result<S3Response> CompleteMultipartUpload(const std::string& key, const std::string& upload_id,
                                             const std::vector<std::pair<int, std::string>>& parts) override {
    return client_.CompleteMultipartUpload(key, upload_id, parts);
  }

  Result<S3Response> AbortMultipartUpload(const std::string& key, const std::string& upload_id) override {
    return client_.AbortMultipartUpload(key, upload_id);
  }

  Result<std::vector<S3Upload>> ListMultipartUploads(const std::string& prefix) override {
    return client_.ListMultipartUploads(prefix);
  }

  std::string Describe() const override { return client_.endpoint().url + "/" + client_.endpoint().bucket; }

 private:
  S3Client client_;
};

}  // namespace

std::unique_ptr<SegmentTarget> MakeS3ClientTarget(S3Client client) {
  return std::make_unique<S3ClientTarget>(std::move(client));
}

}  // namespace evt::outbox
