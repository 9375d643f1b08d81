#include "common/site_names.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace evt {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "evt-site-names-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const fs::path file = fs::path(path_) / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

constexpr const char* kSite = R"({
  "site": {"name": "test"},
  "probe": {"targets": {"uplink": {"check": "http"}, "mesh": {"check": "tcp"}}},
  "scrape": {"sources": {"router": {}, "ups": {}}},
  "failover": {"paths": [{"name": "primary"}, {"name": "5g"}, {"targets": []}],
               "routes": [{"name": "reads"}, {"name": "checkout"}]},
  "outbox": {"kiosk": "kiosk-a", "queues": {"orders": {"class": "critical"}},
             "destinations": {"shop": {"type": "http"}}, "peers": {"kiosk-b": {"url": "http://b"}}},
  "price": {"kiosk": "kiosk-a"},
  "token": {"gate": "gate-a"},
  "budget": {"rates": {"edge.exec": {}}, "budgets": [{"name": "battery", "unit": "energy", "source": "ups"},
                                                      {"name": "spend", "unit": "money"}]},
  "runbook": {"dirs": ["books", "/nonexistent/evt-books"]}
})";

std::vector<std::string> Names(SiteNameKind kind, const SiteDocument& site, const std::vector<std::string>& shipped = {}) {
  std::vector<std::string> out;
  for (const SiteName& name : SiteNamesOf(kind, site, shipped)) out.push_back(name.name);
  return out;
}

EnvLookup EnvWith(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST_CASE("site names: each kind read from its section, in the config's order") {
  TempDir dir;
  const SiteDocument site = ReadSiteDocument(dir.Write("event.json", kSite), EnvWith({}));
  using K = SiteNameKind;
  CHECK(Names(K::kProbeTarget, site) == std::vector<std::string>{"uplink", "mesh"});
  CHECK(SiteNamesOf(K::kProbeTarget, site).front().description == "http");
  CHECK(Names(K::kScrapeSource, site) == std::vector<std::string>{"router", "ups"});
  CHECK(Names(K::kFailoverPath, site) == std::vector<std::string>{"primary", "5g"});
  CHECK(Names(K::kFailoverRoute, site) == std::vector<std::string>{"reads", "checkout"});
  CHECK(Names(K::kOutboxQueue, site) == std::vector<std::string>{"orders"});
  CHECK(Names(K::kOutboxDestination, site) == std::vector<std::string>{"shop"});
  CHECK(Names(K::kOutboxPeer, site) == std::vector<std::string>{"kiosk-b"});
  CHECK(Names(K::kGate, site) == std::vector<std::string>{"gate-a"});
  CHECK(Names(K::kKiosk, site) == std::vector<std::string>{"kiosk-a", "kiosk-b"});  // each once
  CHECK(Names(K::kBudgetResource, site) == std::vector<std::string>{"edge.exec"});
  CHECK(Names(K::kEnergySource, site) == std::vector<std::string>{"ups"});
  CHECK(Names(K::kNone, site).empty());
}

TEST_CASE("site names: runbooks from runbook.dirs (relative to the config) then the shipped folder, first wins") {
  TempDir dir;
  dir.Write("books/notify-oncall.lua", "-- a runbook\n");
  dir.Write("books/preflight.lua", "-- a runbook\n");
  dir.Write("books/README.md", "not a runbook\n");
  dir.Write("books/lib/helpers.lua", "-- a library, not a runbook\n");
  dir.Write("shipped/preflight.lua", "-- the shipped one, shadowed\n");
  dir.Write("shipped/rotate-keys.lua", "-- shipped\n");
  const SiteDocument site = ReadSiteDocument(dir.Write("event.json", kSite), EnvWith({}));
  std::vector<SiteName> runbooks = SiteNamesOf(SiteNameKind::kRunbook, site, {dir.path() + "/shipped"});
  std::vector<std::string> names;
  for (const SiteName& r : runbooks) names.push_back(r.name);
  CHECK(names == std::vector<std::string>{"notify-oncall", "preflight", "rotate-keys"});
  CHECK(runbooks[1].description == dir.path() + "/books");
}

TEST_CASE("site names: the config is found as the tools find it, --config before $EVT_CONFIG") {
  TempDir dir;
  const std::string a = dir.Write("a.json", R"({"token": {"gate": "gate-a"}})");
  const std::string b = dir.Write("b.json", R"({"token": {"gate": "gate-b"}})");
  CHECK(Names(SiteNameKind::kGate, ReadSiteDocument(a, EnvWith({{"EVT_CONFIG", b}}))) ==
        std::vector<std::string>{"gate-a"});
  CHECK(Names(SiteNameKind::kGate, ReadSiteDocument("", EnvWith({{"EVT_CONFIG", b}}))) ==
        std::vector<std::string>{"gate-b"});
  CHECK(Names(SiteNameKind::kGate, ReadSiteDocument("", EnvWith({{"XDG_CONFIG_HOME", dir.path()}}))).empty());
}

TEST_CASE("site names: a broken config gives no names, not an error") {
  TempDir dir;
  const std::string bad_json = dir.Write("bad.json", R"({"token": {"gate": )");
  const std::string wrong_types = dir.Write("types.json", R"({"probe": {"targets": ["uplink"]}, "token": {"gate": 7},
                                                            "failover": {"paths": {"name": "x"}}, "runbook": {"dirs": "books"}})");
  CHECK(Names(SiteNameKind::kGate, ReadSiteDocument(bad_json, EnvWith({}))).empty());
  CHECK(Names(SiteNameKind::kGate, ReadSiteDocument(dir.path() + "/missing.json", EnvWith({}))).empty());
  CHECK(Names(SiteNameKind::kGate, ReadSiteDocument(dir.path(), EnvWith({}))).empty());  // a folder
  const SiteDocument odd = ReadSiteDocument(wrong_types, EnvWith({}));
  for (SiteNameKind kind : {SiteNameKind::kProbeTarget, SiteNameKind::kGate, SiteNameKind::kFailoverPath,
                            SiteNameKind::kRunbook}) {
    CHECK(Names(kind, odd).empty());
  }
}

TEST_CASE("site names: a FIFO named as the config is not opened") {
  TempDir dir;
  const std::string fifo = dir.path() + "/fifo.json";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(Names(SiteNameKind::kGate, ReadSiteDocument(fifo, EnvWith({}))).empty());
}

}  // namespace
}  // namespace evt
