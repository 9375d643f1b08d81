// Strict reading of one JSON object of the config: the helper every tool
// reads its section with. Each getter names the key it reads; Finish() then
// reports every key nobody asked for, so a typo ("timeout_s") is an error
// rather than a silently ignored setting.
//
// Every error is Status::Config (exit 78) naming the config file, the JSON
// pointer (RFC 6901: "/" in a key is written "~1", "~" is "~0") of the
// field, and what was expected:
//   event.json: /probe/targets/uplink/interval: expected a duration such as
//   "500ms", "2s" or "15m", got "2 seconds": expected a unit: ...
// Inputs read as strictly as config (price's catalog, promotions and carts)
// set another exit code and terser unknown-key errors in their ConfigOrigin.
//
// Getters come in up to three forms: Foo(key) requires the key; Foo(key,
// fallback) returns the fallback when the key is absent; OptionalFoo(key)
// returns std::nullopt when it is absent. A key that is present with the
// wrong type (null included) is always an error.
//
// Not thread-safe: reading records which keys were asked for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/duration.h"
#include "common/exit_code.h"
#include "common/secret.h"
#include "common/state_dir.h"  // EnvLookup, SystemEnv
#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt {

// How an unknown key is reported: with the keys that are known here and
// every other unknown key (config), or the first one alone (input records).
enum class UnknownKeys { kListKnown, kFirstOnly };

// Where a config came from: what messages name, and what relative paths
// and secrets resolve against; and how its errors read.
struct ConfigOrigin {
  std::string file;           // as messages name it: "event.json", "/etc/evt/event.json"; "" for none
  std::string folder;         // relative paths resolve against it
  EnvLookup env = SystemEnv;  // for {"env": NAME} secrets
  ExitCode code = ExitCode::kConfig;  // of every error: kDataErr for input data
  UnknownKeys unknown_keys = UnknownKeys::kListKnown;
};

// "a~1b" for the key "a/b": one reference token of a JSON pointer.
std::string EscapeJsonPointerToken(std::string_view key);

class ConfigObject {
 public:
  // Reads `object`, found at JSON pointer `pointer` ("" for the whole file,
  // "/price" for a section) of origin.file. Fails when it is not an object:
  // "event.json: /price: expected an object, got an array".
  static Result<ConfigObject> FromValue(Value object, std::string pointer, ConfigOrigin origin);
  // The same without a copy, for input read in bulk.
  // REQUIRES: `object` outlives the result and every object read through it.
  static Result<ConfigObject> Borrowing(const Value& object, std::string pointer, ConfigOrigin origin);

  const std::string& pointer() const;
  const ConfigOrigin& origin() const;
  // "event.json: /probe/targets/uplink", the prefix of this object's errors
  // (without the file when origin().file is "").
  std::string Where() const;
  // "event.json: /probe/targets/uplink/url".
  std::string Where(std::string_view key) const;

  // The keys present, in file order. Asks for none of them: for objects
  // whose keys are names (targets, paths, rates), read each with a getter.
  std::vector<std::string> Keys() const;
  bool Has(std::string_view key) const;

  Result<std::string> String(std::string_view key) const;
  Result<std::string> String(std::string_view key, std::string fallback) const;
  Result<std::optional<std::string>> OptionalString(std::string_view key) const;

  // A whole number: a JSON integer, or a number such as 3.0 with no fraction.
  Result<std::int64_t> Int(std::string_view key) const;
  Result<std::int64_t> Int(std::string_view key, std::int64_t fallback) const;

  Result<double> Number(std::string_view key) const;
  Result<double> Number(std::string_view key, double fallback) const;

  Result<bool> Bool(std::string_view key) const;
  Result<bool> Bool(std::string_view key, bool fallback) const;

  // A number from 0 to 1 inclusive; 85 for 85% is refused with a hint.
  Result<double> Ratio(std::string_view key) const;
  Result<double> Ratio(std::string_view key, double fallback) const;

  // A string such as "500ms" (see ParseDuration).
  Result<evt::Duration> Duration(std::string_view key) const;
  Result<evt::Duration> Duration(std::string_view key, evt::Duration fallback) const;

  // An RFC 3339 string (see ParseRfc3339).
  Result<TimePoint> Time(std::string_view key) const;
  Result<std::optional<TimePoint>> OptionalTime(std::string_view key) const;

  // A file path: absolute as written, or relative to origin().folder and
  // returned joined to it (lexically normalized). "~" is not expanded, so
  // a path starting with "~/" is refused rather than misread.
  Result<std::string> Path(std::string_view key) const;
  Result<std::optional<std::string>> OptionalPath(std::string_view key) const;

  // A nested object, read the same way. Its keys count as asked for only
  // through its own getters, and this object's Finish() checks them too.
  Result<ConfigObject> Object(std::string_view key) const;
  Result<std::optional<ConfigObject>> OptionalObject(std::string_view key) const;

  Result<std::vector<std::string>> StringArray(std::string_view key) const;
  Result<std::vector<std::string>> StringArray(std::string_view key, std::vector<std::string> fallback) const;
  Result<std::vector<double>> NumberArray(std::string_view key) const;
  Result<std::vector<double>> NumberArray(std::string_view key, std::vector<double> fallback) const;
  // An array whose every element is an object, each read like Object().
  Result<std::vector<ConfigObject>> ObjectArray(std::string_view key) const;
  Result<std::optional<std::vector<ConfigObject>>> OptionalObjectArray(std::string_view key) const;

  // {"env": NAME} or {"file": PATH}, read and checked (see ResolveSecret).
  Result<evt::Secret> Secret(std::string_view key) const;
  Result<std::optional<evt::Secret>> OptionalSecret(std::string_view key) const;

  // The value as it is, or nullptr when absent; counts as asked for. For
  // shapes the getters do not cover (a runbook's own settings): the caller
  // takes over checking it, Finish() does not look inside.
  const Value* Raw(std::string_view key) const;

  // Config errors in this object's voice, for checks the getters cannot
  // make (a value out of a tool's range, two keys that exclude each other).
  Status Error(std::string_view what) const;                        // "file: /ptr: what"
  Status Error(std::string_view key, std::string_view what) const;  // "file: /ptr/key: what"
  // A failed conversion (config_value.h, always Config) with origin().code.
  Status Recoded(Status status) const;

  // Fails naming every key present here or in any object read through this
  // one that no getter asked for:
  //   event.json: /probe/targets/uplink/timeout_s: unknown key (known:
  //   check, url, interval, timeout)
  // and, when there are more, "; also unknown: /a/b, /c".
  Status Finish() const;

 private:
  struct Node;
  ConfigObject(std::shared_ptr<Node> node, std::shared_ptr<const ConfigOrigin> origin);
  static Result<ConfigObject> Root(std::shared_ptr<const Value> object, std::string pointer, ConfigOrigin origin);
  // "file: pointer", or the pointer alone when there is no file.
  std::string At(const std::string& pointer) const;

  // The object at `pointer`, tracked as a child so Finish() checks it; the
  // same pointer asked twice shares what was asked for.
  ConfigObject Child(std::string pointer, const Value& object) const;
  Result<ConfigObject> ObjectAt(const std::string& pointer, const Value& v) const;
  Result<std::vector<ConfigObject>> ObjectsAt(std::string_view key, const Value& v) const;

  std::shared_ptr<Node> node_;
  std::shared_ptr<const ConfigOrigin> origin_;
};

}  // namespace evt
