#include "tools/token/token_config.h"

#include <cstdlib>

#include "common/config_check_command.h"
#include "common/json_parse.h"
#include "tools/token/jwks.h"

namespace evt::token {
namespace {

Result<std::chrono::seconds> WholeSeconds(const ConfigObject& section, std::string_view key,
                                          std::chrono::seconds fallback, bool allow_zero) {
  Result<Duration> d = section.Duration(key, fallback);
  if (!d.ok()) return d.status();
  if (*d % std::chrono::seconds(1) != Duration::zero()) {
    return section.Error(key, "expected whole seconds: JWT times are whole seconds");
  }
  if (!allow_zero && *d == Duration::zero()) return section.Error(key, "expected a positive duration");
  return std::chrono::duration_cast<std::chrono::seconds>(*d);
}

// "code": {"step": "15s", "secret": {"file": ...} | {"env": ...} | {"credential": ...}}. The
// secret's form is checked without reading it: the file belongs to the
// gates, not to every machine that checks the config.
Status CheckCode(const ConfigObject& section, TokenConfig& out) {
  Result<std::optional<ConfigObject>> code = section.OptionalObject("code");
  if (!code.ok()) return code.status();
  if (!code->has_value()) return Status::Ok();
  const ConfigObject& c = **code;
  Result<std::chrono::seconds> step = WholeSeconds(c, "step", out.code_step, false);
  if (!step.ok()) return step.status();
  out.code_step = *step;
  out.code = c;
  // Read raw: a getter's "got ..." would echo a secret written inline.
  const Value* secret = c.Raw("secret");
  if (secret == nullptr) return Status::Ok();
  bool one_string = false;
  if (secret->is_object() && secret->as_object().size() == 1) {
    const auto& [source, name] = secret->as_object().front();
    one_string = (source == "file" || source == "env" || source == "credential") && name.is_string() &&
                 !name.as_string().empty();
  }
  if (!one_string) {
    return c.Error("secret",
                   "expected {\"file\": PATH}, {\"env\": NAME} or {\"credential\": NAME}; the secret itself never "
                   "goes in config");
  }
  return c.Finish();
}

}  // namespace

Result<TokenConfig> ReadTokenConfig(const Config& config) {
  Result<ConfigObject> section = config.Section("token");
  if (!section.ok()) return section.status();
  TokenConfig out;
  Result<std::optional<std::string>> issuer = section->OptionalString("issuer");
  if (!issuer.ok()) return issuer.status();
  out.issuer = *issuer;
  Result<std::optional<std::string>> audience = section->OptionalString("audience");
  if (!audience.ok()) return audience.status();
  out.audience = *audience;
  Result<std::chrono::seconds> ttl = WholeSeconds(*section, "ttl", out.ttl, false);
  if (!ttl.ok()) return ttl.status();
  out.ttl = *ttl;
  Result<std::chrono::seconds> leeway = WholeSeconds(*section, "leeway", out.leeway, true);
  if (!leeway.ok()) return leeway.status();
  if (*leeway > std::chrono::minutes(5)) {
    return section->Error("leeway", "expected at most 5m: a larger skew hides a broken clock");
  }
  out.leeway = *leeway;
  Result<std::optional<std::string>> jwks = section->OptionalPath("jwks");
  if (!jwks.ok()) return jwks.status();
  out.jwks = *jwks;
  Result<std::optional<std::string>> gate = section->OptionalString("gate");
  if (!gate.ok()) return gate.status();
  out.gate = *gate;
  Result<std::string> reentry = section->String("reentry", out.reentry);
  if (!reentry.ok()) return reentry.status();
  if (*reentry != "single" && *reentry != "reentry") {
    return section->Error("reentry", "expected \"single\" or \"reentry\"");
  }
  out.reentry = *reentry;
  Result<Duration> max_drift = section->Duration("max_drift", out.max_drift);
  if (!max_drift.ok()) return max_drift.status();
  if (*max_drift < std::chrono::seconds(1)) {
    return section->Error("max_drift", "expected at least 1s: gates' clocks are never closer than that");
  }
  out.max_drift = std::chrono::duration_cast<std::chrono::milliseconds>(*max_drift);
  EVT_RETURN_IF_ERROR(CheckCode(*section, out));
  EVT_RETURN_IF_ERROR(section->Finish());
  out.site_timezone = config.site().timezone;
  return out;
}

Result<TokenConfig> LoadTokenConfig(const std::string& flag_value) {
  bool named = !flag_value.empty() || (std::getenv("EVT_CONFIG") && *std::getenv("EVT_CONFIG"));
  Result<std::string> path = FindConfigFile(flag_value);
  if (!path.ok()) {
    if (!named && path.status().code() == ExitCode::kConfig) return TokenConfig();
    return path.status();
  }
  Result<Config> config = LoadConfig(*path);
  if (!config.ok()) return config.status();
  return ReadTokenConfig(*config);
}

namespace {

// The set `verify` and `scan` would load from token.jwks, loaded the same way.
Status CheckJwksFile(const std::string& path) {
  Result<Value> doc = ParseJsonFile(path);
  if (!doc.ok()) return doc.status();
  Result<LoadedJwks> loaded = JwksFromValue(*doc, path, SecretKeys::kRefuse);
  if (!loaded.ok()) return loaded.status();
  if (loaded->keys.empty()) return Status::DataErr(path + ": no key evt can verify with");
  return Status::Ok();
}

}  // namespace

// The code secret stays unread (see CheckCode): the jwks file is public and
// every gate that verifies needs it.
Status CheckTokenSection(const Config& config) {
  Result<TokenConfig> read = ReadTokenConfig(config);
  if (!read.ok()) return read.status();
  if (!read->jwks) return Status::Ok();
  return NamedFileError(config.path() + ": /token/jwks", CheckJwksFile(*read->jwks));
}

Result<Secret> ReadCodeKey(const TokenConfig& config) {
  if (!config.code) {
    return Status::Config("rotating codes need a code key: set token.code.secret in the config to "
                          "{\"file\": PATH} or {\"env\": NAME}");
  }
  Result<Secret> key = config.code->Secret("secret");
  if (!key.ok()) return key.status();
  if (key->bytes().size() < 16) {
    return Status::Config(config.code->Where("secret") + ": the code key is shorter than 16 bytes");
  }
  return key;
}

}  // namespace evt::token
