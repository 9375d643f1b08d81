#include "common/config_object.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "common/json_parse.h"

namespace evt {
namespace {

using std::chrono::milliseconds;

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

// The object in `json` as if it sat at `pointer` of /etc/evt/event.json.
ConfigObject Read(std::string_view json, std::string pointer = "/probe/targets/uplink", EnvLookup env = FakeEnv({})) {
  Result<Value> value = ParseJson(json, "test");
  INFO(value.status().message());
  REQUIRE(value.ok());
  Result<ConfigObject> object =
      ConfigObject::FromValue(std::move(*value), std::move(pointer), {"event.json", "/etc/evt", std::move(env)});
  INFO(object.status().message());
  REQUIRE(object.ok());
  return *object;
}

template <class T>
std::string ErrorOf(const Result<T>& r) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kConfig);
  return r.status().message();
}

std::string ErrorOf(const Status& s) {
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == ExitCode::kConfig);
  return s.message();
}

TEST_CASE("config object: reads each kind of value", "[config_object]") {
  ConfigObject o = Read(R"({"url": "https://x", "rise": 3, "weight": 0.5, "on": true, "ratio": 0.85,
                            "interval": "2s", "at": "2026-12-05T10:00:00+01:00", "flow": "flows/buy.json",
                            "urls": ["a", "b"], "thresholds": [0.5, 1], "whole": 3.0})");
  CHECK(*o.String("url") == "https://x");
  CHECK(*o.Int("rise") == 3);
  CHECK(*o.Int("whole") == 3);
  CHECK(*o.Number("weight") == 0.5);
  CHECK(*o.Number("rise") == 3.0);
  CHECK(*o.Bool("on") == true);
  CHECK(*o.Ratio("ratio") == 0.85);
  CHECK(*o.Duration("interval") == milliseconds{2000});
  CHECK(FormatRfc3339(*o.Time("at")) == "2026-12-05T09:00:00.000Z");
  CHECK(*o.Path("flow") == "/etc/evt/flows/buy.json");
  CHECK(*o.StringArray("urls") == std::vector<std::string>{"a", "b"});
  CHECK(*o.NumberArray("thresholds") == std::vector<double>{0.5, 1.0});
  CHECK(o.Finish().ok());
}

TEST_CASE("config object: absent keys give the fallback or nullopt", "[config_object]") {
  ConfigObject o = Read("{}");
  CHECK(*o.String("check", "http") == "http");
  CHECK(*o.Int("rise", 3) == 3);
  CHECK(*o.Number("weight", 1.5) == 1.5);
  CHECK(*o.Bool("always_up", false) == false);
  CHECK(*o.Ratio("min_hit_ratio", 0.9) == 0.9);
  CHECK(*o.Duration("timeout", milliseconds{1000}) == milliseconds{1000});
  CHECK_FALSE(o.OptionalString("interface")->has_value());
  CHECK_FALSE(o.OptionalTime("at")->has_value());
  CHECK_FALSE(o.OptionalPath("flow")->has_value());
  CHECK_FALSE(o.OptionalObject("damping")->has_value());
  CHECK_FALSE(o.OptionalObjectArray("paths")->has_value());
  CHECK_FALSE(o.OptionalSecret("secret")->has_value());
  CHECK(o.StringArray("urls", {"x"})->size() == 1);
  CHECK(o.NumberArray("thresholds", {})->empty());
  CHECK(o.Raw("anything") == nullptr);
  CHECK(o.Finish().ok());
}

TEST_CASE("config object: a missing required key is named", "[config_object]") {
  ConfigObject o = Read(R"({"check": "http"})");
  CHECK(ErrorOf(o.String("url")) == "event.json: /probe/targets/uplink: missing required key \"url\"");
  CHECK(ErrorOf(o.Duration("interval")).find("missing required key \"interval\"") != std::string::npos);
  CHECK(ErrorOf(o.Object("damping")).find("missing required key \"damping\"") != std::string::npos);
}

TEST_CASE("config object: a wrong type names the file, pointer and what was expected", "[config_object]") {
  ConfigObject o = Read(R"({"url": 5, "rise": "3", "on": "yes", "urls": "a", "n": null, "o": [1]})");
  CHECK(ErrorOf(o.String("url")) == "event.json: /probe/targets/uplink/url: expected a string, got 5");
  CHECK(ErrorOf(o.Int("rise")) == "event.json: /probe/targets/uplink/rise: expected an integer, got \"3\"");
  CHECK(ErrorOf(o.Bool("on")) == "event.json: /probe/targets/uplink/on: expected true or false, got \"yes\"");
  CHECK(ErrorOf(o.StringArray("urls")).find("/urls: expected an array, got \"a\"") != std::string::npos);
  CHECK(ErrorOf(o.String("n", "x")).find("/n: expected a string, got null") != std::string::npos);
  CHECK(ErrorOf(o.Object("o")) == "event.json: /probe/targets/uplink/o: expected an object, got an array");
  CHECK(*o.Number("url") == 5);
  CHECK(ErrorOf(o.Number("rise")).find("expected a number, got \"3\"") != std::string::npos);
}

