#include <unistd.h>

#include <catch2/catch.hpp>

#include "common/json_writer.h"
#include "common/utf8.h"
#include "runbook_test_util.h"
#include "tools/runbook/api_check.h"
#include "tools/runbook/run_lock.h"

using evt::ExitCode;
using evt::Value;
using namespace evt::runbook;
using namespace evt::runbook::testing;

namespace {

// A folder holding evt-fixture, a link to the plumbing test program, so
// evt.tool("fixture", ...) finds it "beside evt-runbook".
struct FixtureDir {
  FixtureDir() : dir(TempDir()) {
    std::filesystem::create_symlink(EVT_BINARY_DIR "/tests/cli/plumbing_fixture", dir + "/evt-fixture");
  }
  // A command-access table that lists only evt-fixture (which has no
  // subcommands), read-only or not; returns its path.
  std::string Table(bool read_only) const {
    std::string path = dir + "/command-access.jsonl";
    std::ofstream(path) << "{\"tool\":\"evt-fixture\",\"command\":[],\"access\":\""
                        << (read_only ? "read-only" : "mutating")
                        << "\",\"dry_run\":false,\"subcommands\":[],\"flags\":[\"--slow\"],"
                           "\"value_options\":[\"--count\"]}\n";
    return path;
  }
  ~FixtureDir() { std::filesystem::remove_all(dir); }
  std::string dir;
};

RunResult RunBody(const std::string& body, RunOptions options = {}, RunEnvironment environment = {}) {
  TestRun test;
  test.source = Body(body);
  test.options = options;
  test.environment = environment;
  return RunText(test);
}

std::string Outcome(const Value& record) { return record.find("outcome")->as_string(); }

std::string AllText(const RunResult& r) {
  std::string text = r.status.message() + "\n" + r.log + "\n";
  for (const Value& step : r.sink.steps) text += *evt::ToJson(step) + "\n";
  text += *evt::ToJson(r.sink.run) + "\n";
  for (const RunSummary& run : r.history) text += *evt::ToJson(RunRecord(run)) + "\n";
  for (const CallEntry& call : r.calls) text += *evt::ToJson(call.argv) + "\n";
  return text;
}

}  // namespace

TEST_CASE("runbook api: a step retried to success succeeds", "[runbook]") {
  RunResult r = RunBody(
      "local n = 0\n"
      "evt.step('flaky', function() n = n + 1 if n < 3 then error('not yet') end end, {retry = 2, delay = '1ms'})");
  CHECK(r.status.ok());
  REQUIRE(r.sink.steps.size() == 1);
  CHECK(Outcome(r.sink.steps[0]) == "ok");
  CHECK(r.sink.steps[0].find("attempts")->as_int() == 3);
  CHECK_THAT(r.log, Catch::Contains("attempt 1 failed: test.lua:3: not yet"));
}

TEST_CASE("runbook api: a failed step skips the rest but always steps still run", "[runbook]") {
  RunResult r = RunBody(
      "evt.step('one', function() error('broken') end, {retry = 1, delay = '1ms'})\n"
      "evt.step('two', function() error('must not run') end)\n"
      "evt.step('cleanup', function() evt.log.info('cleaned up') end, {always = true})");
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("step \"one\" failed: test.lua:2: broken"));
  REQUIRE(r.sink.steps.size() == 3);
  CHECK(Outcome(r.sink.steps[0]) == "failed");
  CHECK(r.sink.steps[0].find("attempts")->as_int() == 2);
  CHECK(Outcome(r.sink.steps[1]) == "skipped");
  CHECK(Outcome(r.sink.steps[2]) == "ok");
  CHECK_THAT(r.log, Catch::Contains("cleaned up"));
  CHECK(Outcome(r.sink.run) == "failed");
  REQUIRE(r.history.size() == 1);
  CHECK(r.history[0].end->outcome == "failed");
  REQUIRE(r.history[0].steps.size() == 3);
  CHECK(r.history[0].steps[1].outcome == "skipped");
}

TEST_CASE("runbook api: a step timeout ends only the step, even inside pcall", "[runbook]") {
  RunResult r = RunBody(
      "local ok = evt.step('spin', function() while true do pcall(function() while true do end end) end end,\n"
      "                    {timeout = '100ms', retry = 1})\n"
      "evt.step('after', function() evt.log.info('after ran') end, {always = true})");
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  REQUIRE(r.sink.steps.size() == 2);
  CHECK(r.sink.steps[0].find("error")->as_string() == "timed out after 100ms");
  CHECK(r.sink.steps[0].find("attempts")->as_int() == 2);
  CHECK(Outcome(r.sink.steps[1]) == "ok");
  CHECK_THAT(r.log, Catch::Contains("after ran"));
}

