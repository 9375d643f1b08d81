#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tools/failover/template_render.h"

using evt::failover::RenderTemplate;

TEST_CASE("failover template: variables are replaced, spaces inside braces allowed") {
  auto r = RenderTemplate("upstream { server {{upstream}}; } # {{ path }}\n", {{"upstream", "10.0.0.1:443"}, {"path", "5g"}});
  REQUIRE(r.ok());
  CHECK(*r == "upstream { server 10.0.0.1:443; } # 5g\n");
}

TEST_CASE("failover template: an unknown variable or an unclosed brace is an error naming the line") {
  auto unknown = RenderTemplate("a\nserver {{upstrem}};", {{"upstream", "x"}});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message() == "line 2: unknown variable \"upstrem\" (known: upstream)");
  auto unclosed = RenderTemplate("{{upstream", {{"upstream", "x"}});
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.status().message() == "line 1: unclosed {{");
}

TEST_CASE("failover template: text without variables is copied") {
  CHECK(*RenderTemplate("plain } text {", {}) == "plain } text {");
}

namespace {

struct TempFolder {
  TempFolder() {
    char name[] = "/tmp/evt-template-test.XXXXXX";
    path = ::mkdtemp(name);
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
  std::string path;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode;
}

}  // namespace

TEST_CASE("failover template file: a new file is private, an existing one keeps its mode") {
  TempFolder dir;
  const std::string fresh = dir.path + "/fresh.conf";
  REQUIRE(evt::failover::WriteAtomically(fresh, "a\n").ok());
  CHECK(Slurp(fresh) == "a\n");
  CHECK((ModeOf(fresh) & 07777) == 0600);
  const std::string kept = dir.path + "/kept.conf";
  std::ofstream(kept) << "old\n";
  REQUIRE(::chmod(kept.c_str(), 0640) == 0);
  REQUIRE(evt::failover::WriteAtomically(kept, "new\n").ok());
  CHECK(Slurp(kept) == "new\n");
  CHECK((ModeOf(kept) & 07777) == 0640);
}

TEST_CASE("failover template file: a symlink planted at a temporary name is not written through") {
  TempFolder dir;
  const std::string target = dir.path + "/upstream.conf";
  const std::string victim = dir.path + "/victim";
  std::ofstream(victim) << "precious\n";
  // The name the writer used to pick: predictable from our pid.
  REQUIRE(::symlink(victim.c_str(), (target + ".evt-tmp." + std::to_string(::getpid())).c_str()) == 0);
  REQUIRE(evt::failover::WriteAtomically(target, "server x;\n").ok());
  CHECK(Slurp(victim) == "precious\n");
  CHECK(S_ISREG(ModeOf(target)));
  CHECK(Slurp(target) == "server x;\n");
}
