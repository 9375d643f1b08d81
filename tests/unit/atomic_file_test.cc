#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/atomic_file.h"

namespace evt {
namespace {

std::string TempDir() {
  char path[] = "/tmp/evt-atomic-file-XXXXXX";
  REQUIRE(mkdtemp(path) != nullptr);
  return path;
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  return names;
}

}  // namespace

TEST_CASE("atomic file: replaces the file whole and leaves nothing beside it") {
  std::string dir = TempDir();
  std::string path = dir + "/evt.prom";
  REQUIRE(WriteFileAtomically(path, "a 1\n").ok());
  REQUIRE(WriteFileAtomically(path, "b 2\n").ok());
  CHECK(Read(path) == "b 2\n");
  CHECK(Entries(dir) == std::vector<std::string>{"evt.prom"});
  unlink(path.c_str());
  rmdir(dir.c_str());
}

TEST_CASE("atomic file: a folder that is not there is an I/O error naming the file") {
  std::string dir = TempDir();
  Status s = WriteFileAtomically(dir + "/missing/evt.prom", "a 1\n");
  CHECK(s.code() == ExitCode::kIoErr);
  CHECK(s.message().find(dir + "/missing/evt.prom.tmp.") == 0);
  CHECK(s.message().find("No such file or directory") != std::string::npos);
  rmdir(dir.c_str());
}

}  // namespace evt
