// MappedFile (mapped_file.h): the text with zero padding after it, nothing
// for what the ordinary reading must explain, and a file truncated while
// it is read is a false answer, not SIGBUS.
#include "common/mapped_file.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using evt::MappedFile;

namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("evt-mapped-" + std::to_string(getpid()) + "-" + name)).string();
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace

TEST_CASE("mapped file: the text, then zero padding readable past its end") {
  const long page = sysconf(_SC_PAGESIZE);
  // Ends mid-page, and exactly at a page's end (the padding is all in the
  // zero pages after it).
  for (std::size_t size : {std::size_t{5}, static_cast<std::size_t>(page), static_cast<std::size_t>(3 * page - 10)}) {
    std::string path = TempPath("text");
    std::string text(size, 'x');
    text.front() = '{';
    Write(path, text);
    std::unique_ptr<MappedFile> file = MappedFile::Map(path, 64, 1 << 20);
    REQUIRE(file);
    CHECK(file->text() == text);
    REQUIRE(file->readable() >= size + 64);
    bool zeros = true;
    CHECK(file->Read([&] {
      for (std::size_t i = size; i < size + 64; ++i) zeros = zeros && file->text().data()[i] == '\0';
    }));
    CHECK(zeros);
    std::remove(path.c_str());
  }
}

TEST_CASE("mapped file: none for a missing, empty, too large or non-regular file") {
  std::string path = TempPath("empty");
  Write(path, "");
  CHECK_FALSE(MappedFile::Map(path, 64, 1 << 20));
  Write(path, std::string(100, 'x'));
  CHECK_FALSE(MappedFile::Map(path, 64, 99));
  CHECK(MappedFile::Map(path, 64, 100));
  std::remove(path.c_str());
  CHECK_FALSE(MappedFile::Map(path, 64, 1 << 20));
  CHECK_FALSE(MappedFile::Map(std::filesystem::temp_directory_path().string(), 64, 1 << 20));
}

TEST_CASE("mapped file: a file truncated while it is read is a false answer, not SIGBUS") {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::string path = TempPath("truncated");
  Write(path, std::string(4 * page, 'x'));
  std::unique_ptr<MappedFile> file = MappedFile::Map(path, 64, 1 << 20);
  REQUIRE(file);
  std::size_t seen = 0;
  bool whole = file->Read([&] {
    REQUIRE(truncate(path.c_str(), 0) == 0);
    for (std::size_t i = 0; i < file->text().size(); i += 512) seen += file->text().data()[i] == 'x';
  });
  CHECK_FALSE(whole);
  CHECK(seen == 0);  // every page was gone: each read zeros
  CHECK_FALSE(file->Read([] {}));  // what was read of it stays suspect
  std::remove(path.c_str());
}
