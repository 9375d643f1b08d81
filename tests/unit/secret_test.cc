#include "common/secret.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace evt {
namespace {

constexpr std::string_view kWhere = "event.json: /token/code/secret";

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "evt-secret-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

  // Writes `content` to folder/name with exactly `mode`.
  std::string Write(const std::string& name, const std::string& content, mode_t mode) const {
    std::string file = path_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    std::ofstream(file, std::ios::binary) << content;
    REQUIRE(chmod(file.c_str(), mode) == 0);
    return file;
  }

 private:
  std::string path_;
};

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

const EnvLookup kNoEnv = FakeEnv({});

Value FileSpec(const std::string& path) { return Value::object({{"file", path}}); }

std::string Refusal(const Value& spec, const std::string& folder = "", const EnvLookup& env = kNoEnv) {
  Result<Secret> secret = ResolveSecret(spec, kWhere, folder, env);
  REQUIRE_FALSE(secret.ok());
  CHECK(secret.status().code() == ExitCode::kConfig);
  return secret.status().message();
}

TEST_CASE("secret: read from the environment, shown only as its source", "[secret]") {
  auto env = FakeEnv({{"ROUTER_PASSWORD", "hunter2"}});
  Result<Secret> secret = ResolveSecret(Value::object({{"env", "ROUTER_PASSWORD"}}), kWhere, "/nowhere", env);
  REQUIRE(secret.ok());
  CHECK(secret->bytes() == "hunter2");
  CHECK(secret->Redacted() == "<secret from env ROUTER_PASSWORD>");
}

TEST_CASE("secret: an unset or empty variable is refused by name, not value", "[secret]") {
  CHECK(Refusal(Value::object({{"env", "ROUTER_PASSWORD"}})) ==
        "event.json: /token/code/secret: environment variable ROUTER_PASSWORD is not set");
  auto env = FakeEnv({{"ROUTER_PASSWORD", ""}});
  CHECK(Refusal(Value::object({{"env", "ROUTER_PASSWORD"}}), "", env).find("ROUTER_PASSWORD is empty") !=
        std::string::npos);
  CHECK(Refusal(Value::object({{"env", "A=B"}})).find("not a valid variable name") != std::string::npos);
  CHECK(Refusal(Value::object({{"env", ""}})) ==
        "event.json: /token/code/secret/env: expected the name of an environment variable, got an empty string");
  CHECK(
      Refusal(Value::object({{"env", 3}})).find("/env: expected the name of an environment variable, got an integer") !=
      std::string::npos);
}

TEST_CASE("secret: a 0600 file is read relative to the config folder", "[secret]") {
  TempDir dir;
  dir.Write("secrets/code.key", "s3cret\n", 0600);
  Result<Secret> secret = ResolveSecret(FileSpec("secrets/code.key"), kWhere, dir.path(), kNoEnv);
  INFO(secret.status().message());
  REQUIRE(secret.ok());
  CHECK(secret->bytes() == "s3cret");
  CHECK(secret->Redacted() == "<secret from file " + dir.path() + "/secrets/code.key>");
  CHECK(secret->Redacted().find("s3cret") == std::string::npos);
}

TEST_CASE("secret: an absolute file path ignores the config folder", "[secret]") {
  TempDir dir;
  std::string file = dir.Write("abs.key", "abc", 0400);
  Result<Secret> secret = ResolveSecret(FileSpec(file), kWhere, "/elsewhere", kNoEnv);
  REQUIRE(secret.ok());
  CHECK(secret->bytes() == "abc");
}

TEST_CASE("secret: only one trailing newline is stripped", "[secret]") {
  TempDir dir;
  dir.Write("a", "line\n\n", 0600);
  dir.Write("b", "crlf\r\n", 0600);
  dir.Write("c", "  spaced  ", 0600);
  CHECK(ResolveSecret(FileSpec("a"), kWhere, dir.path(), kNoEnv)->bytes() == "line\n");
  CHECK(ResolveSecret(FileSpec("b"), kWhere, dir.path(), kNoEnv)->bytes() == "crlf");
  CHECK(ResolveSecret(FileSpec("c"), kWhere, dir.path(), kNoEnv)->bytes() == "  spaced  ");
}

