#include "common/journal_stream.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

namespace evt {
namespace {

TEST_CASE("journal stream: DEVICE:INODE in decimal names that file", "[journal_stream]") {
  CHECK(NamesJournalStream("2049:131", 2049, 131));
  CHECK_FALSE(NamesJournalStream("2049:131", 2049, 132));
  CHECK_FALSE(NamesJournalStream("2049:131", 2048, 131));
}

TEST_CASE("journal stream: anything but two decimal numbers names nothing", "[journal_stream]") {
  for (const char* text : {"", ":", "2049", "2049:", ":131", "2049:131:", "0x801:131", "2049:131 ", " 2049:131",
                           "-1:131", "2049:+131", "99999999999999999999999:1"}) {
    INFO(text);
    CHECK_FALSE(NamesJournalStream(text, 2049, 131));
  }
}

TEST_CASE("journal stream: what fstat says of a real file", "[journal_stream]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  struct stat info {};
  REQUIRE(::fstat(::fileno(file), &info) == 0);
  const std::string named = std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
  CHECK(NamesJournalStream(named, info.st_dev, info.st_ino));
  CHECK_FALSE(NamesJournalStream(named, info.st_dev, info.st_ino + 1));
  std::fclose(file);
}

}  // namespace
}  // namespace evt
