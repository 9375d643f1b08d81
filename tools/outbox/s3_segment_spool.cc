#include "tools/outbox/s3_segment_spool.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <vector>

namespace evt::outbox {
namespace {

std::string Hex(const unsigned char* bytes, unsigned size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 15];
  }
  return hex;
}

Status IoError(const std::string& what, const std::string& path) {
  return Status::IoErr(what + " " + path + ": " + std::strerror(errno));
}

struct DigestDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Digest = std::unique_ptr<EVP_MD_CTX, DigestDeleter>;

Digest NewSha256() {
  Digest ctx(EVP_MD_CTX_new());
  if (ctx) EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  return ctx;
}

std::string FinalHex(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  return Hex(digest, size);
}

}  // namespace

struct SegmentSpoolWriter::State {
  std::string path;
  std::string partial;
  int fd = -1;
  ZSTD_CCtx* cctx = nullptr;
  Digest sha;
  std::vector<char> out = std::vector<char>(ZSTD_CStreamOutSize());
  SpoolSummary summary;

  ~State() {
    ZSTD_freeCCtx(cctx);
    if (fd >= 0) {
      ::close(fd);
      ::unlink(partial.c_str());
    }
  }

  Status WriteOut(std::size_t size) {
    const char* p = out.data();
    std::size_t left = size;
    while (left > 0) {
      ssize_t n = ::write(fd, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return IoError("cannot write", partial);
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    EVP_DigestUpdate(sha.get(), out.data(), size);
    summary.compressed_bytes += static_cast<std::int64_t>(size);
    return Status::Ok();
  }

  Status Compress(std::string_view bytes, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    for (;;) {
      ZSTD_outBuffer o{out.data(), out.size(), 0};
      std::size_t left = ZSTD_compressStream2(cctx, &o, &in, mode);
      if (ZSTD_isError(left)) return Status::IoErr("zstd: " + std::string(ZSTD_getErrorName(left)) + " in " + partial);
      EVT_RETURN_IF_ERROR(WriteOut(o.pos));
      bool drained = mode == ZSTD_e_continue ? in.pos == in.size : left == 0;
      if (drained) return Status::Ok();
    }
  }
};

SegmentSpoolWriter::SegmentSpoolWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
SegmentSpoolWriter::SegmentSpoolWriter(SegmentSpoolWriter&&) noexcept = default;
SegmentSpoolWriter& SegmentSpoolWriter::operator=(SegmentSpoolWriter&&) noexcept = default;
SegmentSpoolWriter::~SegmentSpoolWriter() = default;

Result<SegmentSpoolWriter> SegmentSpoolWriter::Create(const std::string& path, int zstd_level) {
  auto state = std::make_unique<State>();
  state->path = path;
  state->partial = path + ".partial";
  state->summary.path = path;
  state->fd = ::open(state->partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (state->fd < 0) return IoError("cannot create", state->partial);
  state->cctx = ZSTD_createCCtx();
  state->sha = NewSha256();
  if (state->cctx == nullptr || !state->sha) return Status::IoErr("out of memory for zstd or sha256");
  // nbWorkers stays 0: one thread keeps the output a function of the input alone.
  std::size_t set = ZSTD_CCtx_setParameter(state->cctx, ZSTD_c_compressionLevel, zstd_level);
  if (ZSTD_isError(set)) return Status::Config("zstd level " + std::to_string(zstd_level) + ": " + ZSTD_getErrorName(set));
  ZSTD_CCtx_setParameter(state->cctx, ZSTD_c_checksumFlag, 1);
  return SegmentSpoolWriter(std::move(state));
}

Status SegmentSpoolWriter::Add(std::string_view line) {
  State& s = *state_;
  EVT_RETURN_IF_ERROR(s.Compress(line, ZSTD_e_continue));
  EVT_RETURN_IF_ERROR(s.Compress("\n", ZSTD_e_continue));
  s.summary.records += 1;
  s.summary.raw_bytes += static_cast<std::int64_t>(line.size()) + 1;
  return Status::Ok();
}

Result<SpoolSummary> SegmentSpoolWriter::Finish() {
  State& s = *state_;
  EVT_RETURN_IF_ERROR(s.Compress({}, ZSTD_e_end));
  if (::fsync(s.fd) != 0) return IoError("cannot sync", s.partial);
  if (::close(s.fd) != 0) {
    s.fd = -1;
    return IoError("cannot close", s.partial);
  }
  s.fd = -1;
  if (::rename(s.partial.c_str(), s.path.c_str()) != 0) return IoError("cannot rename to", s.path);
  s.summary.sha256_hex = FinalHex(s.sha.get());
  return s.summary;
}

}  // namespace evt::outbox
