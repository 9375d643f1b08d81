#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "common/exit_code.h"

#include "tools/scrape/text_chunk_spool.h"

namespace evt::scrape {
namespace {

std::string Whole(const TextChunkSpool& spool, const TextChunks& group) {
  std::string out;
  REQUIRE(spool.ForEachPiece(group, [&](std::string_view piece) {
    out.append(piece);
    return Status::Ok();
  }).ok());
  return out;
}

std::vector<std::string> Lines(const TextChunkSpool& spool, const TextChunks& group) {
  std::vector<std::string> out;
  REQUIRE(spool.ForEachLine(group, [&](std::string_view line) {
    out.emplace_back(line);
    return Status::Ok();
  }).ok());
  return out;
}

TEST_CASE("text chunk spool: one chunk per contiguous run, groups read back apart") {
  TextChunkSpool spool;
  TextChunks a, b;
  REQUIRE(spool.Append("a1\n", a).ok());
  REQUIRE(spool.Append("a2\n", a).ok());
  REQUIRE(spool.Append("b1\n", b).ok());
  REQUIRE(spool.Append("a3", a).ok());
  CHECK(a.size() == 2);
  CHECK(b.size() == 1);
  CHECK(Whole(spool, a) == "a1\na2\na3");
  CHECK(Whole(spool, b) == "b1\n");
  CHECK(Lines(spool, a) == std::vector<std::string>{"a1", "a2", "a3"});
  CHECK(Whole(spool, {}).empty());
}

TEST_CASE("text chunk spool: text past the buffer goes to the file and comes back whole, lines cut by reads too") {
  TextChunkSpool spool;
  TextChunks a, b;
  std::string want_a, want_b;
  std::vector<std::string> lines_a;
  for (int i = 0; want_a.size() < 3 * TextChunkSpool::kBufferBytes; ++i) {
    // Lines of varied length, so the file's reads cut some of them.
    std::string line = "line " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), 'x');
    REQUIRE(spool.Append(line + "\n", a).ok());
    want_a += line + "\n";
    lines_a.push_back(line);
    if (i % 1000 == 0) {
      REQUIRE(spool.Append(std::to_string(i) + ",", b).ok());
      want_b += std::to_string(i) + ",";
    }
  }
  CHECK(Whole(spool, a) == want_a);
  CHECK(Whole(spool, b) == want_b);
  CHECK(Lines(spool, a) == lines_a);
  // Read again after more was added: the spool is read, not consumed.
  REQUIRE(spool.Append("tail", b).ok());
  CHECK(Whole(spool, b) == want_b + "tail");
  CHECK(Whole(spool, a) == want_a);
}

TEST_CASE("text chunk spool: an error from the caller stops the reading") {
  TextChunkSpool spool;
  TextChunks a;
  REQUIRE(spool.Append("1\n2\n3\n", a).ok());
  int seen = 0;
  Status status = spool.ForEachLine(a, [&](std::string_view) {
    ++seen;
    return seen == 2 ? Status::DataErr("stop") : Status::Ok();
  });
  CHECK(status.message() == "stop");
  CHECK(seen == 2);
}

TEST_CASE("text chunk spool: a temp folder it cannot write in is an I/O error naming it, once past the buffer") {
  const char* before = std::getenv("TMPDIR");
  std::string saved = before ? before : "";
  setenv("TMPDIR", "/nonexistent-evt-spool-dir", 1);
  TextChunkSpool spool;
  TextChunks a;
  CHECK(spool.Append("small\n", a).ok());  // held in memory: no file yet
  Status status = spool.Append(std::string(TextChunkSpool::kBufferBytes, 'x'), a);
  if (before) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  CHECK(status.code() == ExitCode::kIoErr);
  CHECK(status.message().find("/nonexistent-evt-spool-dir") != std::string::npos);
}

}  // namespace
}  // namespace evt::scrape
