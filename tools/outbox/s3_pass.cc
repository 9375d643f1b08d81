#include "tools/outbox/s3_pass.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "tools/outbox/s3_manifest.h"
#include "tools/outbox/s3_segment_key.h"
#include "tools/outbox/s3_segment_spool.h"

namespace evt::outbox {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool IsCredentialRefusal(int status) { return status == 401 || status == 403; }

std::string AnswerText(const S3Response& r) {
  std::string text = std::to_string(r.status);
  if (!r.error_code.empty()) text += " " + r.error_code;
  if (!r.error_message.empty()) text += ": " + r.error_message;
  if (r.error_code.empty() && !r.body.empty()) text += ": " + r.body.substr(0, 512);
  return text;
}

SegmentPlace PlaceOf(const S3Destination& d, const Segment& s) { return SegmentPlace{d.prefix, s.queue, s.origin, s.first_ms}; }

bool FileHasSize(const std::string& path, std::int64_t size) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && st.st_size == size;
}

}  // namespace

S3Pass::S3Pass(S3Destination destination, std::vector<std::string> queues, S3PassEnv env)
    : destination_(std::move(destination)),
      queues_(std::move(queues)),
      env_(std::move(env)),
      policy_(destination_.retry),
      rng_(env_.seed) {}

std::string S3Pass::SpoolPath(const Segment& segment) const {
  return env_.spool_dir + "/" + destination_.name + "-" + std::to_string(segment.seq) + ".jsonl.zst";
}

Status S3Pass::Emit(std::string_view event, const Segment& s, int status, const std::string& error) {
  if (!env_.emit) return Status::Ok();
  Value r = Value::object({{"kind", "outbox.segment"},
                           {"v", 1},
                           {"ts", FormatRfc3339(Now())},
                           {"event", std::string(event)},
                           {"destination", destination_.name},
                           {"queue", s.queue},
                           {"origin", s.origin},
                           {"seq", s.seq},
                           {"records", s.records},
                           {"bytes_raw", s.raw_bytes}});
  if (!s.key.empty()) {
    r.set("key", s.key);
    r.set("bytes_compressed", s.compressed_bytes);
  }
  if (status != 0) r.set("status", status);
  if (!error.empty()) r.set("error", error);
  return env_.emit(r);
}

// An orphan is an upload of a key this kiosk spooled that no sealed
// segment claims (a crash between Create and persisting its id, or a
// segment given up): uploads of keys this kiosk never wrote belong to
// another writer under the same prefix and are left alone.
Status S3Pass::AbortOrphans(SegmentStore& segments, SegmentTarget& target, S3PassReport& report) {
  EVT_ASSIGN_OR_RETURN(std::vector<std::string> claimed, segments.ClaimedUploadIds(destination_.name));
  auto uploads = target.ListMultipartUploads(destination_.prefix + "/");
  if (!uploads.ok()) return uploads.status().Prefixed("destination " + destination_.name + " (" + target.Describe() + ")");
  for (const S3Upload& u : *uploads) {
    if (std::find(claimed.begin(), claimed.end(), u.upload_id) != claimed.end()) continue;
    EVT_ASSIGN_OR_RETURN(std::optional<Segment> ours, segments.FindByKey(destination_.name, u.key));
    if (!ours) continue;
    auto aborted = target.AbortMultipartUpload(u.key, u.upload_id);
    if (aborted.ok() && (aborted->ok() || aborted->status == 404)) ++report.orphans_aborted;
  }
  orphans_checked_ = true;
  return Status::Ok();
}

