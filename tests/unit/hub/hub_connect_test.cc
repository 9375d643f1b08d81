#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include <catch2/catch.hpp>

#include "common/exit_code.h"
#include "common/hub/hub_schema.h"
#include "common/hub/hub_sync.h"
#include "tests/unit/hub/hub_test_cluster.h"

namespace evt::hub {
namespace {

using testing::TestCluster;
using testing::TestHub;

Store MemoryStore() {
  Result<Store> store = Store::OpenMemory("hubtest", {});
  REQUIRE(store.ok());
  return std::move(*store);
}

Status ConnectStatus(const std::string& conninfo, const std::string& site = "arena") {
  Store store = MemoryStore();
  Result<HubSync> sync = HubSync::Connect({conninfo, site, "event.json: /site/hub"}, store);
  return sync.status();
}

// A port that accepts connections and never says a word, as a hub behind
// a black hole does.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(fd_, 4) == 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_CASE("a hub nobody answers on is 69 within the default connect timeout, naming the place") {
  TestCluster::Get();
  SilentListener silent;
  auto start = std::chrono::steady_clock::now();
  Status status = ConnectStatus("host=127.0.0.1 port=" + std::to_string(silent.port()) + " dbname=evt user=gate");
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(status.code() == ExitCode::kUnavailable);
  CHECK(status.message().starts_with("event.json: /site/hub: hub: "));
  CHECK(status.message().find("timeout") != std::string::npos);
  CHECK(took < std::chrono::seconds(kDefaultConnectTimeoutSeconds + 2));
  CHECK(took >= std::chrono::seconds(kDefaultConnectTimeoutSeconds - 1));
}

TEST_CASE("a refused port is 69 at once") {
  TestCluster::Get();
  int port = 0;
  {
    SilentListener closed;
    port = closed.port();
  }
  Status status = ConnectStatus("host=127.0.0.1 port=" + std::to_string(port) + " dbname=evt user=gate");
  CHECK(status.code() == ExitCode::kUnavailable);
  CHECK(status.message().find("refused") != std::string::npos);
}

TEST_CASE("a wrong or missing password is 78 with the server's words") {
  TestHub hub;
  PgConnection owner = hub.Owner();
  REQUIRE(owner.Run("CREATE ROLE nopass_" + hub.db() + " LOGIN PASSWORD 'right'").ok());
  Status status = ConnectStatus(hub.RoleConninfo("nopass_" + hub.db()));
  CHECK(status.code() == ExitCode::kConfig);
  CHECK(status.message().find("no password supplied") != std::string::npos);
  setenv("PGPASSWORD", "wrong", 1);
  status = ConnectStatus(hub.RoleConninfo("nopass_" + hub.db()));
  unsetenv("PGPASSWORD");
  CHECK(status.code() == ExitCode::kConfig);
  CHECK(status.message().find("password authentication failed") != std::string::npos);
}

TEST_CASE("a hub without the schema, or with a newer one, is refused with what to do") {
  TestHub hub;
  PgConnection owner = hub.Owner();
  REQUIRE(owner.Run("CREATE DATABASE " + hub.db() + "_empty").ok());
  Status bare = ConnectStatus(TestHub::OwnerConninfo(hub.db() + "_empty"));
  REQUIRE(owner.Run("DROP DATABASE " + hub.db() + "_empty").ok());
  CHECK(bare.code() == ExitCode::kConfig);
  CHECK(bare.message().find("hub migrate") != std::string::npos);

  REQUIRE(owner.Run("UPDATE evt_hub.meta SET version = 99").ok());
  Status newer = ConnectStatus(hub.OwnerConninfo());
  CHECK(newer.code() == ExitCode::kConfig);
  CHECK(newer.message().find("version 99, newer than this evt's (1)") != std::string::npos);
  Result<MigrateOutcome> migrate = MigrateHub(owner, "event.json: /site/hub");
  REQUIRE_FALSE(migrate.ok());
  CHECK(migrate.status().code() == ExitCode::kConfig);
  Result<std::optional<HubIdentity>> still = ReadHubIdentity(owner);
  REQUIRE(still.ok());
  CHECK((*still)->version == 99);
}

TEST_CASE("migrating twice changes nothing the second time") {
  TestHub hub;
  PgConnection owner = hub.Owner();
  Result<std::optional<HubIdentity>> before = ReadHubIdentity(owner);
  Result<MigrateOutcome> again = MigrateHub(owner, "test");
  REQUIRE(again.ok());
  CHECK(again->from == kHubSchemaVersion);
  CHECK(again->to == kHubSchemaVersion);
  CHECK(again->hub_id == (*before)->hub_id);
}

TEST_CASE("a role the hub does not know as a site, or as another site, is 78 saying how to grant it") {
  TestHub hub;
  PgConnection owner = hub.Owner();
  std::string role = hub.SiteRole("north");
  Status other = ConnectStatus(hub.RoleConninfo(role), "south");
  CHECK(other.code() == ExitCode::kConfig);
  CHECK(other.message().find("belongs to site \"north\"") != std::string::npos);
  CHECK(GrantSite(owner, "south", role, "test").code() == ExitCode::kConfig);
  CHECK(GrantSite(owner, "north", role, "test").ok());  // again: nothing changes
  CHECK(GrantSite(owner, "north", "no_such_role", "test").code() == ExitCode::kConfig);
  std::string outsider = "outsider_" + hub.db();
  REQUIRE(owner.Run("CREATE ROLE " + outsider + " LOGIN PASSWORD 'pw'").ok());
  std::ofstream(TestCluster::Get().var("PG_PASSFILE"), std::ios::app)
      << "*:*:*:" << outsider << ":pw\n";
  Status ungranted = ConnectStatus(hub.RoleConninfo(outsider), "north");
  CHECK(ungranted.code() == ExitCode::kConfig);
  CHECK(ungranted.message().find("is not a site of the hub: run `evt-token hub grant SITE " + outsider) !=
        std::string::npos);
}

}  // namespace
}  // namespace evt::hub
