// `evt-token config check` loads the token.jwks file as verify does.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tools/token/token_config.h"

using namespace evt;

namespace {

constexpr const char* kPublicJwks =
    R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"LNkrZGQlF_qok-4sLqZm0_IUMDFdPNoJCzZA5wkQDpE",)"
    R"("kid":"VqPnGUaJ4Kdg9ZoLoU2TmUXltbtcYYwlZCTm3k2rucQ","use":"sig"}]})";

struct SiteDir {
  SiteDir() {
    char pattern[] = "/tmp/evt-token-config-check-XXXXXX";
    dir = mkdtemp(pattern);
  }
  ~SiteDir() { std::filesystem::remove_all(dir); }
  void Write(const std::string& name, const std::string& text) const { std::ofstream(dir + "/" + name) << text; }
  Status Check(const std::string& token) const {
    Write("event.json", R"({"site": {"name": "t"}, "token": )" + token + "}");
    Result<Config> config = LoadConfig(dir + "/event.json");
    REQUIRE(config.ok());
    return token::CheckTokenSection(*config);
  }
  std::string dir;
};

}  // namespace

TEST_CASE("token config check: a public jwks file loads") {
  SiteDir site;
  site.Write("jwks.json", kPublicJwks);
  CHECK(site.Check(R"({"jwks": "jwks.json"})").ok());
  CHECK(site.Check("{}").ok());
}

TEST_CASE("token config check: a missing, private or empty jwks is bad config, named by /token/jwks") {
  SiteDir site;
  std::string where = site.dir + "/event.json: /token/jwks: ";
  Status missing = site.Check(R"({"jwks": "gates/jwks.json"})");
  CHECK(missing.code() == ExitCode::kConfig);
  CHECK(missing.message().starts_with(where + site.dir + "/gates/jwks.json"));

  std::string with_d = kPublicJwks;
  with_d.insert(with_d.find(R"("use")"), R"("d":"LNkrZGQlF_qok-4sLqZm0_IUMDFdPNoJCzZA5wkQDpE",)");
  site.Write("private.json", with_d);
  Status private_key = site.Check(R"({"jwks": "private.json"})");
  CHECK(private_key.code() == ExitCode::kConfig);
  CHECK(private_key.message().starts_with(where + site.dir + "/private.json: "));

  site.Write("empty.json", R"({"keys": []})");
  Status empty = site.Check(R"({"jwks": "empty.json"})");
  CHECK(empty.code() == ExitCode::kConfig);
  CHECK(empty.message() == where + site.dir + "/empty.json: no key evt can verify with");
}
