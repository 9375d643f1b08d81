// The s3 pass on a fake object store: whole PUTs, multipart resumed after a
// failed part and after a restart, orphaned uploads aborted, dead letters
// for 400, a clear stop for refused credentials, records delivered only
// once their object is written.
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "tests/unit/outbox/outbox_store_fixture.h"
#include "tests/unit/store_test_util.h"
#include "tools/outbox/s3_manifest.h"
#include "tools/outbox/s3_pass.h"

namespace evt::outbox {
namespace {

using testing::At;
using testing::Layout;
using testing::MemoryStore;
using testing::PutOk;
using testing::Record;

std::string ReadRange(int fd, std::uint64_t offset, std::uint64_t size) {
  std::string bytes(size, '\0');
  REQUIRE(::pread(fd, bytes.data(), size, static_cast<off_t>(offset)) == static_cast<ssize_t>(size));
  return bytes;
}

std::string Decompressed(const std::string& compressed) {
  std::string out(4 << 20, '\0');
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  std::size_t left = ZSTD_decompressStream(dctx, &o, &in);
  ZSTD_freeDCtx(dctx);
  REQUIRE(left == 0);
  out.resize(o.pos);
  return out;
}

class FakeTarget : public SegmentTarget {
 public:
  std::map<std::string, std::string> objects;
  std::map<std::string, std::map<int, std::string>> uploads;  // upload id -> parts
  std::map<std::string, std::string> upload_keys;
  std::map<std::string, int> fail_once;  // "put", "create", "part 3", "complete" -> the status it answers once
  bool unreachable = false;              // every request gets no answer
  std::vector<std::string> calls;
  int next_upload = 1;

  S3Response Answer(int status) {
    S3Response r;
    r.status = status;
    if (status == 403) r.error_code = "SignatureDoesNotMatch";
    if (status == 400) r.error_code = "BadDigest";
    return r;
  }
  bool Forced(const std::string& call, S3Response& r) {
    calls.push_back(call);
    auto it = fail_once.find(call);
    if (it == fail_once.end()) return false;
    r = Answer(it->second);
    fail_once.erase(it);
    return true;
  }

  Result<S3Response> PutFile(const std::string& key, int fd, std::uint64_t offset, std::uint64_t size,
                             const std::string&) override {
    if (unreachable) return Status::Unavailable("connection refused");
    S3Response r;
    if (Forced("put", r)) return r;
    objects[key] = ReadRange(fd, offset, size);
    return Answer(200);
  }
  Result<S3Response> PutSmall(const std::string& key, std::string_view body) override {
    objects[key] = std::string(body);
    return Answer(200);
  }
  Result<S3Response> CreateMultipartUpload(const std::string& key) override {
    S3Response r;
    if (Forced("create", r)) return r;
    r = Answer(200);
    r.upload_id = "up-" + std::to_string(next_upload++);
    uploads[r.upload_id];
    upload_keys[r.upload_id] = key;
    return r;
  }
  Result<S3Response> UploadPart(const std::string&, const std::string& upload_id, int part, int fd,
                                std::uint64_t offset, std::uint64_t size) override {
    S3Response r;
    if (Forced("part " + std::to_string(part), r)) return r;
    if (!uploads.contains(upload_id)) return Answer(404);
    uploads[upload_id][part] = ReadRange(fd, offset, size);
    r = Answer(200);
    r.etag = "\"e" + std::to_string(part) + "\"";
    return r;
  }
  Result<S3Response> CompleteMultipartUpload(const std::string& key, const std::string& upload_id,
                                             const std::vector<std::pair<int, std::string>>& parts) override {
    S3Response r;
    if (Forced("complete", r)) return r;
    if (!uploads.contains(upload_id)) return Answer(404);
    std::string whole;
    for (const auto& [n, etag] : parts) {
      REQUIRE(etag == "\"e" + std::to_string(n) + "\"");
      whole += uploads[upload_id].at(n);
    }
    objects[key] = whole;
    uploads.erase(upload_id);
    return Answer(200);
  }
  Result<S3Response> AbortMultipartUpload(const std::string&, const std::string& upload_id) override {
    calls.push_back("abort " + upload_id);
    return Answer(uploads.erase(upload_id) ? 204 : 404);
  }
  Result<std::vector<S3Upload>> ListMultipartUploads(const std::string&) override {
    std::vector<S3Upload> out;
    for (const auto& [id, parts] : uploads) out.push_back(S3Upload{upload_keys[id], id, ""});
    return out;
  }
  std::string Describe() const override { return "http://127.0.0.1:9/telemetry"; }
};

S3Destination Archive(std::int64_t multipart_over = 1 << 20, std::int64_t part_bytes = 1 << 20) {
  S3Destination d;
  d.name = "shop";  // the fixture's layout routes alerts to "shop"
  d.endpoint = "http://127.0.0.1:9";
  d.bucket = "telemetry";
  d.prefix = "lyon";
  d.multipart_over = multipart_over;
  d.part_bytes = part_bytes;
  return d;
}

struct Harness {
  store_test::TempDir dir;
  ManualClock clock{At(100)};
  OutboxStore store = MemoryStore();
  FakeTarget target;
  std::vector<Value> emitted;