TEST_CASE("config object: integers must be whole and in range", "[config_object]") {
  ConfigObject o = Read(R"({"a": 3.5, "b": 18446744073709551615, "c": -7, "d": 1e300})");
  CHECK(ErrorOf(o.Int("a")).find("/a: expected an integer, got 3.5") != std::string::npos);
  CHECK(ErrorOf(o.Int("b")).find("/b: 18446744073709551615 is too large for an integer") != std::string::npos);
  CHECK(*o.Int("c") == -7);
  CHECK(ErrorOf(o.Int("d")).find("expected an integer, got 1e+300") != std::string::npos);
}

TEST_CASE("config object: durations must be strings with a unit", "[config_object]") {
  ConfigObject o = Read(R"({"interval": "2 seconds", "timeout": 1000, "step": true})");
  CHECK(ErrorOf(o.Duration("interval")) ==
        "event.json: /probe/targets/uplink/interval: expected a duration such as \"500ms\", \"2s\" or \"15m\", got "
        "\"2 seconds\": expected a unit: ms, s, m, h or d after \"2\"");
  CHECK(ErrorOf(o.Duration("timeout")) ==
        "event.json: /probe/targets/uplink/timeout: expected a duration such as \"500ms\", \"2s\" or \"15m\", got "
        "1000; durations need a unit, as in \"1000ms\"");
  CHECK(ErrorOf(o.Duration("step", milliseconds{1})).find("got true") != std::string::npos);
}

TEST_CASE("config object: times must be RFC 3339", "[config_object]") {
  ConfigObject o = Read(R"({"at": "2026-13-01T00:00:00Z", "n": 5})");
  CHECK(ErrorOf(o.Time("at")) ==
        "event.json: /probe/targets/uplink/at: expected an RFC 3339 time such as \"2026-12-05T10:00:00+01:00\", got "
        "\"2026-13-01T00:00:00Z\": month 13 out of range 01..12");
  CHECK(ErrorOf(o.OptionalTime("n")).find("got 5") != std::string::npos);
}

TEST_CASE("config object: ratios are 0..1, and percent gets a hint", "[config_object]") {
  ConfigObject o = Read(R"({"a": 85, "b": -0.1, "c": 0, "d": 1, "e": 250})");
  CHECK(ErrorOf(o.Ratio("a")) ==
        "event.json: /probe/targets/uplink/a: expected a ratio from 0 to 1, got 85 (ratios are 0..1, not percent: "
        "write 0.85)");
  CHECK(ErrorOf(o.Ratio("b")).find("expected a ratio from 0 to 1, got -0.1") != std::string::npos);
  CHECK(*o.Ratio("c") == 0);
  CHECK(*o.Ratio("d") == 1);
  CHECK(ErrorOf(o.Ratio("e")).find("not percent") == std::string::npos);
}

TEST_CASE("config object: paths resolve against the config folder", "[config_object]") {
  ConfigObject o = Read(R"({"a": "catalog.json", "b": "../shared/x.json", "c": "/var/lib/evt/y.json",
                            "d": "./flows//buy.json", "e": "~/keys", "f": ""})");
  CHECK(*o.Path("a") == "/etc/evt/catalog.json");
  CHECK(*o.Path("b") == "/etc/shared/x.json");
  CHECK(*o.Path("c") == "/var/lib/evt/y.json");
  CHECK(*o.Path("d") == "/etc/evt/flows/buy.json");
  CHECK(ErrorOf(o.Path("e")).find("/e: \"~\" is not expanded") != std::string::npos);
  CHECK(ErrorOf(o.Path("f")).find("/f: expected a file path, got \"\"") != std::string::npos);
}

TEST_CASE("config object: Finish names unknown keys and what is known", "[config_object]") {
  ConfigObject o = Read(R"({"check": "http", "url": "u", "interval": "2s", "timeout_s": 1})");
  CHECK(o.String("check").ok());
  CHECK(o.String("url").ok());
  CHECK(o.Duration("interval").ok());
  CHECK(o.Duration("timeout", milliseconds{1000}).ok());
  CHECK(ErrorOf(o.Finish()) ==
        "event.json: /probe/targets/uplink/timeout_s: unknown key (known: check, url, interval, timeout)");
}