TEST_CASE("secret: a file readable by others is refused with the fix", "[secret]") {
  TempDir dir;
  std::string file = dir.Write("secrets/x.key", "k", 0644);
  CHECK(Refusal(FileSpec("secrets/x.key"), dir.path()) ==
        "event.json: /token/code/secret: secrets/x.key: secret file can be read or written by group or others "
        "(mode 0644); run: chmod 600 " +
            file);
}

TEST_CASE("secret: any group or other permission bit is refused", "[secret]") {
  TempDir dir;
  for (mode_t mode : {0640, 0604, 0620, 0602, 0610, 0601, 0660}) {
    dir.Write("k", "k", mode);
    INFO(mode);
    CHECK(Refusal(FileSpec("k"), dir.path()).find("run: chmod 600") != std::string::npos);
  }
  dir.Write("k", "k", 0700);
  CHECK(ResolveSecret(FileSpec("k"), kWhere, dir.path(), kNoEnv).ok());
}

TEST_CASE("secret: missing, empty and non-regular files are refused", "[secret]") {
  TempDir dir;
  CHECK(Refusal(FileSpec("nope.key"), dir.path()) ==
        "event.json: /token/code/secret: nope.key: secret file not found "
        "(looked for " +
            dir.path() + "/nope.key)");
  dir.Write("empty.key", "\n", 0600);
  CHECK(Refusal(FileSpec("empty.key"), dir.path()).find("secret file is empty") != std::string::npos);
  std::filesystem::create_directory(dir.path() + "/d");
  chmod((dir.path() + "/d").c_str(), 0700);
  CHECK(Refusal(FileSpec("d"), dir.path()).find("secret file is not a regular file") != std::string::npos);
  REQUIRE(mkfifo((dir.path() + "/fifo").c_str(), 0600) == 0);
  CHECK(Refusal(FileSpec("fifo"), dir.path()).find("not a regular file") != std::string::npos);
  dir.Write("big.key", std::string((1 << 20) + 1, 'x'), 0600);
  CHECK(Refusal(FileSpec("big.key"), dir.path()).find("over 1 MiB") != std::string::npos);
}

TEST_CASE("secret: a symlink to a private file is followed", "[secret]") {
  TempDir dir;
  std::string target = dir.Write("real.key", "linked", 0600);
  std::filesystem::create_symlink(target, dir.path() + "/link.key");
  Result<Secret> secret = ResolveSecret(FileSpec("link.key"), kWhere, dir.path(), kNoEnv);
  REQUIRE(secret.ok());
  CHECK(secret->bytes() == "linked");
}

TEST_CASE("secret: an inline string is refused with what to write instead", "[secret]") {
  std::string message = Refusal(Value("hunter2"));
  CHECK(message.find("event.json: /token/code/secret: a secret cannot be written into the config") == 0);
  CHECK(message.find("{\"env\": \"NAME\"}") != std::string::npos);
  CHECK(message.find("{\"file\": \"PATH\"}") != std::string::npos);
  CHECK(message.find("{\"credential\": \"NAME\"}") != std::string::npos);
  CHECK(message.find("hunter2") == std::string::npos);
}

TEST_CASE("secret: specs of the wrong shape are refused", "[secret]") {
  CHECK(Refusal(Value(42)).find(
            "expected a secret such as {\"env\": \"NAME\"}, {\"file\": \"PATH\"} or {\"credential\": \"NAME\"}, "
            "got an integer") !=
        std::string::npos);
  CHECK(Refusal(Value::object()).find("empty secret") != std::string::npos);
  CHECK(Refusal(Value::object({{"env", "A"}, {"file", "b"}})).find("one of \"env\", \"file\" or \"credential\"") !=
        std::string::npos);
  CHECK(Refusal(Value::object({{"path", "x"}})) ==
        "event.json: /token/code/secret: unknown key \"path\" (known: env, file, credential)");
  CHECK(Refusal(Value::object({{"file", Value::array()}})).find("/file: expected a file path, got an array") !=
        std::string::npos);
  CHECK(Refusal(Value::object({{"file", std::string("a\0b", 3)}})).find("NUL") != std::string::npos);
}

