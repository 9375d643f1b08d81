// The S3 client against a real, signature-checking store: OpenStack Swift
// with s3api, started by tests/cli/outbox/s3_client_swift.sh, which runs
// these (hidden: "[.swift]") with EVT_S3_ENDPOINT, EVT_S3_ACCESS_KEY,
// EVT_S3_SECRET, EVT_S3_REGION, EVT_S3_BUCKET set. Without them they fail:
// a store that is not there proves nothing.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>

#include "tools/outbox/s3_client.h"

namespace evt::outbox {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') FAIL(name << " is not set: run tests/cli/outbox/s3_client_swift.sh");
  return value;
}

S3Endpoint SwiftEndpoint(std::string secret = "") {
  if (secret.empty()) secret = Env("EVT_S3_SECRET");
  return S3Endpoint{Env("EVT_S3_ENDPOINT"), Env("EVT_S3_REGION"), Env("EVT_S3_BUCKET"),
                    Secret(Env("EVT_S3_ACCESS_KEY"), "env EVT_S3_ACCESS_KEY"), Secret(secret, "test")};
}

S3Client Client(std::string secret = "") {
  auto client = S3Client::Make(SwiftEndpoint(std::move(secret)));
  REQUIRE(client.ok());
  return std::move(client).value();
}

// A temp file holding `bytes`, unlinked at once: only the fd names it.
struct TempFd {
  explicit TempFd(const std::string& bytes) {
    char path[] = "/tmp/evt-s3-swift-XXXXXX";
    fd = mkstemp(path);
    REQUIRE(fd >= 0);
    unlink(path);
    REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  ~TempFd() { close(fd); }
  int fd = -1;
};

std::string RandomBytes(std::size_t size, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  return bytes;
}

S3Response Put(S3Client& client, std::string_view key, const std::string& bytes) {
  TempFd file(bytes);
  auto put = client.PutObject(key, file.fd, 0, bytes.size(), Sha256Hex(bytes), "application/octet-stream");
  REQUIRE(put.ok());
  return *put;
}

TEST_CASE("s3_client swift: PUT with the real hash, read back whole, a wrong hash is BadDigest", "[.swift]") {
  S3Client client = Client();
  std::string bytes = "{\"id\":\"r1\"}\n{\"id\":\"r2\"}\n";
  S3Response put = Put(client, "put/one.jsonl", bytes);
  CHECK(put.status == 200);
  CHECK(put.etag.size() == 34);  // the quoted MD5
  std::string body;
  auto got = client.GetObject("put/one.jsonl", &body);
  REQUIRE(got.ok());
  CHECK(got->status == 200);
  CHECK(body == bytes);

  TempFd file(bytes);
  auto bad = client.PutObject("put/bad.jsonl", file.fd, 0, bytes.size(), Sha256Hex("other bytes"), "");
  REQUIRE(bad.ok());
  CHECK(bad->status == 400);
  CHECK(bad->error_code == "BadDigest");
  CHECK_FALSE(IsRetriableS3Status(bad->status));
  auto missing = client.HeadObject("put/bad.jsonl");
  REQUIRE(missing.ok());
  CHECK(missing->status == 404);
}

TEST_CASE("s3_client swift: a slice of a fd is the object, not the whole file", "[.swift]") {
  S3Client client = Client();
  std::string bytes = "HEADERpayload-in-the-middleTRAILER";
  TempFd file(bytes);
  auto hash = Sha256OfRange(file.fd, 6, 21);
  REQUIRE(hash.ok());
  auto put = client.PutObject("put/slice", file.fd, 6, 21, *hash, "");
  REQUIRE(put.ok());
  CHECK(put->status == 200);
  std::string body;
  REQUIRE(client.GetObject("put/slice", &body).ok());
  CHECK(body == "payload-in-the-middle");
  auto too_small = client.GetObject("put/slice", &body, 20);
  REQUIRE_FALSE(too_small.ok());
  CHECK(too_small.status().code() == ExitCode::kIoErr);
}

TEST_CASE("s3_client swift: keys with spaces, '=', '+' and UTF-8 sign and list as written", "[.swift]") {
  S3Client client = Client();
  std::vector<std::string> keys = {"keys/a b/c=d+e", "keys/caf\xC3\xA9/\xE2\x82\xAC.jsonl", "keys/x~y_z.-!*'()",
                                   "keys/pct%41&q?h#"};
  for (const auto& key : keys) {
    INFO(key);
    CHECK(Put(client, key, key).status == 200);
    std::string body;
    auto got = client.GetObject(key, &body);
    REQUIRE(got.ok());
    CHECK(got->status == 200);
    CHECK(body == key);
  }
  auto listed = client.ListObjects("keys/");
  REQUIRE(listed.ok());
  std::vector<std::string> names;
  for (const auto& object : *listed) names.push_back(object.key);
  std::sort(keys.begin(), keys.end());
  CHECK(names == keys);
  auto prefixed = client.ListObjects("keys/a b/");
  REQUIRE(prefixed.ok());
  REQUIRE(prefixed->size() == 1);
  CHECK(prefixed->front().size == keys.front().size());
}

TEST_CASE("s3_client swift: listings follow every page", "[.swift]") {
  S3Client client = Client();
  std::vector<std::string> keys;
  for (int i = 0; i < 5; ++i) {
    keys.push_back("pages/seg-" + std::to_string(i));
    CHECK(Put(client, keys.back(), keys.back()).status == 200);
  }
  auto listed = client.ListObjects("pages/", 2);
  REQUIRE(listed.ok());
  std::vector<std::string> names;
  for (const auto& object : *listed) names.push_back(object.key);
  CHECK(names == keys);

  std::vector<std::string> upload_ids;
  for (int i = 0; i < 3; ++i) {
    auto created = client.CreateMultipartUpload("pages/up-" + std::to_string(i), "");
    REQUIRE(created.ok());
    upload_ids.push_back(created->upload_id);
  }
  auto uploads = client.ListMultipartUploads("pages/", 2);
  REQUIRE(uploads.ok());
  REQUIRE(uploads->size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK((*uploads)[i].key == "pages/up-" + std::to_string(i));
    CHECK((*uploads)[i].upload_id == upload_ids[i]);
    auto aborted = client.AbortMultipartUpload((*uploads)[i].key, (*uploads)[i].upload_id);
    REQUIRE(aborted.ok());
    CHECK(aborted->status == 204);
  }
}

TEST_CASE("s3_client swift: a wrong secret is 403 SignatureDoesNotMatch, naming the endpoint", "[.swift]") {
  S3Client client = Client("not-the-secret");
  std::string bytes = "x";
  TempFd file(bytes);
  auto put = client.PutObject("denied/x", file.fd, 0, 1, Sha256Hex(bytes), "");
  REQUIRE(put.ok());
  CHECK(put->status == 403);
  CHECK(put->error_code == "SignatureDoesNotMatch");
  Status status = S3ErrorStatus("PUT " + client.endpoint().url + "/" + client.endpoint().bucket + "/denied/x", *put);
  CHECK(status.code() == ExitCode::kConfig);
  CHECK_THAT(status.message(), Catch::Contains(Env("EVT_S3_ENDPOINT")) && Catch::Contains("SignatureDoesNotMatch"));
  // A body above curl's 1 MiB Expect: 100-continue threshold: the store
  // refuses before the body is sent, and that is still an answer.
  std::string big(3 << 20, 'b');
  TempFd big_file(big);
  auto big_put = client.PutObject("denied/big", big_file.fd, 0, big.size(), Sha256Hex(big), "");
  REQUIRE(big_put.ok());
  CHECK(big_put->status == 403);
  auto listing = client.ListObjects("");
  REQUIRE_FALSE(listing.ok());
  CHECK(listing.status().code() == ExitCode::kConfig);
  CHECK_THAT(listing.status().message(), Catch::StartsWith("GET " + Env("EVT_S3_ENDPOINT")) &&
                                             Catch::Contains("403 SignatureDoesNotMatch"));
}

TEST_CASE("s3_client swift: multipart 6 MB + 1 KB completes and reads back whole", "[.swift]") {
  S3Client client = Client();
  const std::uint64_t first = 6'000'000, second = 1'000;
  std::string bytes = RandomBytes(first + second, 27);
  TempFd file(bytes);
  std::string key = "multi/six mb.bin";
  auto created = client.CreateMultipartUpload(key, "application/octet-stream");
  REQUIRE(created.ok());
  REQUIRE(created->status == 200);
  REQUIRE_FALSE(created->upload_id.empty());
  std::vector<std::pair<int, std::string>> parts;
  for (auto [number, offset, size] : {std::tuple{1, std::uint64_t{0}, first}, std::tuple{2, first, second}}) {
    auto hash = Sha256OfRange(file.fd, offset, size);
    REQUIRE(hash.ok());
    auto part = client.UploadPart(key, created->upload_id, number, file.fd, offset, size, *hash);
    REQUIRE(part.ok());
    REQUIRE(part->status == 200);
    REQUIRE_FALSE(part->etag.empty());
    parts.emplace_back(number, part->etag);
  }
  auto completed = client.CompleteMultipartUpload(key, created->upload_id, parts);
  REQUIRE(completed.ok());
  INFO(completed->body);
  CHECK(completed->status == 200);
  CHECK(completed->etag.ends_with("-2\""));
  std::string body;
  auto got = client.GetObject(key, &body);
  REQUIRE(got.ok());
  CHECK(got->status == 200);
  CHECK(body.size() == bytes.size());
  CHECK(body == bytes);
  CHECK(got->etag.ends_with("-2\""));
}

TEST_CASE("s3_client swift: an abandoned upload is listed, and Abort removes it", "[.swift]") {
  S3Client client = Client();
  auto created = client.CreateMultipartUpload("orphans/seg-7", "");
  REQUIRE(created.ok());
  REQUIRE(created->status == 200);
  std::string part = "part one";
  TempFd file(part);
  auto uploaded = client.UploadPart("orphans/seg-7", created->upload_id, 1, file.fd, 0, part.size(), Sha256Hex(part));
  REQUIRE(uploaded.ok());
  CHECK(uploaded->status == 200);

  auto listed = client.ListMultipartUploads("orphans/");
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().key == "orphans/seg-7");
  CHECK(listed->front().upload_id == created->upload_id);
  CHECK_FALSE(listed->front().initiated.empty());
  auto other_prefix = client.ListMultipartUploads("elsewhere/");
  REQUIRE(other_prefix.ok());
  CHECK(other_prefix->empty());

  auto aborted = client.AbortMultipartUpload("orphans/seg-7", created->upload_id);
  REQUIRE(aborted.ok());
  CHECK(aborted->status == 204);
  auto after = client.ListMultipartUploads("orphans/");
  REQUIRE(after.ok());
  CHECK(after->empty());
  auto again = client.AbortMultipartUpload("orphans/seg-7", created->upload_id);
  REQUIRE(again.ok());
  CHECK(again->status == 404);
  CHECK(again->error_code == "NoSuchUpload");
}

TEST_CASE("s3_client swift: an object for s3cmd to read back", "[.swift]") {
  // s3_client_swift.sh fetches it with s3cmd and compares it with `seq`.
  S3Client client = Client();
  std::string bytes;
  for (int i = 0; i < 10000; ++i) bytes += "record " + std::to_string(i) + "\n";
  CHECK(Put(client, "interop/caf\xC3\xA9 1=2+3.txt", bytes).status == 200);
}

}  // namespace
}  // namespace evt::outbox