TEST_CASE("config object: Finish lists every unknown key, nested ones too", "[config_object]") {
  ConfigObject probe = Read(R"({"targets": {"uplink": {"check": "http", "urll": "u"},
                                            "mesh": {"check": "tcp", "adress": "a"}}, "intervall": "1s"})",
                            "/probe");
  Result<ConfigObject> targets = probe.Object("targets");
  REQUIRE(targets.ok());
  for (const std::string& name : targets->Keys()) {
    Result<ConfigObject> target = targets->Object(name);
    REQUIRE(target.ok());
    CHECK(target->String("check").ok());
  }
  CHECK(ErrorOf(probe.Finish()) ==
        "event.json: /probe/intervall: unknown key (known: targets); also unknown: /probe/targets/uplink/urll, "
        "/probe/targets/mesh/adress");
  CHECK(ErrorOf(targets->Finish()).find("event.json: /probe/targets/uplink/urll: unknown key (known: check)") == 0);
}

TEST_CASE("config object: an object read twice shares what was asked", "[config_object]") {
  ConfigObject o = Read(R"({"damping": {"penalty": 1000, "half_life": "60s"}})", "/failover");
  CHECK(o.Object("damping")->Int("penalty").ok());
  CHECK(o.Object("damping")->Duration("half_life").ok());
  CHECK(o.Finish().ok());
}

TEST_CASE("config object: objects never opened are unknown as a whole", "[config_object]") {
  ConfigObject o = Read(R"({"damping": {"penalty": 1000}})", "/failover");
  CHECK(ErrorOf(o.Finish()) == "event.json: /failover/damping: unknown key (no keys are known here)");
}

TEST_CASE("config object: arrays of objects are checked element by element", "[config_object]") {
  ConfigObject o = Read(R"({"paths": [{"name": "primary"}, {"name": "5g", "rize": 3}], "bad": [{}, 3]})", "/failover");
  Result<std::vector<ConfigObject>> paths = o.ObjectArray("paths");
  REQUIRE(paths.ok());
  REQUIRE(paths->size() == 2);
  for (const ConfigObject& path : *paths) {
    CHECK(path.String("name").ok());
    CHECK(path.Int("rise", 3).ok());
  }
  CHECK((*paths)[1].pointer() == "/failover/paths/1");
  CHECK(ErrorOf(o.ObjectArray("bad")) == "event.json: /failover/bad/1: expected an object, got 3");
  CHECK(ErrorOf(o.Finish()).find("event.json: /failover/paths/1/rize: unknown key (known: name, rise)") == 0);
}

TEST_CASE("config object: array elements name their index", "[config_object]") {
  ConfigObject o = Read(R"({"urls": ["a", 2], "thresholds": [0.5, "0.8"]})");
  CHECK(ErrorOf(o.StringArray("urls")) == "event.json: /probe/targets/uplink/urls/1: expected a string, got 2");
  CHECK(ErrorOf(o.NumberArray("thresholds")).find("/thresholds/1: expected a number, got \"0.8\"") !=
        std::string::npos);
}

TEST_CASE("config object: keys with / and ~ are escaped in JSON pointers", "[config_object]") {
  CHECK(EscapeJsonPointerToken("a/b~c") == "a~1b~0c");
  CHECK(EscapeJsonPointerToken("~1") == "~01");
  ConfigObject o = Read(R"({"rates": {"egress/gb": {"per": "1"}, "x~y": 1}})", "/budget");
  Result<ConfigObject> rates = o.Object("rates");
  REQUIRE(rates.ok());
  CHECK(ErrorOf(rates->Object("egress/gb")->Int("per")) ==
        "event.json: /budget/rates/egress~1gb/per: expected an integer, got \"1\"");
  CHECK(ErrorOf(o.Finish()) == "event.json: /budget/rates/x~0y: unknown key (known: egress/gb)");
}

TEST_CASE("config object: Raw hands over a value without checking inside", "[config_object]") {
  ConfigObject o = Read(R"({"preflight": {"anything": [1, {"goes": true}]}})", "/runbooks");
  const Value* raw = o.Raw("preflight");
  REQUIRE(raw != nullptr);
  CHECK(raw->find("anything") != nullptr);
  CHECK(o.Finish().ok());
}

