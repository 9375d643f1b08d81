#include "common/state_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;

// An environment that holds exactly the given variables.
EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST_CASE("state dir: --state-dir wins over the environment", "[state_dir]") {
  auto env = FakeEnv({{"EVT_STATE_DIR", "/env/evt"}, {"XDG_STATE_HOME", "/xdg"}, {"HOME", "/home/u"}});
  Result<std::string> dir = ResolveStateDir("/flag/dir", env);
  REQUIRE(dir.ok());
  CHECK(*dir == "/flag/dir");
}

TEST_CASE("state dir: falls back from EVT_STATE_DIR to XDG_STATE_HOME to HOME", "[state_dir]") {
  CHECK(*ResolveStateDir("", FakeEnv({{"EVT_STATE_DIR", "/env/evt"}, {"XDG_STATE_HOME", "/xdg"}})) == "/env/evt");
  CHECK(*ResolveStateDir("", FakeEnv({{"XDG_STATE_HOME", "/xdg/"}, {"HOME", "/home/u"}})) == "/xdg/evt");
  CHECK(*ResolveStateDir("", FakeEnv({{"HOME", "/home/u"}})) == "/home/u/.local/state/evt");
}

TEST_CASE("state dir: empty values are unset and a relative XDG_STATE_HOME is ignored", "[state_dir]") {
  auto env = FakeEnv({{"EVT_STATE_DIR", ""}, {"XDG_STATE_HOME", "relative/state"}, {"HOME", "/home/u"}});
  Result<std::string> dir = ResolveStateDir("", env);
  REQUIRE(dir.ok());
  CHECK(*dir == "/home/u/.local/state/evt");
}

TEST_CASE("state dir: with nothing set it is a config error saying what to set", "[state_dir]") {
  Result<std::string> dir = ResolveStateDir("", FakeEnv({{"HOME", ""}}));
  REQUIRE_FALSE(dir.ok());
  CHECK(dir.status().code() == ExitCode::kConfig);
  CHECK_THAT(dir.status().message(), Catch::Contains("--state-dir") && Catch::Contains("EVT_STATE_DIR"));
}

TEST_CASE("state dir: missing parents are created and the dir itself is 0700", "[state_dir]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/a/b/evt";
  ScopedUmask mask(0);  // without our care the dir would come out 0777
  REQUIRE(EnsurePrivateDir(dir).ok());
  CHECK(ModeOf(dir) == 0700);
  CHECK(std::filesystem::is_directory(tmp.path() + "/a/b"));
}

TEST_CASE("state dir: a umask that removes owner bits does not make the dir unusable", "[state_dir]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/evt/";  // the trailing slash too
  ScopedUmask mask(0277);
  REQUIRE(EnsurePrivateDir(dir).ok());
  CHECK(ModeOf(tmp.path() + "/evt") == 0700);
}

TEST_CASE("state dir: an existing dir is accepted twice and never chmod'ed", "[state_dir]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/evt";
  REQUIRE(mkdir(dir.c_str(), 0700) == 0);
  REQUIRE(chmod(dir.c_str(), 0755) == 0);  // readable by others: the files inside are 0600
  CHECK(EnsurePrivateDir(dir).ok());
  CHECK(EnsurePrivateDir(dir).ok());
  CHECK(ModeOf(dir) == 0755);
}

TEST_CASE("state dir: a dir others can write is refused, not chmod'ed", "[state_dir]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/shared";
  REQUIRE(mkdir(dir.c_str(), 0700) == 0);
  mode_t mode = GENERATE(0770, 0703, 01777);
  REQUIRE(chmod(dir.c_str(), mode) == 0);
  Status status = EnsurePrivateDir(dir);
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == ExitCode::kConfig);
  CHECK_THAT(status.message(), Catch::StartsWith(dir + ": state directory is writable by group or others"));
  CHECK_THAT(status.message(), Catch::Contains("chmod 700 " + dir));
  CHECK(ModeOf(dir) == mode);
}

TEST_CASE("state dir: a file where the dir should be is refused", "[state_dir]") {
  TempDir tmp;
  std::string file = tmp.path() + "/evt";
  std::ofstream(file) << "not a dir";
  Status status = EnsurePrivateDir(file);
  CHECK(status.code() == ExitCode::kConfig);
  CHECK(status.message() == file + ": state directory is not a directory");

  Status below = EnsurePrivateDir(file + "/deeper/evt");
  CHECK(below.code() == ExitCode::kConfig);
  CHECK_THAT(below.message(), Catch::Contains(file) && Catch::Contains("not a directory"));
}

TEST_CASE("state dir: an empty path is refused", "[state_dir]") {
  CHECK(EnsurePrivateDir("").code() == ExitCode::kConfig);
}

TEST_CASE("state dir: a private file is created 0600 and an existing one left alone", "[state_dir]") {
  TempDir tmp;
  ScopedUmask mask(0);
  std::string file = tmp.path() + "/tool.db";
  REQUIRE(EnsurePrivateFile(file).ok());
  CHECK(ModeOf(file) == 0600);
  std::ofstream(file) << "kept";
  REQUIRE(EnsurePrivateFile(file).ok());
  std::ifstream in(file);
  std::string content;
  in >> content;
  CHECK(content == "kept");
}

TEST_CASE("state dir: a directory in place of the private file is an I/O error naming it", "[state_dir]") {
  TempDir tmp;
  Status status = EnsurePrivateFile(tmp.path());
  CHECK(status.code() == ExitCode::kIoErr);
  CHECK(status.message() == tmp.path() + ": cannot open: is a directory");
}

TEST_CASE("state dir: paths join without doubled slashes", "[state_dir]") {
  CHECK(JoinPath("/a/", "b.db") == "/a/b.db");
  CHECK(JoinPath("/a", "b.db") == "/a/b.db");
}

TEST_CASE("state dir: a site's shared dir (setgid, group-writable) is accepted, files in it 0660", "[state_dir]") {
  TempDir tmp;
  ScopedUmask mask(077);
  std::string dir = tmp.path() + "/site";
  REQUIRE(mkdir(dir.c_str(), 0700) == 0);
  REQUIRE(chmod(dir.c_str(), 02770) == 0);
  CHECK(EnsurePrivateDir(dir).ok());
  REQUIRE(EnsurePrivateFile(dir + "/site.db").ok());
  CHECK(ModeOf(dir + "/site.db") == 0660);
  REQUIRE(chmod(dir.c_str(), 02777) == 0);  // others too: refused whatever the setgid bit
  CHECK(EnsurePrivateDir(dir).code() == ExitCode::kConfig);
}

}  // namespace
}  // namespace evt
