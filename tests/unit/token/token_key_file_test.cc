// Key files by their form: PEM, one JWK, a JWK set; and owner-only exports.
#include "tools/token/key_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "common/json_writer.h"
#include "tools/token/jwk.h"
#include "tools/token/pem.h"

using evt::token::Ed25519Key;
using evt::token::Key;
using evt::token::ParseKeyFile;

namespace {

Key NewEd() {
  auto ed = Ed25519Key::Generate();
  REQUIRE(ed.ok());
  return Key(std::move(*ed));
}

}  // namespace

TEST_CASE("token key file: PEM, JWK and JWK set are told apart") {
  Key key = NewEd();
  auto pem = evt::token::PrivateKeyToPem(*key.ed25519());
  REQUIRE(pem.ok());
  auto from_pem = ParseKeyFile("\n" + std::string(pem->view()), "k.pem", "shop-1");
  REQUIRE(from_pem.ok());
  REQUIRE(from_pem->size() == 1);
  CHECK(from_pem->front().kid() == "shop-1");
  CHECK(from_pem->front().thumbprint() == key.thumbprint());
  CHECK(from_pem->front().can_sign());

  auto jwk = evt::token::PublicJwk(key);
  REQUIRE(jwk.ok());
  auto jwk_text = evt::ToJson(*jwk);
  REQUIRE(jwk_text.ok());
  auto from_jwk = ParseKeyFile(*jwk_text, "k.jwk", "");
  REQUIRE(from_jwk.ok());
  CHECK(from_jwk->front().kid() == key.kid());
  CHECK_FALSE(from_jwk->front().can_sign());

  std::string set = "{\"keys\":[" + *jwk_text + "]}";
  auto from_set = ParseKeyFile(set, "k.jwks", "");
  REQUIRE(from_set.ok());
  CHECK(from_set->size() == 1);
  CHECK(ParseKeyFile(set, "k.jwks", "named").status().code() == evt::ExitCode::kUsage);
}

TEST_CASE("token key file: what is not a usable key is refused by name") {
  auto rsa = ParseKeyFile(R"({"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]})", "k.jwks", "");
  REQUIRE_FALSE(rsa.ok());
  CHECK(rsa.status().message().find("k.jwks") == 0);
  CHECK(ParseKeyFile("[1]", "x", "").status().code() == evt::ExitCode::kDataErr);
  CHECK(ParseKeyFile("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "c.pem", "").status().code() ==
        evt::ExitCode::kDataErr);
}

TEST_CASE("token key file: exports are created 0600 and never replace a file") {
  auto dir = std::filesystem::temp_directory_path() / ("evt-key-file-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "out.jwk").string();
  REQUIRE(evt::token::WriteNewPrivateFile(path, "secret").ok());
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(evt::token::WriteNewPrivateFile(path, "other").code() == evt::ExitCode::kIoErr);
  std::filesystem::remove_all(dir);
}