  S3Pass Pass(S3Destination d) {
    S3PassEnv env;
    env.kiosk = "kiosk-a";
    env.spool_dir = dir.path() + "/spool";
    env.clock = &clock;
    env.emit = [this](const Value& v) {
      emitted.push_back(v);
      return Status::Ok();
    };
    env.seed = 7;
    return S3Pass(std::move(d), {"alerts"}, std::move(env));
  }
  S3PassReport Run(S3Pass& pass, bool flush = true) {
    Result<S3PassReport> report = pass.RunPass(store, target, flush);
    INFO(report.status().ToString());
    REQUIRE(report.ok());
    return *report;
  }
  // Incompressible enough that a few records pass a small part size.
  void PutRecords(int n, std::size_t bytes = 300) {
    std::vector<OutboxRecord> batch;
    for (int i = 0; i < n; ++i) {
      std::mt19937 rng(static_cast<std::uint32_t>(i));
      std::string noise;
      for (std::size_t k = 0; k < bytes / 4; ++k) noise += static_cast<char>('a' + rng() % 26);
      batch.push_back(Record("alerts", "a" + std::to_string(i), i, bytes, "kiosk-a", noise));
    }
    PutOk(store, Layout(), "alerts", std::move(batch), At(n));
  }
  DeliveryState StateOf(const std::string& id) { return store.FindDelivery(id, "shop")->value().state; }
  std::vector<std::string> SegmentKeys() {
    std::vector<std::string> keys;
    for (const auto& [key, bytes] : target.objects) {
      if (key.ends_with(".jsonl.zst")) keys.push_back(key);
    }
    return keys;
  }
};

TEST_CASE("a small segment goes in one PUT under its deterministic key, with the writer's manifest", "[outbox][s3]") {
  Harness h;
  h.PutRecords(3);
  S3Pass pass = h.Pass(Archive());
  S3PassReport report = h.Run(pass);
  CHECK(report.sealed == 1);
  CHECK(report.uploaded == 1);
  CHECK(report.records_delivered == 3);
  std::vector<std::string> keys = h.SegmentKeys();
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].starts_with("lyon/alerts/kiosk-a/2027/01/15/000000000001-"));
  std::string lines = Decompressed(h.target.objects[keys[0]]);
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 3);
  CHECK(lines.find("\"a2\"") != std::string::npos);
  CHECK(h.StateOf("a0") == DeliveryState::kDelivered);
  std::string manifest = h.target.objects.at("lyon/alerts/kiosk-a/2027/01/15/kiosk-a.manifest.json");
  Result<Manifest> m = ParseManifest(manifest);
  REQUIRE(m.ok());
  REQUIRE(m->objects.size() == 1);
  CHECK(m->objects[0].key == keys[0]);
  CHECK(m->objects[0].records == 3);
  REQUIRE(h.emitted.size() == 2);
  CHECK(h.emitted[0].find("event")->as_string() == "sealed");
  CHECK(h.emitted[1].find("event")->as_string() == "uploaded");
}

std::int64_t Count(const std::vector<std::string>& calls, const std::string& call) {
  return std::count(calls.begin(), calls.end(), call);
}

TEST_CASE("a multipart upload resumes at the part that failed, and after a restart", "[outbox][s3]") {
  Harness h;
  h.PutRecords(40);
  S3Destination d = Archive(500, 500);  // about 5 parts
  h.target.fail_once["part 3"] = 503;
  {
    S3Pass pass = h.Pass(d);
    S3PassReport first = h.Run(pass);
    CHECK(first.retried == 1);
    CHECK(first.uploaded == 0);
    CHECK(h.StateOf("a0") == DeliveryState::kPending);  // nothing delivered before the object is written
  }
  // A restart (a new pass, the spool gone as after a crash before fsync)
  // rebuilds the same bytes and goes on at part 3 of the same upload.
  std::filesystem::remove_all(h.dir.path() + "/spool");
  h.target.fail_once["part 4"] = 500;
  h.clock.Advance(std::chrono::minutes(10));
  {
    S3Pass pass = h.Pass(d);
    S3PassReport second = h.Run(pass);
    CHECK(second.retried == 1);
  }
  h.clock.Advance(std::chrono::minutes(10));
  S3Pass pass = h.Pass(d);
  S3PassReport third = h.Run(pass);
  CHECK(third.uploaded == 1);
  CHECK(third.orphans_aborted == 0);  // the upload under way was claimed
  CHECK(Count(h.target.calls, "create") == 1);
  CHECK(Count(h.target.calls, "part 1") == 1);
  CHECK(Count(h.target.calls, "part 3") == 2);
  CHECK(Count(h.target.calls, "part 4") == 2);
  CHECK(Count(h.target.calls, "part 5") == 1);
  CHECK(Count(h.target.calls, "complete") == 1);
  CHECK(h.target.uploads.empty());
  std::vector<std::string> keys = h.SegmentKeys();
  REQUIRE(keys.size() == 1);
  std::string lines = Decompressed(h.target.objects[keys[0]]);
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 40);
  CHECK(h.StateOf("a39") == DeliveryState::kDelivered);
}