TEST_CASE("config object: secrets resolve through the origin's environment", "[config_object]") {
  ConfigObject o = Read(R"({"secret": {"env": "HOOK"}, "inline": "hunter2"})", "/runbooks/notify-oncall/webhook",
                        FakeEnv({{"HOOK", "tok"}}));
  Result<Secret> secret = o.Secret("secret");
  REQUIRE(secret.ok());
  CHECK(secret->bytes() == "tok");
  CHECK(ErrorOf(o.Secret("inline"))
            .find("event.json: /runbooks/notify-oncall/webhook/inline: a secret cannot be "
                  "written into the config") == 0);
}

TEST_CASE("config object: errors of the tool's own checks read the same", "[config_object]") {
  ConfigObject o = Read(R"({"rise": 0})");
  CHECK(o.Error("rise", "must be at least 1").message() ==
        "event.json: /probe/targets/uplink/rise: must be at least 1");
  CHECK(o.Error("give url or flow").message() == "event.json: /probe/targets/uplink: give url or flow");
  CHECK(o.Where() == "event.json: /probe/targets/uplink");
}

TEST_CASE("config object: only an object can be read as one", "[config_object]") {
  Result<ConfigObject> o = ConfigObject::FromValue(Value::array(), "/price", {"event.json", "/etc/evt"});
  CHECK(ErrorOf(o) == "event.json: /price: expected an object, got an array");
  Result<ConfigObject> root = ConfigObject::FromValue(Value("x"), "", {"event.json", "/etc/evt"});
  CHECK(ErrorOf(root) == "event.json: expected an object, got \"x\"");
}

TEST_CASE("config object: long strings are cut in messages", "[config_object]") {
  std::string json = R"({"n": ")" + std::string(500, 'x') + R"("})";
  ConfigObject o = Read(json);
  std::string message = ErrorOf(o.Int("n"));
  CHECK(message.size() < 200);
  CHECK(message.find("...\"") != std::string::npos);
}

// Input data read as strictly as config: exit 65, the first unknown key alone.
ConfigObject ReadInput(const Value& value, std::string file, std::string pointer) {
  Result<ConfigObject> object = ConfigObject::Borrowing(
      value, std::move(pointer), {std::move(file), "", SystemEnv, ExitCode::kDataErr, UnknownKeys::kFirstOnly});
  INFO(object.status().message());
  REQUIRE(object.ok());
  return *object;
}

TEST_CASE("config object: the origin's exit code is every error's", "[config_object]") {
  Result<Value> value = ParseJson(R"({"qty": "two", "sku": null, "extra": 1, "more": 2})", "test");
  REQUIRE(value.ok());
  ConfigObject in = ReadInput(*value, "carts.jsonl:17", "/lines/2");
  Result<std::int64_t> qty = in.Int("qty");
  REQUIRE_FALSE(qty.ok());
  CHECK(qty.status().code() == ExitCode::kDataErr);
  CHECK(qty.status().message() == "carts.jsonl:17: /lines/2/qty: expected an integer, got \"two\"");
  CHECK(in.String("missing").status().code() == ExitCode::kDataErr);
  CHECK(in.Error("sku", "expected a SKU").code() == ExitCode::kDataErr);
  Status finished = in.Finish();
  CHECK(finished.code() == ExitCode::kDataErr);
  CHECK(finished.message() == "carts.jsonl:17: /lines/2/sku: unknown key");
}

TEST_CASE("config object: without a file, messages start at the pointer", "[config_object]") {
  Result<Value> value = ParseJson(R"({"id": 7})", "test");
  REQUIRE(value.ok());
  ConfigObject root = ReadInput(*value, "", "");
  CHECK(root.Where().empty());
  CHECK(root.Error("not a cart").message() == "not a cart");
  CHECK(root.Error("id", "expected a string").message() == "/id: expected a string");
  Result<ConfigObject> array = ConfigObject::Borrowing(Value::array({}), "/lines/0", {"", "", SystemEnv, ExitCode::kDataErr});
  REQUIRE_FALSE(array.ok());
  CHECK(array.status().code() == ExitCode::kDataErr);
  CHECK(array.status().message() == "/lines/0: expected an object, got an array");
}

TEST_CASE("config object: Recoded keeps codes other than Config", "[config_object]") {
  Result<Value> value = ParseJson("{}", "test");
  REQUIRE(value.ok());
  ConfigObject in = ReadInput(*value, "x", "");
  CHECK(in.Recoded(Status::Config("bad")).code() == ExitCode::kDataErr);
  CHECK(in.Recoded(Status::NoInput("gone")).code() == ExitCode::kNoInput);
  CHECK(Read("{}").Recoded(Status::Config("bad")).code() == ExitCode::kConfig);
}

}  // namespace
}  // namespace evt