// The spool is rebuilt whenever it is missing or not the size recorded:
// single-threaded zstd gives the same bytes, so a multipart upload begun
// before a kill -9 goes on with parts of the same object.
Status S3Pass::Spool(SegmentStore& segments, SegmentTarget& target, Segment& segment) {
  std::string path = SpoolPath(segment);
  if (!segment.key.empty() && FileHasSize(path, segment.compressed_bytes)) return Status::Ok();
  std::error_code ec;
  std::filesystem::create_directories(env_.spool_dir, ec);
  if (ec) return Status::IoErr("cannot create " + env_.spool_dir + ": " + ec.message());
  EVT_ASSIGN_OR_RETURN(SegmentSpoolWriter writer, SegmentSpoolWriter::Create(path, destination_.zstd_level));
  EVT_RETURN_IF_ERROR(segments.ForEachLine(segment.seq, [&](std::string_view line) { return writer.Add(line); }));
  EVT_ASSIGN_OR_RETURN(SpoolSummary summary, writer.Finish());
  if (!segment.sha256_hex.empty() && summary.sha256_hex != segment.sha256_hex && !segment.upload_id.empty()) {
    // Other bytes than the parts already sent (a record pruned meanwhile):
    // that upload cannot be completed.
    (void)target.AbortMultipartUpload(segment.key, segment.upload_id);
    EVT_RETURN_IF_ERROR(segments.SetUploadId(segment.seq, ""));
    segment.upload_id.clear();
  }
  segment.compressed_bytes = summary.compressed_bytes;
  segment.sha256_hex = summary.sha256_hex;
  segment.key = SegmentObjectKey(PlaceOf(destination_, segment), segment.seq, summary.sha256_hex);
  return segments.SetSpooled(segment.seq, segment.compressed_bytes, segment.sha256_hex, segment.key);
}

Result<S3Response> S3Pass::Upload(SegmentStore& segments, SegmentTarget& target, Segment& segment) {
  std::string path = SpoolPath(segment);
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Status::IoErr("cannot open " + path + ": " + std::strerror(errno));
  if (segment.compressed_bytes <= destination_.multipart_over) {
    return target.PutFile(segment.key, fd.get(), 0, static_cast<std::uint64_t>(segment.compressed_bytes),
                          segment.sha256_hex);
  }
  return UploadInParts(segments, target, segment, fd.get());
}

Result<S3Response> S3Pass::UploadInParts(SegmentStore& segments, SegmentTarget& target, Segment& segment, int fd) {
  if (segment.upload_id.empty()) {
    EVT_ASSIGN_OR_RETURN(S3Response created, target.CreateMultipartUpload(segment.key));
    if (!created.ok()) return created;
    EVT_RETURN_IF_ERROR(segments.SetUploadId(segment.seq, created.upload_id));
    segment.upload_id = created.upload_id;
  }
  EVT_ASSIGN_OR_RETURN(auto parts, segments.Parts(segment.seq));
  const std::int64_t size = segment.compressed_bytes;
  const std::int64_t part_bytes = destination_.part_bytes;
  const int count = static_cast<int>((size + part_bytes - 1) / part_bytes);
  for (int part = static_cast<int>(parts.size()) + 1; part <= count; ++part) {
    std::int64_t offset = (part - 1) * part_bytes;
    std::int64_t length = std::min(part_bytes, size - offset);
    EVT_ASSIGN_OR_RETURN(S3Response sent, target.UploadPart(segment.key, segment.upload_id, part, fd,
                                                            static_cast<std::uint64_t>(offset),
                                                            static_cast<std::uint64_t>(length)));
    if (!sent.ok()) return sent;
    EVT_RETURN_IF_ERROR(segments.AddPart(segment.seq, part, sent.etag));
    parts.emplace_back(part, sent.etag);
  }
  return target.CompleteMultipartUpload(segment.key, segment.upload_id, parts);
}

