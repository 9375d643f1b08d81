#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/unit/store_test_util.h"
#include "tools/evt/tool_dispatch.h"

using namespace evt::front;
using evt::store_test::TempDir;

namespace {

void Touch(const std::string& path, mode_t mode) {
  std::ofstream(path) << "#!/bin/sh\n";
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

}  // namespace

TEST_CASE("evt dispatch: evt's own commands and options stay with evt, any other word is a tool", "[evt]") {
  CHECK_FALSE(IsDispatched("status"));
  CHECK_FALSE(IsDispatched("hold"));
  CHECK_FALSE(IsDispatched("--help"));
  CHECK_FALSE(IsDispatched(""));
  CHECK(IsDispatched("failover"));
  CHECK(IsDispatched("frobnicate"));
}

TEST_CASE("evt dispatch: next to evt first, then PATH in order, never a file that cannot run", "[evt]") {
  TempDir self;
  TempDir a;
  TempDir b;
  Touch(a.path() + "/evt-token", 0755);
  Touch(b.path() + "/evt-token", 0755);
  Touch(b.path() + "/evt-budget", 0755);
  Touch(self.path() + "/evt-budget", 0644);  // not executable: skipped
  Touch(self.path() + "/evt-price", 0755);
  const std::string path = a.path() + "::" + b.path();
  CHECK(FindTool("token", self.path(), path) == a.path() + "/evt-token");
  CHECK(FindTool("budget", self.path(), path) == b.path() + "/evt-budget");
  CHECK(FindTool("price", self.path(), path) == self.path() + "/evt-price");
  CHECK_FALSE(FindTool("nope", self.path(), path));
  CHECK_FALSE(FindTool("../evt-price", a.path(), self.path()));
  CHECK(ListTools(self.path(), path) == std::vector<std::string>{"budget", "price", "token"});
}
