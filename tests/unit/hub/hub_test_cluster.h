// The private PostgreSQL cluster the ctest fixture started
// (tests/cli/hub/pg_cluster.bash), found through EVT_TEST_HUB_ENV, and a
// fresh database on it for each test, so tests running side by side
// never see each other's rows or schema.
#pragma once

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "common/hub/hub_schema.h"
#include "common/hub/pg_connection.h"

namespace evt::hub::testing {

struct TestCluster {
  std::map<std::string, std::string> vars;  // PG_PORT, PG_SOCK, PG_SUPERUSER, PG_PASSFILE ...

  static const TestCluster& Get() {
    static const TestCluster cluster = [] {
      TestCluster out;
      const char* file = std::getenv("EVT_TEST_HUB_ENV");
      INFO("EVT_TEST_HUB_ENV names the file `pg_cluster.bash start FILE` wrote (ctest's fixture sets it)");
      REQUIRE(file != nullptr);
      std::ifstream in(file);
      REQUIRE(in.good());
      std::string line;
      while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos) out.vars[line.substr(0, eq)] = line.substr(eq + 1);
      }
      REQUIRE(out.vars.count("PG_PORT") == 1);
      // Site roles' passwords, as a box's .pgpass would hold them.
      setenv("PGPASSFILE", out.vars["PG_PASSFILE"].c_str(), 1);
      return out;
    }();
    return cluster;
  }
  const std::string& var(const std::string& name) const { return vars.at(name); }
};

inline std::string RandomSuffix() {
  static std::mt19937_64 rng(std::random_device{}());
  return std::to_string(rng() % 1000000000);
}

// A database of its own for one test, migrated; the owner's conninfo.
class TestHub {
 public:
  TestHub() : db_("evt_t" + RandomSuffix()) {
    const TestCluster& cluster = TestCluster::Get();
    PgConnection admin = Connect("postgres");
    REQUIRE(admin.Run("CREATE DATABASE " + db_).ok());
    (void)cluster;
    PgConnection owner = Connect(db_);
    Result<MigrateOutcome> migrated = MigrateHub(owner, "test");
    INFO(migrated.status().ToString());
    REQUIRE(migrated.ok());
  }
  ~TestHub() {
    Result<PgConnection> admin = PgConnection::Open(OwnerConninfo("postgres"), "test");
    if (admin.ok()) (void)admin->Run("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
  }

  static std::string OwnerConninfo(const std::string& db) {
    const TestCluster& c = TestCluster::Get();
    return "host=" + c.var("PG_SOCK") + " port=" + c.var("PG_PORT") + " user=" + c.var("PG_SUPERUSER") +
           " dbname=" + db;
  }
  std::string OwnerConninfo() const { return OwnerConninfo(db_); }
  // A site role over TCP; its password from PGPASSFILE.
  std::string RoleConninfo(const std::string& role) const {
    return "host=127.0.0.1 port=" + TestCluster::Get().var("PG_PORT") + " user=" + role + " dbname=" + db_;
  }
  static PgConnection Connect(const std::string& db) {
    Result<PgConnection> conn = PgConnection::Open(OwnerConninfo(db), "test");
    INFO(conn.status().ToString());
    REQUIRE(conn.ok());
    return std::move(*conn);
  }
  PgConnection Owner() const { return Connect(db_); }

  // A login role granted `site`, its password in PGPASSFILE (any database
  // of this cluster, as the fixture's file is shared).
  std::string SiteRole(const std::string& site) {
    std::string role = "site_" + RandomSuffix();
    std::string password = "pw-" + RandomSuffix();
    PgConnection owner = Owner();
    REQUIRE(owner.Run("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'").ok());
    std::ofstream(TestCluster::Get().var("PG_PASSFILE"), std::ios::app)
        << "*:" << TestCluster::Get().var("PG_PORT") << ":*:" << role << ":" << password << "\n";
    Status granted = GrantSite(owner, site, role, "test");
    INFO(granted.ToString());
    REQUIRE(granted.ok());
    return role;
  }
  const std::string& db() const { return db_; }

 private:
  std::string db_;
};

}  // namespace evt::hub::testing