TEST_CASE("the first pass aborts this kiosk's uploads that no segment claims, and no one else's", "[outbox][s3]") {
  Harness h;
  h.PutRecords(40);
  S3Destination d = Archive(1000, 1000);
  h.target.fail_once["part 1"] = 503;
  {
    S3Pass pass = h.Pass(d);
    CHECK(h.Run(pass).retried == 1);
  }
  // As if killed between Create and persisting the upload id.
  SegmentStore segments(h.store.db());
  std::vector<Segment> sealed = segments.InState("shop", SegmentState::kSealed).value();
  REQUIRE(sealed.size() == 1);
  REQUIRE(segments.SetUploadId(sealed[0].seq, "").ok());
  h.target.uploads["strangers"];
  h.target.upload_keys["strangers"] = "lyon/alerts/kiosk-b/2027/01/15/000000000001-0123456789abcdef.jsonl.zst";
  h.clock.Advance(std::chrono::minutes(1));
  S3Pass pass = h.Pass(d);
  S3PassReport report = h.Run(pass);
  CHECK(report.orphans_aborted == 1);
  CHECK(report.uploaded == 1);
  CHECK(Count(h.target.calls, "abort up-1") == 1);
  REQUIRE(h.target.uploads.size() == 1);
  CHECK(h.target.uploads.contains("strangers"));
}

TEST_CASE("a 400 dead-letters the segment with the answer, retry sends it again", "[outbox][s3]") {
  Harness h;
  h.PutRecords(2);
  h.target.fail_once["put"] = 400;
  S3Pass pass = h.Pass(Archive());
  S3PassReport report = h.Run(pass);
  CHECK(report.dead_lettered == 1);
  CHECK(h.StateOf("a0") == DeliveryState::kPending);
  SegmentStore segments(h.store.db());
  Result<std::vector<Segment>> dead = segments.InState("shop", SegmentState::kDeadLettered);
  REQUIRE(dead.ok());
  REQUIRE(dead->size() == 1);
  CHECK(dead->front().last_error.find("400 BadDigest") != std::string::npos);
  CHECK(h.emitted.back().find("event")->as_string() == "dead_lettered");
  CHECK(h.Run(pass).uploaded == 0);  // quarantined, not retried by itself

  REQUIRE(segments.Retry("shop", std::nullopt, h.clock.Now()).value() == 1);
  CHECK(h.Run(pass).uploaded == 1);
  CHECK(h.StateOf("a1") == DeliveryState::kDelivered);
  CHECK(h.SegmentKeys().size() == 1);
}

TEST_CASE("refused credentials stop the destination naming the endpoint, nothing delivered or dropped", "[outbox][s3]") {
  Harness h;
  h.PutRecords(2);
  h.target.fail_once["put"] = 403;
  S3Pass pass = h.Pass(Archive());
  Result<S3PassReport> report = pass.RunPass(h.store, h.target, true);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == ExitCode::kConfig);
  CHECK(report.status().message().find("http://127.0.0.1:9/telemetry") != std::string::npos);
  CHECK(report.status().message().find("SignatureDoesNotMatch") != std::string::npos);
  CHECK(h.StateOf("a0") == DeliveryState::kPending);
  SegmentStore segments(h.store.db());
  CHECK(segments.InState("shop", SegmentState::kDeadLettered)->empty());
  CHECK(segments.InState("shop", SegmentState::kSealed)->size() == 1);
}

TEST_CASE("no answer is retried after the backoff, and the same object is written then", "[outbox][s3]") {
  Harness h;
  h.PutRecords(2);
  h.target.unreachable = true;
  S3Pass pass = h.Pass(Archive());
  CHECK(h.Run(pass).retried == 1);
  h.target.unreachable = false;
  CHECK(h.Run(pass).uploaded == 0);  // not due yet: the backoff's first ceiling is 1s
  h.clock.Advance(std::chrono::seconds(2));
  CHECK(h.Run(pass).uploaded == 1);
  CHECK(h.SegmentKeys().size() == 1);
}

}  // namespace
}  // namespace evt::outbox
