// `evt-price config check` loads the catalog and promotions the config names.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tools/price/price_config.h"

using namespace evt;

namespace {

// A site folder with the shipped catalog and promotions beside event.json.
struct SiteDir {
  SiteDir() {
    char pattern[] = "/tmp/evt-price-config-check-XXXXXX";
    dir = mkdtemp(pattern);
    std::string ex = std::string(EVT_SOURCE_DIR) + "/examples/price/";
    std::filesystem::copy_file(ex + "catalog.json", dir + "/catalog.json");
    std::filesystem::copy_file(ex + "promotions.json", dir + "/promotions.json");
  }
  ~SiteDir() { std::filesystem::remove_all(dir); }
  void Write(const std::string& name, const std::string& text) const { std::ofstream(dir + "/" + name) << text; }
  Status Check(const std::string& price) const {
    Write("event.json", R"({"site": {"name": "t"}, "price": )" + price + "}");
    Result<Config> config = LoadConfig(dir + "/event.json");
    REQUIRE(config.ok());
    return price::CheckPriceSection(*config);
  }
  std::string dir;
};

}  // namespace

TEST_CASE("price config check: the catalog and promotions named load") {
  SiteDir site;
  CHECK(site.Check(R"({"catalog": "catalog.json", "promotions": "promotions.json"})").ok());
  CHECK(site.Check("{}").ok());
}

TEST_CASE("price config check: a broken promotions file is bad config, named by /price/promotions") {
  SiteDir site;
  site.Write("bad.json", R"({"promotions": [{"id": "p", "kind": "percent_of", "percent": 5}]})");
  Status s = site.Check(R"({"catalog": "catalog.json", "promotions": "bad.json"})");
  CHECK(s.code() == ExitCode::kConfig);
  CHECK(s.message().starts_with(site.dir + "/event.json: /price/promotions: " + site.dir + "/bad.json: /promotions/0/kind: "));
}

TEST_CASE("price config check: a missing catalog is bad config, named by /price/catalog") {
  SiteDir site;
  Status s = site.Check(R"({"catalog": "nosuch.json"})");
  CHECK(s.code() == ExitCode::kConfig);
  CHECK(s.message().starts_with(site.dir + "/event.json: /price/catalog: "));
  CHECK(s.message().find("nosuch.json") != std::string::npos);
}