Result<S3Pass::Outcome> S3Pass::Settle(SegmentStore& segments, SegmentTarget& target, Segment& segment,
                                       const Result<S3Response>& answer, S3PassReport& report) {
  TimePoint now = Now();
  if (answer.ok() && answer->ok()) {
    EVT_RETURN_IF_ERROR(segments.MarkUploaded(segment.seq, now, answer->status, env_.kiosk));
    std::filesystem::remove(SpoolPath(segment));
    ++report.uploaded;
    report.records_delivered += segment.records;
    EVT_RETURN_IF_ERROR(Emit("uploaded", segment, answer->status));
    if (!WriteManifest(segments, target, segment).ok()) manifests_owed_.insert(segment.seq);
    return Outcome::kUploaded;
  }
  if (!answer.ok() && answer.status().code() != ExitCode::kTempFail && answer.status().code() != ExitCode::kUnavailable &&
      answer.status().code() != ExitCode::kIoErr) {
    return answer.status();  // the store here failing, not the link
  }
  int status = answer.ok() ? answer->status : 0;
  std::string text = answer.ok() ? AnswerText(*answer) : answer.status().message();
  if (answer.ok() && IsCredentialRefusal(status)) {
    EVT_RETURN_IF_ERROR(segments.MarkRetry(segment.seq, now, status, text));
    return Status::Config("destination " + destination_.name + ": " + target.Describe() + "/" + segment.key +
                          " refused the credentials: " + text + "; nothing was delivered or deleted");
  }
  if (answer.ok() && status == 404 && !segment.upload_id.empty()) {
    // The upload was aborted under us (an orphan sweep elsewhere): begin it again.
    EVT_RETURN_IF_ERROR(segments.SetUploadId(segment.seq, ""));
  } else if (answer.ok() && ClassifyStatus(status) == ResponseClass::kDeadLetter) {
    EVT_RETURN_IF_ERROR(segments.MarkDeadLettered(segment.seq, now, status, text));
    if (!segment.upload_id.empty()) (void)target.AbortMultipartUpload(segment.key, segment.upload_id);
    std::filesystem::remove(SpoolPath(segment));
    ++report.dead_lettered;
    EVT_RETURN_IF_ERROR(Emit("dead_lettered", segment, status, text));
    return Outcome::kDeadLettered;
  }
  TimePoint next = policy_.NextAttempt(now, segment.attempts + 1, std::nullopt, rng_);
  EVT_RETURN_IF_ERROR(segments.MarkRetry(segment.seq, next, status, text));
  ++report.retried;
  EVT_RETURN_IF_ERROR(Emit("retry", segment, status, text));
  return Outcome::kRetry;
}

Status S3Pass::WriteManifest(SegmentStore& segments, SegmentTarget& target, const Segment& segment) {
  EVT_ASSIGN_OR_RETURN(std::vector<Segment> day, segments.UploadedOnDay(segment));
  if (day.empty()) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(std::string json, RenderManifest(ManifestOf(env_.kiosk, day)));
  EVT_ASSIGN_OR_RETURN(S3Response put, target.PutSmall(ManifestKey(PlaceOf(destination_, segment), env_.kiosk), json));
  if (!put.ok()) return Status::TempFail("manifest: " + AnswerText(put));
  return Status::Ok();
}

Result<S3PassReport> S3Pass::RunPass(OutboxStore& store, SegmentTarget& target, bool flush) {
  S3PassReport report;
  SegmentStore segments(store.db());
  for (const std::string& queue : queues_) {
    for (;;) {
      EVT_ASSIGN_OR_RETURN(std::optional<Segment> sealed,
                           segments.SealNext(destination_.name, queue, destination_.segment, Now(), flush));
      if (!sealed) break;
      ++report.sealed;
      EVT_RETURN_IF_ERROR(Emit("sealed", *sealed));
    }
  }
  if (env_.gate && !env_.gate(Now()).open) {
    report.gated = true;
    return report;
  }
  if (!orphans_checked_) EVT_RETURN_IF_ERROR(AbortOrphans(segments, target, report));
  for (auto it = manifests_owed_.begin(); it != manifests_owed_.end();) {
    EVT_ASSIGN_OR_RETURN(std::optional<Segment> owed, segments.Find(*it));
    it = !owed || WriteManifest(segments, target, *owed).ok() ? manifests_owed_.erase(it) : std::next(it);
  }
  EVT_ASSIGN_OR_RETURN(std::vector<Segment> due, segments.Due(destination_.name, Now()));
  for (Segment& segment : due) {
    if (env_.stop_requested && env_.stop_requested() && !flush) break;
    EVT_RETURN_IF_ERROR(Spool(segments, target, segment));
    Result<S3Response> answer = Upload(segments, target, segment);
    EVT_ASSIGN_OR_RETURN(Outcome outcome, Settle(segments, target, segment, answer, report));
    if (outcome == Outcome::kRetry) break;  // the link or the store is unwell: the next pass tries again
  }
  return report;
}

}  // namespace evt::outbox