TEST_CASE("runbook api: evt.tool runs an evt tool and decodes its records", "[runbook]") {
  FixtureDir fixture;
  RunEnvironment environment;
  environment.self_dir = fixture.dir;
  RunResult r = RunBody(
      "local r = evt.tool('fixture', {'--count', '3'})\n"
      "assert(r.code == 0, r.stderr) assert(#r.records == 3, #r.records) assert(r.records[3].seq == 3)\n"
      "assert(r.records[1].kind == 'fixture') assert(type(r.ms) == 'number')\n"
      "local e = evt.tool('evt-fixture', {}, {stdin = {{kind = 'x', v = 1, n = 7}, {kind = 'y', v = 1}}})\n"
      "assert(#e.records == 2 and e.records[1].n == 7 and e.records[2].kind == 'y', e.stdout)\n"
      "local bad = evt.tool('fixture', {'--bogus'})\n"
      "assert(bad.code == 2, bad.code) assert(bad.stderr:find('bogus'))",
      {}, environment);
  CHECK(r.status.ok());
  CHECK(r.calls.size() == 3);
}

TEST_CASE("runbook api: evt.tool runs evt tools only", "[runbook]") {
  FixtureDir fixture;
  RunEnvironment environment;
  environment.self_dir = fixture.dir;
  environment.env = [](const char* name) -> const char* { return std::string(name) == "PATH" ? "/nonexistent" : nullptr; };
  CHECK_THAT(RunBody("evt.tool('/bin/sh', {'-c', 'true'})", {}, environment).status.message(),
             Catch::Contains("is not an evt tool name"));
  CHECK_THAT(RunBody("evt.tool('sh', {})", {}, environment).status.message(),
             Catch::Contains("evt-sh not found beside evt-runbook"));
}

TEST_CASE("runbook api: a dry run runs read-only calls and only shows mutating ones", "[runbook]") {
  FixtureDir fixture;
  RunEnvironment environment;
  environment.self_dir = fixture.dir;
  environment.command_table = fixture.Table(true);
  std::string body =
      "evt.step('look', function() local r = evt.tool('fixture', {'--count', '1'}) assert(#r.records == 1) end)\n"
      "evt.step('change', function()\n"
      "  local r = evt.tool('fixture', {'--count', '2'}, {mutates = true})\n"
      "  if evt.dry_run then assert(r.dry_run == true and r.code == 0 and #r.records == 0)\n"
      "  else assert(#r.records == 2 and not r.dry_run) end\n"
      "end)";
  RunOptions dry;
  dry.dry_run = true;
  RunResult r = RunBody(body, dry, environment);
  CHECK(r.status.code() == ExitCode::kDryRunPending);
  CHECK(Outcome(r.sink.run) == "changes_pending");
  CHECK(r.sink.run.find("changes_pending")->as_int() == 1);
  REQUIRE(r.sink.steps.size() == 2);
  CHECK(r.sink.steps[0].find("pending") == nullptr);
  CHECK(*evt::ToJson(*r.sink.steps[1].find("pending")) == "[\"evt-fixture --count 2\"]");
  CHECK_THAT(r.log, Catch::Contains("would run: evt-fixture --count 2"));
  REQUIRE(r.history.size() == 1);
  CHECK(r.history[0].start.dry_run);
  REQUIRE(r.calls.size() == 2);
  CHECK_FALSE(r.calls[0].dry_run);
  CHECK(r.calls[1].dry_run);

  RunResult real = RunBody(body, {}, environment);
  CHECK(real.status.ok());
  CHECK(Outcome(real.sink.run) == "ok");

  RunResult nothing = RunBody("evt.tool('fixture', {'--count', '1'})", dry, environment);
  CHECK(nothing.status.ok());
}

