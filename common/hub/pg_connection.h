// One connection to the PostgreSQL hub: our own small RAII wrapper over
// libpq's PGconn (doc/design.md §18). Every failure carries libpq's or the
// server's own words, and the exit code the hub's users expect: 69 when
// the hub cannot be reached or went away, 78 when it refuses us (password,
// role, database, privileges).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/duration.h"
#include "common/hub/pg_result.h"
#include "common/status.h"

struct pg_conn;  // libpq's PGconn

namespace evt::hub {

struct PgNotification {
  std::string channel;
  std::string payload;
};

// How long a connect may take when the conninfo (or PGCONNECT_TIMEOUT)
// does not say: an unreachable hub must fail in seconds, not minutes.
inline constexpr int kDefaultConnectTimeoutSeconds = 5;
// How long sent data may stay unacknowledged before the connection counts
// as lost (tcp_user_timeout), unless the conninfo says: a hub whose
// packets are dropped is offline after this, not after TCP's 15 minutes.
inline constexpr int kDefaultTcpUserTimeoutMs = 10000;
// A watching box reconnects with a shorter connect timeout (libpq's
// least), so after an outage a fresh SYN goes out every second or two and
// the box is heard again promptly (doc/design.md §18).
inline constexpr int kWatchConnectTimeoutSeconds = 2;

class PgConnection {
 public:
  // PQconnectdb on `conninfo` (a service name reaches pg_service.conf,
  // the password comes from .pgpass/PGPASSFILE, sslmode and the rest by
  // libpq's conventions), with the timeouts above added where the
  // conninfo has none. Unavailable when the hub cannot be reached,
  // Config when it refuses the login; `where` opens the message
  // ("event.json: /site/hub").
  static Result<PgConnection> Open(const std::string& conninfo, std::string_view where,
                                   int default_connect_timeout_s = kDefaultConnectTimeoutSeconds);

  // For a session that stays open (--watch) on a TCP socket: keepalives
  // after 2 s idle, 1 s apart, 2 unanswered ending it, and sent data
  // unacknowledged for 4 s ending it. A watcher mostly waits for NOTIFY and
  // sends nothing, so without keepalives a hub cut off by a dropped route is
  // only noticed when TCP gives up, and a watcher stuck on a dead socket
  // pushes nothing when the route comes back. A Unix socket is left as it is.
  void WatchForLoss();

  PgConnection(PgConnection&& other) noexcept;
  PgConnection& operator=(PgConnection&& other) noexcept;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  // One statement with text parameters ($1, $2, ...). A lost connection is
  // Unavailable, a refusal of privileges Config, a serialization failure
  // or deadlock TempFail, anything else Internal (a query of ours the hub
  // cannot run), each with the server's message and SQLSTATE.
  Result<PgResult> Exec(std::string_view sql, const std::vector<std::string>& params = {});
  // Exec, the rows not wanted.
  Status Run(std::string_view sql, const std::vector<std::string>& params = {});

  // Several statements without parameters (a migration), in order; the
  // first failure stops it, with Exec's codes.
  Status RunScript(std::string_view sql);

  // LISTEN on `channel` (quoted as an identifier).
  Status Listen(std::string_view channel);
  // Waits at most `timeout` for notifications (returns at once with those
  // already received) and hands them over; empty when none came. A
  // connection that dropped meanwhile is Unavailable.
  Result<std::vector<PgNotification>> WaitForNotifications(Duration timeout);

  // Whether libpq considers the connection lost.
  bool Broken() const;
  // "user@host:port/dbname" for messages (never the password).
  std::string Describe() const;

 private:
  PgConnection(pg_conn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
  Status ResultError(const struct pg_result* result) const;
  Status ConnectionLost() const;
  Result<std::vector<PgNotification>> TakeNotifications();

  pg_conn* conn_;
  std::string where_;
};

}  // namespace evt::hub
