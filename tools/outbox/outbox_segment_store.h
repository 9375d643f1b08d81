// The s3 destination's segments in outbox.db (doc/design.md §15.6): which pending
// records of a queue were sealed together, in which order, and how far the
// upload of each got (the object key, the multipart upload id and each
// part's ETag), so that a kill -9 at any point resumes with the same bytes
// to the same key. A record belongs to at most one segment per destination;
// its delivery row turns delivered only in the transaction that records its
// segment's object as written.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/duration.h"
#include "common/statement_cache.h"
#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"

namespace evt::outbox {

// Appended to OutboxMigrations (outbox_set.cc).
Migration SegmentMigration();

enum class SegmentState {
  kSealed = 0,        // ids fixed; maybe spooled, maybe part-uploaded
  kUploaded = 1,      // the object is written; its rows are delivered
  kDeadLettered = 2,  // the store refused it for good (400/403); `retry` reopens it
};
std::string_view SegmentStateName(SegmentState state);  // "sealed", "uploaded", "dead_lettered"

struct Segment {
  std::int64_t seq = 0;
  std::string destination;
  std::string queue;
  std::string origin;
  std::int64_t first_ms = 0;   // its first record's capture: the key's date
  std::int64_t sealed_ms = 0;
  SegmentState state = SegmentState::kSealed;
  std::int64_t records = 0;
  std::int64_t raw_bytes = 0;  // lines and newlines
  // Set once spooled:
  std::int64_t compressed_bytes = 0;
  std::string sha256_hex;
  std::string key;
  std::string upload_id;       // a multipart upload under way
  std::int64_t attempts = 0;
  std::int64_t next_attempt_ms = 0;
  int last_status = 0;
  std::string last_error;      // the store's answer, for a dead letter
  std::int64_t done_ms = 0;
};

// When to seal what a queue has pending for a destination.
struct SealRule {
  std::int64_t max_bytes = 8 << 20;  // uncompressed; a record bigger still seals alone
  Duration max_age{60000};           // since the oldest pending record's capture
};

struct SegmentTotals {  // for `status`, per destination and queue
  std::int64_t sealed = 0;  // segments not written yet
  std::int64_t sealed_bytes = 0;
  std::int64_t uploaded = 0;
  std::int64_t uploaded_raw_bytes = 0;
  std::int64_t uploaded_compressed_bytes = 0;
  std::int64_t dead_lettered = 0;
};

class SegmentStore {
 public:
  explicit SegmentStore(StatementCache& db) : db_(db) {}

  // Seals the oldest pending records of `queue` for `destination` that no
  // segment holds yet, one origin at a time (the key names one origin), in
  // capture order, up to rule.max_bytes, when they reach that size, when the
  // oldest is rule.max_age old, or when `flush` (shutdown) says so. Returns
  // the new segment, or nullopt when nothing is to be sealed now.
  Result<std::optional<Segment>> SealNext(const std::string& destination, const std::string& queue,
                                          const SealRule& rule, TimePoint now, bool flush);

  Result<std::optional<Segment>> Find(std::int64_t seq);
  // Sealed segments of `destination` due at `now`, oldest first.
  Result<std::vector<Segment>> Due(const std::string& destination, TimePoint now);
  Result<std::vector<Segment>> InState(const std::string& destination, SegmentState state);
  // Every upload id a sealed segment of `destination` still claims.
  Result<std::vector<std::string>> ClaimedUploadIds(const std::string& destination);
  // The segment of `destination` spooled under `key`, if this kiosk has one.
  Result<std::optional<Segment>> FindByKey(const std::string& destination, const std::string& key);

  // The segment's lines in their sealed order, one at a time. A record
  // pruned meanwhile is skipped (prune takes only delivered records).
  Status ForEachLine(std::int64_t seq, const std::function<Status(std::string_view)>& each);

  Status SetSpooled(std::int64_t seq, std::int64_t compressed_bytes, const std::string& sha256_hex,
                    const std::string& key);
  // A new upload id forgets the parts of the one before.
  Status SetUploadId(std::int64_t seq, const std::string& upload_id);
  Status AddPart(std::int64_t seq, int part, const std::string& etag);
  Result<std::vector<std::pair<int, std::string>>> Parts(std::int64_t seq);

  // In one transaction: the segment uploaded, each of its records' rows
  // for the destination delivered (rows final already are left alone).
  Status MarkUploaded(std::int64_t seq, TimePoint now, int status, const std::string& kiosk);
  Status MarkRetry(std::int64_t seq, TimePoint next_attempt, int status, const std::string& error);
  Status MarkDeadLettered(std::int64_t seq, TimePoint now, int status, const std::string& response);
  // Dead-lettered segments of `destination` (or just `seq`) sealed again,
  // due at once, spool and upload forgotten. Returns how many.
  Result<std::int64_t> Retry(const std::string& destination, std::optional<std::int64_t> seq, TimePoint now);

  Result<SegmentTotals> Totals(const std::string& destination, const std::string& queue);
  // The uploaded segments a writer's manifest lists: same place, same day.
  Result<std::vector<Segment>> UploadedOnDay(const Segment& like);

 private:
  Status Run(std::string_view sql, std::initializer_list<SqlValue> values);
  Result<std::vector<Segment>> Query(std::string_view where, std::initializer_list<SqlValue> values);
  StatementCache& db_;
};

}  // namespace evt::outbox