TEST_CASE("runbook api: a dry run without a command-access table runs no evt tool", "[runbook]") {
  FixtureDir fixture;
  RunEnvironment environment;
  environment.self_dir = fixture.dir;
  environment.command_table = fixture.dir + "/none.jsonl";
  RunOptions dry;
  dry.dry_run = true;
  RunResult r = RunBody("local r = evt.tool('fixture', {'--count', '1'}) assert(r.dry_run and #r.records == 0)", dry,
                        environment);
  CHECK(r.status.code() == ExitCode::kDryRunPending);
  CHECK_THAT(r.log, Catch::Contains("none.jsonl: cannot open the command-access table: every evt.tool call counts as mutating"));
  CHECK_THAT(r.log, Catch::Contains("would run: evt-fixture --count 1"));
}

TEST_CASE("runbook api: mutates = false does not make a mutating call run in a dry run", "[runbook]") {
  FixtureDir fixture;
  RunEnvironment environment;
  environment.self_dir = fixture.dir;
  environment.command_table = fixture.Table(false);
  RunOptions dry;
  dry.dry_run = true;
  RunResult r = RunBody("local r = evt.tool('fixture', {'--count', '1'}, {mutates = false}) assert(r.dry_run)", dry,
                        environment);
  CHECK(r.status.code() == ExitCode::kDryRunPending);
  CHECK(r.sink.run.find("changes_pending")->as_int() == 1);
}

TEST_CASE("runbook api: evt.exec runs only what the config allows", "[runbook]") {
  TestRun test;
  test.source = Body("local r = evt.exec({'true'}) assert(r.code == 0)");
  test.settings.allow_exec = {"true"};
  CHECK(RunText(test).status.ok());
  test.source = Body("evt.exec({'rm', '-rf', '/tmp/nothing-here'})");
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("\"rm\" is not allowed"));
  test.source = Body("evt.exec({'/bin/true'})");
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("\"/bin/true\" is not allowed"));
}

TEST_CASE("runbook api: a timeout ends a program's whole process group", "[runbook]") {
  std::string marker = "987" + std::to_string(::getpid()) + ".5";
  TestRun test;
  test.settings.allow_exec = {"sh"};
  test.settings.kill_grace = std::chrono::milliseconds(500);
  test.source = Body("evt.step('wait', function() evt.exec({'sh', '-c', 'sleep " + marker + " & sleep " + marker +
                     " & wait'}) end, {timeout = '300ms'})");
  auto start = std::chrono::steady_clock::now();
  RunResult r = RunText(test);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(r.status.message(), Catch::Contains("timed out after 300ms"));
  // pgrep exits 1 when nothing matches.
  CHECK(std::system(("pgrep -f 'slee[p] " + marker + "' >/dev/null").c_str()) != 0);
}

TEST_CASE("runbook api: confirmations fail headless unless --yes", "[runbook]") {
  RunResult headless = RunBody("evt.confirm('switch traffic?')");
  CHECK(headless.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(headless.status.message(), Catch::Contains("confirmation needed: \"switch traffic?\""));
  RunOptions yes;
  yes.yes = true;
  CHECK(RunBody("assert(evt.confirm('switch traffic?'))", yes).status.ok());
  RunOptions dry;
  dry.dry_run = true;
  CHECK(RunBody("assert(evt.confirm('switch traffic?'))", dry).status.ok());
  RunEnvironment terminal;
  terminal.interactive = true;
  std::string answer = "y";
  terminal.ask = [&](const std::string&) -> std::optional<std::string> { return answer; };
  CHECK(RunBody("assert(evt.confirm('go?'))", {}, terminal).status.ok());
  answer = "n";
  CHECK_THAT(RunBody("evt.confirm('go?')", {}, terminal).status.message(), Catch::Contains("not confirmed: go?"));
}

TEST_CASE("runbook api: a secret never appears in logs, records, messages or the audit log", "[runbook]") {
  const std::string canary = "CANARY-7f3e9a-secret";
  FixtureDir fixture;
  RunEnvironment environment;
  environment.self_dir = fixture.dir;
  environment.env = [&](const char* name) -> const char* {
    return std::string(name) == "ONCALL_TOKEN" ? canary.c_str() : nullptr;
  };
  TestRun test;
  test.settings.secret_env = {"ONCALL_TOKEN"};
  test.environment = environment;
  test.source = Body(
      "local s = evt.secret('ONCALL_TOKEN')\n"
      "evt.log.info('token is', s) print('print', s) evt.log.error(s)\n"
      "evt.step('use ' .. s, function()\n"
      "  local r = evt.tool('fixture', {}, {stdin = {{kind = 'k', v = 1, token = s}}})\n"
      "  assert(r.records[1].token == s)\n"
      "  evt.tool('fixture', {'--count', s}, {mutates = true})\n"
      "end)\n"
      "evt.step('fail', function() error('failed with ' .. s) end)");
  RunResult r = RunText(test);
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  std::string text = AllText(r);
  CHECK(text.find(canary) == std::string::npos);
  CHECK_THAT(text, Catch::Contains("<redacted>"));
  CHECK_THAT(r.log, Catch::Contains("token is <redacted>"));
  CHECK_THAT(r.status.message(), Catch::Contains("failed with <redacted>"));
}

TEST_CASE("runbook api: a secret parameter is redacted in the audit record", "[runbook]") {
  TestRun test;
  test.source =
      "return { description = 'd', params = { token = { secret = true, required = true }, who = { default = 'me' } },\n"
      "  run = function() evt.log.info(evt.var('token'), evt.var('who')) end }";
  test.options.vars = {"token=hunter2-canary"};
  RunResult r = RunText(test);
  CHECK(r.status.ok());
  CHECK(AllText(r).find("hunter2-canary") == std::string::npos);
  CHECK(*evt::ToJson(*r.sink.run.find("params")) == "{\"token\":\"<redacted>\",\"who\":\"me\"}");
}

TEST_CASE("runbook api: parameters are checked against the header", "[runbook]") {
  TestRun test;
  test.source = "return { description = 'd', params = { path = { required = true } }, run = function() end }";
  CHECK(RunText(test).status.code() == ExitCode::kUsage);
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("parameter path is required"));
  test.options.vars = {"path=local", "paht=x"};
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("--var paht: not a parameter of test"));
  test.options.vars = {"path=local"};
  CHECK(RunText(test).status.ok());
  CHECK_THAT(RunBody("evt.var('nope')").status.message(), Catch::Contains("\"nope\" is not a parameter"));
}

