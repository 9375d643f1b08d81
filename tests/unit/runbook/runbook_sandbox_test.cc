#include <catch2/catch.hpp>

#include "runbook_test_util.h"

using evt::ExitCode;
using evt::runbook::Settings;
using namespace evt::runbook::testing;

namespace {

RunResult RunBody(const std::string& body, Settings settings = {}) {
  TestRun test;
  test.source = Body(body);
  test.settings = settings;
  return RunText(test);
}

Settings Small() {
  Settings settings;
  settings.memory_limit_mb = 16;
  settings.max_instructions = 5'000'000;
  settings.timeout = std::chrono::seconds(10);
  return settings;
}

}  // namespace

TEST_CASE("runbook sandbox: a plain runbook runs and succeeds", "[runbook]") {
  RunResult r = RunBody("local t = {} for i = 1, 10 do t[#t + 1] = string.rep('x', i) end\n"
                        "assert(#table.concat(t) == 55) assert(math.max(1, 2) == 2) assert(utf8.len('é') == 1)\n"
                        "assert(type(os.time()) == 'number') assert(('abc'):upper() == 'ABC')");
  CHECK(r.status.ok());
  CHECK(r.sink.run.find("outcome")->as_string() == "ok");
}

TEST_CASE("runbook sandbox: io is refused with a clear error", "[runbook]") {
  RunResult r = RunBody("io.open('/etc/passwd')");
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("'io' is not available in a runbook"));
}

TEST_CASE("runbook sandbox: os.execute and os.exit are refused", "[runbook]") {
  RunResult r = RunBody("os.execute('touch /tmp/evt-runbook-escaped')");
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("'os.execute' is not available in a runbook"));
  CHECK_THAT(RunBody("os.exit(0)").status.message(), Catch::Contains("'os.exit' is not available"));
  CHECK_THAT(RunBody("os.getenv('HOME')").status.message(), Catch::Contains("'os.getenv' is not available"));
}

TEST_CASE("runbook sandbox: the globals cannot be unlocked with setmetatable", "[runbook]") {
  RunResult r = RunBody("setmetatable(_G, nil)");
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("cannot change a protected metatable"));
  CHECK_THAT(RunBody("x = 1").status.message(), Catch::Contains("cannot assign global 'x'"));
  CHECK_THAT(RunBody("string.rep = nil").status.message(), Catch::Contains("read-only"));
  CHECK_THAT(RunBody("getmetatable('').__index = {}").status.message(), Catch::Contains("attempt to index"));
  CHECK_THAT(RunBody("rawset(_G, 'x', 1)").status.message(), Catch::Contains("'rawset' is not available"));
}

TEST_CASE("runbook sandbox: string.dump and loading bytecode are refused", "[runbook]") {
  CHECK_THAT(RunBody("string.dump(function() end)").status.message(),
             Catch::Contains("'string.dump' is not available"));
  RunResult bytecode = RunBody("local f, err = load('\\27Lua\\84\\0'); assert(f, err)");
  CHECK(bytecode.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(bytecode.status.message(), Catch::Contains("attempt to load a binary chunk"));
  CHECK_THAT(RunBody("local f, err = load('return 1', 'x', 'b'); assert(f, err)").status.message(),
             Catch::Contains("text chunks only"));
  CHECK(RunBody("local f = assert(load('return 1 + 1')); assert(f() == 2)").status.ok());
}

TEST_CASE("runbook sandbox: debug, package, coroutine, dofile and loadfile are absent", "[runbook]") {
  for (const char* name : {"debug", "package", "coroutine", "dofile", "loadfile", "collectgarbage"}) {
    CAPTURE(name);
    CHECK_THAT(RunBody(std::string("local x = ") + name).status.message(),
               Catch::Contains(std::string("'") + name + "' is not available"));
  }
}

TEST_CASE("runbook sandbox: code loaded with load cannot escape either", "[runbook]") {
  CHECK_THAT(RunBody("assert(load('io.open(\"/etc/passwd\")'))()").status.message(),
             Catch::Contains("'io' is not available"));
}

TEST_CASE("runbook sandbox: an infinite loop hits the instruction limit", "[runbook]") {
  RunResult r = RunBody("while true do end", Small());
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("instruction limit"));
  CHECK(r.sink.run.find("outcome")->as_string() == "failed");
}

TEST_CASE("runbook sandbox: an infinite loop inside pcall cannot swallow the limit", "[runbook]") {
  RunResult r = RunBody("while true do pcall(function() while true do end end) end", Small());
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("instruction limit"));
  RunResult handler = RunBody(
      "for i = 1, 100 do xpcall(function() while true do end end, function(e) while true do end end) end\n"
      "error('the loop went on')",
      Small());
  CHECK_THAT(handler.status.message(), Catch::Contains("instruction limit"));
}

TEST_CASE("runbook sandbox: finalizers cannot run code past the limits", "[runbook]") {
  CHECK_THAT(RunBody("setmetatable({}, {__gc = function() while true do end end})", Small()).status.message(),
             Catch::Contains("__gc finalizers are not allowed"));
  CHECK(RunBody("local t = setmetatable({}, {__index = function() return 1 end}) assert(t.x == 1)").status.ok());
  CHECK(RunBody("local ok, v = xpcall(function() error('x') end, function(e) return 'handled' end)\n"
                "assert(not ok and v == 'handled')").status.ok());
}

TEST_CASE("runbook sandbox: the wall-clock deadline ends a loop under a big budget", "[runbook]") {
  Settings settings = Small();
  settings.max_instructions = 1'000'000'000'000;
  settings.timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  RunResult r = RunBody("while true do pcall(function() while true do end end) end", settings);
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("time limit"));
  CHECK(took < std::chrono::seconds(3));
}

TEST_CASE("runbook sandbox: a memory bomb hits the memory cap", "[runbook]") {
  RunResult r = RunBody("local t = {} local s = string.rep('x', 1024)\n"
                        "for i = 1, 1e9 do t[i] = s .. i end",
                        Small());
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("memory limit (16 MiB)"));
  RunResult caught = RunBody("for i = 1, 1e6 do pcall(string.rep, 'x', 1 << 30) end error('went on')", Small());
  CHECK_THAT(caught.status.message(), Catch::Contains("memory limit"));
}

TEST_CASE("runbook sandbox: unknown evt functions are refused at run time", "[runbook]") {
  CHECK_THAT(RunBody("evt.shell('ls')").status.message(), Catch::Contains("'evt.shell' is not available"));
  CHECK_THAT(RunBody("evt.tool = nil").status.message(), Catch::Contains("read-only"));
}

TEST_CASE("runbook sandbox: require loads from the lib folders only", "[runbook]") {
  std::string dir = TempDir();
  std::filesystem::create_directories(dir + "/lib/net");
  std::ofstream(dir + "/lib/net/retry.lua") << "return { twice = function(x) return 2 * x end }\n";
  std::ofstream(dir + "/outside.lua") << "return 1\n";
  TestRun test;
  test.lib_dirs = {dir + "/lib"};
  test.source = Body("local m = require('net.retry') assert(m.twice(21) == 42) assert(require('net.retry') == m)");
  CHECK(RunText(test).status.ok());
  test.source = Body("require('../outside')");
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("expected a module name"));
  test.source = Body("require('outside')");
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("not found in runbooks/lib"));
  test.source = Body("require('os')");
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("not found in runbooks/lib"));
  std::filesystem::remove_all(dir);
}
