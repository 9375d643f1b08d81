#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "tools/scrape/exposition.h"
#include "tools/scrape/spooled_exposition.h"

namespace evt::scrape {
namespace {

class NamesSink : public FamilySink {
 public:
  Status OnFamily(Family& family) override {
    for (const Sample& s : family.samples) seen += s.name + SeriesKey("", s.labels) + "=" + std::to_string(s.value) + ";";
    ++families;
    return Status::Ok();
  }
  void OnRepeatedSeries(std::string key) override { repeats += key + ";"; }
  std::string seen, repeats;
  int families = 0;
};

// A file in a temporary folder holding `text`, removed with the object.
struct TextFile {
  explicit TextFile(const std::string& text) {
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    REQUIRE(std::fwrite(text.data(), 1, text.size(), f) == text.size());
    REQUIRE(std::fflush(f) == 0);
    file = f;
  }
  ~TextFile() { std::fclose(file); }
  int fd() const { return fileno(file); }
  std::FILE* file;
};

// Over 1 MiB, so a read chunk ends inside a line.
std::string LargeExposition() {
  std::string text = "# HELP big A family larger than a read chunk.\n# TYPE big gauge\n";
  for (int i = 0; i < 40000; ++i) text += "big{instance=\"host-" + std::to_string(i) + ":9100\",job=\"node\"} " + std::to_string(i) + "\n";
  text += "# TYPE small counter\nsmall 1\nsmall 2\n";  // a repeated series
  return text;
}

TEST_CASE("scrape exposition file: chunked reading finds what parsing the whole text finds") {
  std::string text = LargeExposition();
  REQUIRE(text.size() > (1u << 20));
  TextFile file(text);
  NamesSink from_file;
  REQUIRE(ParseExpositionFile(file.fd(), ExpositionFormat::kPrometheus, "t", from_file).ok());
  Result<Exposition> whole = ParseExposition(text, ExpositionFormat::kPrometheus, "t");
  REQUIRE(whole.ok());
  NamesSink from_text;
  for (Family& f : whole->families) REQUIRE(from_text.OnFamily(f).ok());
  CHECK(from_file.families == 2);
  CHECK(from_file.seen == from_text.seen);
  CHECK(from_file.repeats == "small{};");
  // Reading again gives the same: the file is read from its start each time.
  NamesSink again;
  REQUIRE(ParseExpositionFile(file.fd(), ExpositionFormat::kPrometheus, "t", again).ok());
  CHECK(again.seen == from_file.seen);
}

TEST_CASE("scrape exposition file: a last line without a newline, errors with their line, long lines refused") {
  {
    TextFile file("a 1\nb 2");
    NamesSink sink;
    REQUIRE(ParseExpositionFile(file.fd(), ExpositionFormat::kPrometheus, "t", sink).ok());
    CHECK(sink.seen == "a{}=1.000000;b{}=2.000000;");
  }
  {
    TextFile file("a 1\nb{x=\"1\" 2\n");
    NamesSink sink;
    Status s = ParseExpositionFile(file.fd(), ExpositionFormat::kPrometheus, "t", sink);
    CHECK(s.code() == ExitCode::kDataErr);
    CHECK(s.message() == "t: line 2: labels: expected ',' or '}', got '2'");
  }
  {
    TextFile file("a 1\nb{x=\"" + std::string(5000, 'y') + "\"} 2\n");
    NamesSink sink;
    Status s = ParseExpositionFile(file.fd(), ExpositionFormat::kPrometheus, "t", sink, 4096);
    CHECK(s.code() == ExitCode::kDataErr);
    CHECK(s.message() == "t: line 2: longer than 4096 bytes");
  }
  {
    TextFile file("a 1\n# EOF");  // OpenMetrics: "# EOF" may end without a newline
    NamesSink sink;
    CHECK(ParseExpositionFile(file.fd(), ExpositionFormat::kOpenMetrics, "t", sink).ok());
  }
}

TEST_CASE("scrape exposition file: nothing reaches the sink after a family that fails its checks") {
  TextFile file("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n# TYPE g gauge\ng 1\n");
  NamesSink sink;
  Status s = ParseExpositionFile(file.fd(), ExpositionFormat::kPrometheus, "t", sink);
  CHECK(s.code() == ExitCode::kDataErr);
  CHECK(sink.families == 0);
}

// A local file source is parsed where it lies, checked against max_body
// when it is opened; a file that grows past it before or while it is read
// must be refused as an HTTP body over max_body is, not parsed whole.
TEST_CASE("scrape exposition file: a file that grows past max_body after it was opened is refused") {
  Source source;
  source.name = "prom";
  source.max_body = 2048;
  TextFile file("# TYPE a gauge\na 1\n");  // under max_body when opened
  std::string more;
  for (int i = 0; more.size() <= 4096; ++i) more += "a{i=\"" + std::to_string(i) + "\"} 1\n";
  REQUIRE(std::fwrite(more.data(), 1, more.size(), file.file) == more.size());
  REQUIRE(std::fflush(file.file) == 0);
  Result<std::shared_ptr<SpooledExposition>> spool = SpooledExposition::Create(source);
  REQUIRE(spool.ok());
  std::vector<std::string> problems;
  Status s = (*spool)->CheckFile(file.fd(), ExpositionFormat::kPrometheus, problems);
  CHECK(s.code() == ExitCode::kDataErr);
  CHECK(s.message() == "prom: the body is over 2 KiB (max_body)");
  CHECK((*spool)->samples() == 0);
}

TEST_CASE("scrape exposition file: a file of exactly max_bytes is read whole") {
  TextFile file("a 1\nb 2\n");
  NamesSink sink;
  CHECK(ParseExpositionFile(file.fd(), ExpositionFormat::kPrometheus, "t", sink, kMaxExpositionLine, 8).ok());
  CHECK(sink.seen == "a{}=1.000000;b{}=2.000000;");
  NamesSink over;
  Status s = ParseExpositionFile(file.fd(), ExpositionFormat::kPrometheus, "t", over, kMaxExpositionLine, 7);
  CHECK(s.message() == "t: the body is over 7 bytes (max_body)");
  CHECK(over.families == 0);
}

}  // namespace
}  // namespace evt::scrape