TEST_CASE("runbook api: a bad header or a syntax error is bad input naming the file and line", "[runbook]") {
  TestRun test;
  test.source = "return { run = function() end }";
  CHECK(RunText(test).status.code() == ExitCode::kDataErr);
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("test.lua: header: description: missing"));
  test.source = "return { description = 'd', run = function() end, mutate = {} }";
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("header: mutate: unknown field"));
  test.source = "return {\n description = 'd',\n run = function() end end }";
  CHECK(RunText(test).status.code() == ExitCode::kDataErr);
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("test.lua:3:"));
  test.source = "evt.tool('fixture', {}) return { description = 'd', run = function() end }";
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("may only be called inside run()"));
}

TEST_CASE("runbook api: a header is read as plain data, never through metamethods", "[runbook]") {
  TestRun test;
  test.source = "return setmetatable({}, {__index = function() error('from __index') end})";
  CHECK(RunText(test).status.code() == ExitCode::kDataErr);
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("description: missing"));
  test.source = "return setmetatable({description = 'd'}, {__index = {run = function() end}})";
  CHECK_THAT(RunText(test).status.message(), Catch::Contains("run: missing"));
  test.source = "return {description = 'd', params = setmetatable({}, {__pairs = function() error('x') end}),"
                " run = function() end}";
  CHECK(RunText(test).status.ok());
}

TEST_CASE("runbook api: json, now and config", "[runbook]") {
  CHECK(RunBody("local t = evt.json.decode('{\"a\":[1,2,{\"b\":true}]}')\n"
                "assert(t.a[3].b == true) assert(evt.json.encode({b = 1, a = 'x'}) == '{\"a\":\"x\",\"b\":1}')\n"
                "assert(evt.json.encode({1, 2}) == '[1,2]') assert(evt.now() > 1700000000000)\n"
                "assert(next(evt.config()) == nil)")
            .status.ok());
  CHECK_THAT(RunBody("evt.json.encode({f = print})").status.message(), Catch::Contains("at /f: a function"));
  CHECK_THAT(RunBody("evt.json.decode('{')").status.message(), Catch::Contains("evt.json.decode"));
}

TEST_CASE("runbook api: a second holder of a lock is refused at once, naming the first", "[runbook]") {
  std::string dir = TempDir();
  evt::Result<RunLock> first = RunLock::Acquire(dir, "traffic", "run 1 of fallback (pid 1, a@b)");
  REQUIRE(first.ok());
  evt::Result<RunLock> second = RunLock::Acquire(dir, "traffic", "run 2");
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == ExitCode::kTempFail);
  CHECK_THAT(second.status().message(), Catch::Contains("\"traffic\" is held by run 1 of fallback (pid 1, a@b)"));
  CHECK(RunLock::Acquire(dir, "other", "run 3").ok());
  CHECK_FALSE(RunLock::Acquire(dir, "../x", "run 4").ok());
  std::filesystem::remove_all(dir);
}

