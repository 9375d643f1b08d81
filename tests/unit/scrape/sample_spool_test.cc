#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "tools/scrape/sample_spool.h"
#include "tools/scrape/scraper.h"

namespace evt::scrape {
namespace {

struct TempFile {
  TempFile() : file(std::tmpfile()) { REQUIRE(file); }
  ~TempFile() { std::fclose(file); }
  int fd() const { return fileno(file); }
  std::FILE* file;
};

std::string Described(const OutSample& s) {
  std::string out = s.meta->family + "/" + s.meta->type + "/" + s.meta->unit + "/" + s.meta->help + " " + SeriesKey(s.name, s.labels) +
                    " " + std::to_string(s.value);
  if (s.timestamp_ms) out += " @" + std::to_string(*s.timestamp_ms);
  return out;
}

std::vector<std::string> ReadBack(int fd) {
  std::vector<std::string> out;
  Status read = ReadSampleSpool(fd, "spool", [&](const OutSample& s) {
    out.push_back(Described(s));
    return Status::Ok();
  });
  REQUIRE(read.ok());
  return out;
}

TEST_CASE("sample spool: samples come back in order with their family's meta") {
  TempFile file;
  SampleSpoolWriter spool(file.fd(), "spool");
  Family latency{"req_seconds", "histogram", "per \"path\"\n", "seconds", {}};
  Family up{"up", "gauge", "", "", {}};
  REQUIRE(spool.AddFamily(latency).ok());
  REQUIRE(spool.AddSample({"req_seconds_bucket", {{"path", "/a\"b\n"}, {"le", "+Inf"}}, 3, std::nullopt}).ok());
  REQUIRE(spool.AddSample({"req_seconds_count", {}, 3, -5}).ok());
  REQUIRE(spool.AddFamily(up).ok());
  REQUIRE(spool.AddSample({"up", {{"", ""}}, -0.5, 1733392800000}).ok());
  REQUIRE(spool.Flush().ok());
  CHECK(ReadBack(file.fd()) == std::vector<std::string>{
                                   "req_seconds/histogram/seconds/per \"path\"\n req_seconds_bucket{path=\"/a\\\"b\\n\",le=\"+Inf\"} 3.000000",
                                   "req_seconds/histogram/seconds/per \"path\"\n req_seconds_count{} 3.000000 @-5",
                                   "up/gauge// up{=\"\"} -0.500000 @1733392800000",
                               });
  // Read twice: the table and the records may both walk the samples.
  CHECK(ReadBack(file.fd()).size() == 3);
}

TEST_CASE("sample spool: label values that repeat the previous sample's come back") {
  TempFile file;
  SampleSpoolWriter spool(file.fd(), "spool");
  REQUIRE(spool.AddFamily({"m", "gauge", "", "", {}}).ok());
  // Ten labels: the bits of which values changed take two bytes.
  Labels labels;
  for (int i = 0; i < 10; ++i) labels.push_back({"k" + std::to_string(i), "v"});
  std::vector<std::string> expected;
  for (int round = 0; round < 12; ++round) {
    if (round % 3) labels[static_cast<std::size_t>(round) % 10].second = "w" + std::to_string(round);
    if (round == 7) labels[9].second = "";
    REQUIRE(spool.AddSample({"m", labels, static_cast<double>(round), std::nullopt}).ok());
    expected.push_back("m/gauge// " + SeriesKey("m", labels) + " " + std::to_string(static_cast<double>(round)));
  }
  labels.pop_back();  // other label names: every value again
  REQUIRE(spool.AddSample({"m", labels, 1, std::nullopt}).ok());
  expected.push_back("m/gauge// " + SeriesKey("m", labels) + " " + std::to_string(1.0));
  REQUIRE(spool.Flush().ok());
  CHECK(ReadBack(file.fd()) == expected);
}

TEST_CASE("sample spool: entries cut by the read buffer and larger than it come back whole") {
  TempFile file;
  SampleSpoolWriter spool(file.fd(), "spool");
  REQUIRE(spool.AddFamily({"big", "gauge", "", "", {}}).ok());
  const std::string huge(3u << 20, 'x');  // over the 1 MiB read buffer
  std::size_t written = 0;
  for (int i = 0; i < 40000; ++i) {
    std::string value = i == 20000 ? huge : "value " + std::to_string(i);
    REQUIRE(spool.AddSample({"big", {{"i", value}}, static_cast<double>(i), std::nullopt}).ok());
    ++written;
  }
  REQUIRE(spool.Flush().ok());
  std::size_t read = 0;
  Status status = ReadSampleSpool(file.fd(), "spool", [&](const OutSample& s) {
    std::string expected = read == 20000 ? huge : "value " + std::to_string(read);
    if (s.labels.size() != 1 || s.labels[0].second != expected || s.value != static_cast<double>(read)) {
      return Status::DataErr("sample " + std::to_string(read) + " differs");
    }
    ++read;
    return Status::Ok();
  });
  CHECK(status.ok());
  CHECK(read == written);
}

TEST_CASE("sample spool: a cut file is reported, not read past") {
  TempFile file;
  SampleSpoolWriter spool(file.fd(), "router");
  REQUIRE(spool.AddFamily({"up", "gauge", "", "", {}}).ok());
  REQUIRE(spool.AddSample({"up", {{"job", "node"}}, 1, std::nullopt}).ok());
  REQUIRE(spool.Flush().ok());
  off_t size = lseek(file.fd(), 0, SEEK_END);
  REQUIRE(ftruncate(file.fd(), size - 3) == 0);
  int seen = 0;
  Status status = ReadSampleSpool(file.fd(), "router", [&](const OutSample&) {
    ++seen;
    return Status::Ok();
  });
  CHECK(seen == 0);
  CHECK(status.code() == ExitCode::kIoErr);
  CHECK(status.message() == "router: the temporary file of parsed samples is damaged");
}

TEST_CASE("sample spool: an error from the caller stops the reading") {
  TempFile file;
  SampleSpoolWriter spool(file.fd(), "spool");
  REQUIRE(spool.AddFamily({"up", "gauge", "", "", {}}).ok());
  for (int i = 0; i < 3; ++i) REQUIRE(spool.AddSample({"up", {}, 1, std::nullopt}).ok());
  REQUIRE(spool.Flush().ok());
  int seen = 0;
  Status status = ReadSampleSpool(file.fd(), "spool", [&](const OutSample&) {
    ++seen;
    return Status::DataErr("stop");
  });
  CHECK(seen == 1);
  CHECK(status.message() == "stop");
}

}  // namespace
}  // namespace evt::scrape
