#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdlib>

#include "tools/outbox/s3_client.h"
#include "tools/outbox/s3_encoding.h"

namespace evt::outbox {
namespace {

TEST_CASE("s3_encoding: keys are encoded once by S3's rules, slashes kept") {
  CHECK(S3UriEncode("site/queue/2026-12-06/seg-1.jsonl.zst", true) == "site/queue/2026-12-06/seg-1.jsonl.zst");
  CHECK(S3UriEncode("a b", true) == "a%20b");
  CHECK(S3UriEncode("k=v+w", true) == "k%3Dv%2Bw");
  CHECK(S3UriEncode("x~y_z.-", true) == "x~y_z.-");
  CHECK(S3UriEncode("caf\xC3\xA9/\xE2\x82\xAC", true) == "caf%C3%A9/%E2%82%AC");  // café/€, upper-case hex
  CHECK(S3UriEncode("%41", true) == "%2541");  // already-encoded text is encoded again: once, here
  CHECK(S3UriEncode("a/b", false) == "a%2Fb");
  CHECK(S3UriEncode(std::string("\0:?#&", 5), true) == "%00%3A%3F%23%26");
  CHECK(S3ObjectPath("evt-test", "kiosk 1/a=b") == "/evt-test/kiosk%201/a%3Db");
}

TEST_CASE("s3_encoding: the query is sorted, encoded, and valueless parameters keep their '='") {
  // Debian's libcurl 7.88.1 signs "?uploads" wrongly and the query unsorted.
  CHECK(S3CanonicalQuery({{"uploads", ""}}) == "uploads=");
  CHECK(S3CanonicalQuery({{"uploadId", "x/y+z"}, {"partNumber", "2"}}) == "partNumber=2&uploadId=x%2Fy%2Bz");
  CHECK(S3CanonicalQuery({{"prefix", "site/q a"}, {"list-type", "2"}, {"continuation-token", "t=="}}) ==
        "continuation-token=t%3D%3D&list-type=2&prefix=site%2Fq%20a");
  // Sorted by the encoded name, then the value.
  CHECK(S3CanonicalQuery({{"b", "2"}, {"a", "9"}, {"b", "1"}, {"A", ""}}) == "A=&a=9&b=1&b=2");
  CHECK(S3CanonicalQuery({}).empty());
}

TEST_CASE("s3_client: sha256 of a range streams the fd and names a short one") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  char path[] = "/tmp/evt-s3-sha-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  unlink(path);
  std::string bytes(3 << 20, 'x');
  bytes.replace(1000, 3, "abc");
  REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  CHECK(*Sha256OfRange(fd, 1000, 3) == Sha256Hex("abc"));
  CHECK(*Sha256OfRange(fd, 0, bytes.size()) == Sha256Hex(bytes));
  CHECK(*Sha256OfRange(fd, 5, 0) == Sha256Hex(""));
  auto past_end = Sha256OfRange(fd, bytes.size() - 10, 20);
  REQUIRE_FALSE(past_end.ok());
  CHECK(past_end.status().code() == ExitCode::kIoErr);
  CHECK_THAT(past_end.status().message(), Catch::Contains("ends at byte"));
  close(fd);
  CHECK_FALSE(Sha256OfRange(fd, 0, 1).ok());
}

TEST_CASE("s3_client: error answers become statuses that say what to do") {
  S3Response denied{403, "", "", "", "SignatureDoesNotMatch", "The request signature we calculated does not match"};
  Status s = S3ErrorStatus("PUT http://127.0.0.1:1/b/k", denied);
  CHECK(s.code() == ExitCode::kConfig);
  CHECK(s.message() ==
        "PUT http://127.0.0.1:1/b/k: 403 SignatureDoesNotMatch: The request signature we calculated does not match");
  CHECK(S3ErrorStatus("GET x", S3Response{400, "", "", "", "BadDigest", ""}).code() == ExitCode::kDataErr);
  CHECK(S3ErrorStatus("GET x", S3Response{503, "", "", "", "", ""}).code() == ExitCode::kTempFail);
  CHECK(S3ErrorStatus("GET x", S3Response{503, "", "", "", "", ""}).message() == "GET x: 503");
  for (int retriable : {408, 429, 500, 501, 503}) CHECK(IsRetriableS3Status(retriable));
  for (int final_answer : {400, 401, 403, 404, 409, 411}) CHECK_FALSE(IsRetriableS3Status(final_answer));
}

S3Endpoint Endpoint(std::string url, std::string bucket = "b", std::string access = "test:tester") {
  return S3Endpoint{std::move(url), "us-east-1", std::move(bucket), Secret(std::move(access), "test"),
                    Secret("testing", "test")};
}

TEST_CASE("s3_client: Make refuses endpoints it cannot sign for, naming them") {
  CHECK(S3Client::Make(Endpoint("http://127.0.0.1:8080")).ok());
  CHECK(S3Client::Make(Endpoint("https://s3.example:443/")).ok());  // a trailing '/' is dropped
  for (const char* bad : {"127.0.0.1:8080", "ftp://h", "http://", "http://h:1/bucket", "http://h?x", "http://u@h"}) {
    INFO(bad);
    auto made = S3Client::Make(Endpoint(bad));
    REQUIRE_FALSE(made.ok());
    CHECK(made.status().code() == ExitCode::kConfig);
    CHECK_THAT(made.status().message(), Catch::Contains(bad));
  }
  CHECK_THAT(S3Client::Make(Endpoint("http://h:1", "")).status().message(), Catch::Contains("bucket"));
  CHECK_THAT(S3Client::Make(Endpoint("http://h:1", "a/b")).status().message(), Catch::Contains("bucket"));
  CHECK_THAT(S3Client::Make(Endpoint("http://h:1", "b", "")).status().message(), Catch::Contains("access key"));
}

TEST_CASE("s3_client: no answer is Unavailable naming the request") {
  // A port just bound and closed: nothing listens there.
  auto client = S3Client::Make(Endpoint("http://127.0.0.1:9"));
  REQUIRE(client.ok());
  auto head = client->HeadObject("a b");
  REQUIRE_FALSE(head.ok());
  CHECK(head.status().code() == ExitCode::kUnavailable);
  CHECK_THAT(head.status().message(), Catch::StartsWith("HEAD http://127.0.0.1:9/b/a%20b: no answer"));
  auto listing = client->ListObjects("p/");
  REQUIRE_FALSE(listing.ok());
  CHECK_THAT(listing.status().message(), Catch::StartsWith("GET http://127.0.0.1:9/b?list-type=2&max-keys=1000&prefix=p%2F"));
}

TEST_CASE("s3_client: a store that never answers is Unavailable after the timeout, not a hang") {
  // A listening socket nobody accepts on: the kernel completes the
  // connection, the request is sent, no answer ever comes.
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(listener, 4) == 0);
  socklen_t length = sizeof address;
  REQUIRE(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  S3Endpoint endpoint = Endpoint("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)));
  endpoint.timeout = Duration(300);
  auto client = S3Client::Make(std::move(endpoint));
  REQUIRE(client.ok());
  std::string body;
  auto got = client->GetObject("k", &body);
  close(listener);
  REQUIRE_FALSE(got.ok());
  CHECK(got.status().code() == ExitCode::kUnavailable);
  CHECK_THAT(got.status().message(), Catch::Contains("/b/k: no answer: Timeout"));
}

}  // namespace
}  // namespace evt::outbox