TEST_CASE("runbook api: any bytes in an error still make valid records", "[runbook]") {
  RunResult r = RunBody("evt.step('s', function() error('bad \\255 byte') end)");
  CHECK(r.status.code() == ExitCode::kCheckFailed);
  REQUIRE(r.sink.steps.size() == 1);
  CHECK(r.sink.steps[0].find("error")->as_string() == "test.lua:2: bad \xef\xbf\xbd byte");
  CHECK(evt::ToJson(r.sink.run).ok());
}

TEST_CASE("runbook check: unknown evt calls are found outside comments and strings", "[runbook]") {
  RunbookFile file;
  file.path = "x.lua";
  file.source =
      "-- evt.nothing in a comment\n"
      "local s = 'evt.alsonothing' .. [[evt.norhere]]\n"
      "evt.tool('a') evt.log.info('x') local log = evt.log\n"
      "evt.shell('rm')\n"
      "evt.log.debug('x')\n"
      "myevt.foo() x.evt.bar()\n";
  std::vector<std::string> problems = UnknownEvtCalls(file);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "x.lua:4: unknown evt call evt.shell");
  CHECK(problems[1] == "x.lua:5: unknown evt call evt.log.debug");
}

TEST_CASE("runbook api: evt.secret reads only the environment variables runbook.secret_env allows", "[runbook]") {
  TestRun test;
  test.environment.env = [](const char* name) -> const char* {
    return std::string(name) == "AWS_SECRET_ACCESS_KEY" || std::string(name) == "ONCALL_TOKEN" ? "s3cr3t-value"
                                                                                                : nullptr;
  };
  test.source = Body("evt.secret('AWS_SECRET_ACCESS_KEY')");
  RunResult refused = RunText(test);
  CHECK(refused.status.code() == ExitCode::kCheckFailed);
  CHECK_THAT(refused.status.message(),
             Catch::Contains("evt.secret: \"AWS_SECRET_ACCESS_KEY\": not under /runbooks/test of the config, and not "
                             "an environment variable runbook.secret_env of the config allows"));
  test.settings.secret_env = {"ONCALL_TOKEN"};
  CHECK(RunText(test).status.code() == ExitCode::kCheckFailed);
  test.source = Body("assert(evt.secret('ONCALL_TOKEN') == 's3cr3t-value')");
  CHECK(RunText(test).status.ok());
}

TEST_CASE("runbook api: opts.env hands a secret to the program outside its argv", "[runbook]") {
  TestRun test;
  test.settings.allow_exec = {"sh"};
  test.settings.secret_env = {"ONCALL_TOKEN"};
  const std::string canary = "CANARY-env-5d1c0b";
  test.environment.env = [&](const char* name) -> const char* {
    if (std::string(name) == "ONCALL_TOKEN") return canary.c_str();
    return std::getenv(name);
  };
  // The program prints its argv (NULs as spaces) and the hex of $TOKEN.
  test.source = Body(R"LUA(
local s = evt.secret('ONCALL_TOKEN')
local r = evt.exec({'sh', '-c', 'tr "\\000" " " </proc/$$/cmdline; echo; printf %s "$TOKEN" | od -An -tx1'},
                   {env = {TOKEN = s}})
assert(r.code == 0, r.stderr)
assert(not r.stdout:find(s, 1, true), 'the secret is in argv: ' .. r.stdout)
local hex = s:gsub('.', function(c) return string.format('%02x', c:byte()) end)
assert(r.stdout:gsub('%s', ''):find(hex, 1, true), 'the program did not get it')
evt.log.info('hex', hex))LUA");
  RunResult r = RunText(test);
  CHECK(r.status.ok());
  CHECK_THAT(r.status.message() + r.log, !Catch::Contains(canary));
  CHECK_THAT(r.log, Catch::Contains("hex <redacted>"));
  test.source = Body("evt.exec({'sh', '-c', 'true'}, {env = {['1BAD'] = 'x'}})");
  CHECK_THAT(RunText(test).status.message(),
             Catch::Contains("evt.exec: env: expected names of environment variables as keys"));
}