Value CredentialSpec(const std::string& name) { return Value::object({{"credential", name}}); }

// systemd's credential files are 0400 and owned by the unit's user.
TEST_CASE("secret: a systemd credential is read from $CREDENTIALS_DIRECTORY", "[secret]") {
  TempDir dir;
  dir.Write("oncall-hook", "k3y\n", 0400);
  auto env = FakeEnv({{"CREDENTIALS_DIRECTORY", dir.path()}});
  Result<Secret> secret = ResolveSecret(CredentialSpec("oncall-hook"), kWhere, "/config-folder-not-used", env);
  INFO(secret.status().message());
  REQUIRE(secret.ok());
  CHECK(secret->bytes() == "k3y");
  CHECK(secret->Redacted() == "<secret from credential oncall-hook>");
}

TEST_CASE("secret: a credential outside a unit, or not given to it, is refused with the fix", "[secret]") {
  CHECK(Refusal(CredentialSpec("oncall-hook")) ==
        "event.json: /token/code/secret: credential oncall-hook: $CREDENTIALS_DIRECTORY is not set; systemd sets it "
        "for a unit with LoadCredential=oncall-hook:PATH");
  TempDir dir;
  auto env = FakeEnv({{"CREDENTIALS_DIRECTORY", dir.path()}});
  CHECK(Refusal(CredentialSpec("shop-key"), "", env) ==
        "event.json: /token/code/secret: credential shop-key: the unit has no such credential (looked for " +
            dir.path() + "/shop-key); add LoadCredential=shop-key:PATH to it");
  CHECK(Refusal(CredentialSpec("shop-key"), "", FakeEnv({{"CREDENTIALS_DIRECTORY", ""}}))
            .find("$CREDENTIALS_DIRECTORY is not set") != std::string::npos);
}

TEST_CASE("secret: a credential name cannot leave the credentials folder", "[secret]") {
  TempDir dir;
  dir.Write("creds/x", "inside", 0400);
  dir.Write("outside.key", "outside", 0600);
  auto env = FakeEnv({{"CREDENTIALS_DIRECTORY", dir.path() + "/creds"}});
  for (const char* name : {"../outside.key", "/etc/passwd", "a/b", ".", ".."}) {
    INFO(name);
    CHECK(Refusal(CredentialSpec(name), "", env).find("not a valid credential name") != std::string::npos);
  }
  CHECK(Refusal(CredentialSpec(""), "", env) ==
        "event.json: /token/code/secret/credential: expected the name of a systemd credential, got an empty string");
}

TEST_CASE("secret: a credential file is checked as a secret file", "[secret]") {
  TempDir dir;
  dir.Write("loose", "k", 0644);
  dir.Write("empty", "", 0400);
  auto env = FakeEnv({{"CREDENTIALS_DIRECTORY", dir.path()}});
  CHECK(Refusal(CredentialSpec("loose"), "", env).find("credential loose: secret file can be read or written by group") !=
        std::string::npos);
  CHECK(Refusal(CredentialSpec("empty"), "", env).find("secret file is empty") != std::string::npos);
}

TEST_CASE("secret: copies and moves keep the bytes, moved-from is wiped", "[secret]") {
  Secret original("token-value", "env T");
  Secret copy = original;
  CHECK(copy.bytes() == "token-value");
  Secret moved = std::move(original);
  CHECK(moved.bytes() == "token-value");
  CHECK(original.bytes().empty());  // NOLINT(bugprone-use-after-move): checking the wipe
  Secret assigned("x", "env X");
  assigned = moved;
  CHECK(assigned.bytes() == "token-value");
  CHECK(assigned.Redacted() == "<secret from env T>");
}

}  // namespace
}  // namespace evt
