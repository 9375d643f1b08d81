// One delivery pass over one s3 destination (doc/design.md §15.6): seal what each of
// its queues has pending (size, age, or `flush` at shutdown), then upload
// each sealed segment that is due, oldest first, through a spool file:
// compressed once, PUT whole, or in parts over multipart_over with the
// upload id and each part's ETag persisted as they come, so a kill -9
// resumes at the next part with the same bytes and key. A record turns
// delivered only once its segment's object is written (PUT or Complete
// 200); then the writer's manifest of the day is rewritten.
//
// Answers: 408, 429, 5xx and no answer are retried with the destination's
// backoff; 401/403 (bad credentials) end the pass with Config naming the
// endpoint, the segment left sealed and nothing delivered or deleted; any
// other 4xx quarantines the segment (dead-lettered, with the response,
// visible in status, reopened by SegmentStore::Retry), never dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/outbox/gate.h"
#include "tools/outbox/outbox_segment_store.h"
#include "tools/outbox/outbox_store.h"
#include "tools/outbox/retry_policy.h"
#include "tools/outbox/s3_destination.h"
#include "tools/outbox/s3_segment_target.h"

namespace evt::outbox {

struct S3PassEnv {
  std::string kiosk;
  std::string spool_dir;  // in the state dir; created when missing
  const Clock* clock = nullptr;
  std::function<GateVerdict(TimePoint now)> gate;   // empty: always open
  std::function<Status(const Value& record)> emit;  // outbox.segment records; empty: none
  std::function<bool()> stop_requested;             // empty: never
  std::uint64_t seed = 0;                           // the backoff's jitter
};

struct S3PassReport {
  bool gated = false;
  std::int64_t sealed = 0;
  std::int64_t uploaded = 0;
  std::int64_t records_delivered = 0;
  std::int64_t retried = 0;
  std::int64_t dead_lettered = 0;
  std::int64_t orphans_aborted = 0;
};

class S3Pass {
 public:
  // `queues`: the queues that name this destination.
  S3Pass(S3Destination destination, std::vector<std::string> queues, S3PassEnv env);

  // The first pass first aborts the multipart uploads under the prefix
  // that no sealed segment claims (left by a segment given up or a crash
  // between Create and its persisting).
  Result<S3PassReport> RunPass(OutboxStore& store, SegmentTarget& target, bool flush);
  const S3Destination& destination() const { return destination_; }

 private:
  enum class Outcome { kUploaded, kRetry, kDeadLettered };
  Status AbortOrphans(SegmentStore& segments, SegmentTarget& target, S3PassReport& report);
  Status Spool(SegmentStore& segments, SegmentTarget& target, Segment& segment);
  Result<S3Response> Upload(SegmentStore& segments, SegmentTarget& target, Segment& segment);
  Result<S3Response> UploadInParts(SegmentStore& segments, SegmentTarget& target, Segment& segment, int fd);
  Result<Outcome> Settle(SegmentStore& segments, SegmentTarget& target, Segment& segment,
                         const Result<S3Response>& answer, S3PassReport& report);
  Status WriteManifest(SegmentStore& segments, SegmentTarget& target, const Segment& segment);
  Status Emit(std::string_view event, const Segment& segment, int status = 0, const std::string& error = "");
  std::string SpoolPath(const Segment& segment) const;
  TimePoint Now() const { return env_.clock->Now(); }

  S3Destination destination_;
  std::vector<std::string> queues_;
  S3PassEnv env_;
  RetryPolicy policy_;
  std::mt19937_64 rng_;
  bool orphans_checked_ = false;
  std::set<std::int64_t> manifests_owed_;  // segments whose manifest write failed
};

}  // namespace evt::outbox
