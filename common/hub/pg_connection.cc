#include "common/hub/pg_connection.h"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <memory>

namespace evt::hub {
namespace {

std::string Trimmed(const char* text) {
  std::string out = text ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

bool HasKeyword(const std::string& conninfo, std::string_view keyword) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(conninfo.c_str(), &error),
                                                                        &PQconninfoFree);
  PQfreemem(error);
  if (!options) return false;  // PQconnectdb reports it
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (keyword == option->keyword) return option->val != nullptr && option->val[0] != '\0';
  }
  return false;
}

bool EnvSet(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0';
}

// The timeouts go first, so the conninfo's own (expanded after them by
// PQconnectdbParams) win; a variable the user set wins as well.
struct ConnectParams {
  std::vector<std::string> keywords, values;
  void Add(std::string keyword, std::string value) {
    keywords.push_back(std::move(keyword));
    values.push_back(std::move(value));
  }
};

ConnectParams WithDefaults(const std::string& conninfo, int connect_timeout_s) {
  ConnectParams params;
  if (!HasKeyword(conninfo, "connect_timeout") && !EnvSet("PGCONNECT_TIMEOUT")) {
    params.Add("connect_timeout", std::to_string(connect_timeout_s));
  }
  if (!HasKeyword(conninfo, "tcp_user_timeout")) {
    params.Add("tcp_user_timeout", std::to_string(kDefaultTcpUserTimeoutMs));
  }
  // The server's side of the same: a session cut off in the middle of a
  // push (holding its set's lock) is ended after 3 s idle in its
  // transaction, and a backend that cannot deliver to a vanished box gives
  // up after 5 s, so no other box's push waits on it for TCP's minutes.
  if (!HasKeyword(conninfo, "options") && !EnvSet("PGOPTIONS")) {
    params.Add("options", "-c idle_in_transaction_session_timeout=3000 -c tcp_user_timeout=5000 "
                          "-c tcp_keepalives_idle=2 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=3");
  }
  params.Add("fallback_application_name", "evt");
  params.Add("dbname", conninfo);
  return params;
}

// The server refused us (who we are, what we may reach): a person has to
// change the config, the password file or the hub's roles. libpq gives no
// SQLSTATE for a failed connect, so its words decide.
bool IsRefusal(std::string_view message) {
  static constexpr std::string_view kRefusals[] = {
      "password authentication failed", "no password supplied", "authentication failed",
      "does not exist",                 "no pg_hba.conf entry", "permission denied",
      "definition of service",          "service file",         "invalid sslmode",
      "certificate",                    "invalid connection option", "invalid URI",
  };
  for (std::string_view refusal : kRefusals) {
    if (message.find(refusal) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

Result<PgConnection> PgConnection::Open(const std::string& conninfo, std::string_view where,
                                        int default_connect_timeout_s) {
  ConnectParams params = WithDefaults(conninfo, default_connect_timeout_s);
  std::vector<const char*> keywords, values;
  for (std::size_t i = 0; i < params.keywords.size(); ++i) {
    keywords.push_back(params.keywords[i].c_str());
    values.push_back(params.values[i].c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  pg_conn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr) return Status::Internal("hub: libpq could not allocate a connection");
  PgConnection connection(conn, std::string(where));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = Trimmed(PQerrorMessage(conn));
    std::string text = std::string(where) + ": hub: " + message;
    if (IsRefusal(message)) return Status::Config(text);
    return Status::Unavailable(text + " (the box keeps working offline)");
  }
  return connection;
}

PgConnection::PgConnection(PgConnection&& other) noexcept : conn_(other.conn_), where_(std::move(other.where_)) {
  other.conn_ = nullptr;
}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
  if (this != &other) {
    PQfinish(conn_);
    conn_ = other.conn_;
    where_ = std::move(other.where_);
    other.conn_ = nullptr;
  }
  return *this;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

void PgConnection::WatchForLoss() {
  if (conn_ == nullptr) return;
  const int fd = PQsocket(conn_);
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (fd < 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
  if (address.ss_family != AF_INET && address.ss_family != AF_INET6) return;
  const int on = 1, idle_s = 2, interval_s = 1, count = 2;
  const unsigned int user_timeout_ms = 4000;
  // Best effort: a socket that refuses an option keeps the defaults it had.
  (void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
  (void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle_s, sizeof idle_s);
  (void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval_s, sizeof interval_s);
  (void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
  (void)setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof user_timeout_ms);
}

bool PgConnection::Broken() const { return conn_ == nullptr || PQstatus(conn_) == CONNECTION_BAD; }

std::string PgConnection::Describe() const {
  if (conn_ == nullptr) return "(closed)";
  std::string host = PQhost(conn_) ? PQhost(conn_) : "";
  return std::string(PQuser(conn_)) + "@" + host + ":" + PQport(conn_) + "/" + PQdb(conn_);
}

Status PgConnection::ConnectionLost() const {
  return Status::Unavailable(where_ + ": hub: connection lost: " + Trimmed(PQerrorMessage(conn_)) +
                             " (the box keeps working offline)");
}

Status PgConnection::ResultError(const pg_result* result) const {
  if (Broken()) return ConnectionLost();
  std::string sqlstate = Trimmed(PQresultErrorField(result, PG_DIAG_SQLSTATE));
  std::string message = where_ + ": hub: " + Trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) +
                        " (SQLSTATE " + sqlstate + ")";
  if (const char* hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT)) message += "; " + Trimmed(hint);
  // 08: connection exceptions; 57P: the server is shutting down or crashed.
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) return Status::Unavailable(message);
  if (sqlstate == "42501" || sqlstate.starts_with("28")) return Status::Config(message);
  if (sqlstate == "40001" || sqlstate == "40P01") return Status::TempFail(message);
  return Status::Internal(message);
}

Result<PgResult> PgConnection::Exec(std::string_view sql, const std::vector<std::string>& params) {
  if (conn_ == nullptr) return Status::Internal("hub: use of a closed connection");
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& param : params) values.push_back(param.c_str());
  std::string query(sql);
  pg_result* raw = PQexecParams(conn_, query.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                nullptr, nullptr, /*resultFormat=text*/ 0);
  PgResult result(raw);
  if (raw == nullptr) return ConnectionLost();
  ExecStatusType status = PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return ResultError(raw);
  return result;
}

Status PgConnection::Run(std::string_view sql, const std::vector<std::string>& params) {
  Result<PgResult> result = Exec(sql, params);
  return result.ok() ? Status::Ok() : result.status();
}

Status PgConnection::RunScript(std::string_view sql) {
  if (conn_ == nullptr) return Status::Internal("hub: use of a closed connection");
  std::string script(sql);
  pg_result* raw = PQexec(conn_, script.c_str());
  PgResult result(raw);
  if (raw == nullptr) return ConnectionLost();
  ExecStatusType status = PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return ResultError(raw);
  return Status::Ok();
}

Status PgConnection::Listen(std::string_view channel) {
  std::unique_ptr<char, decltype(&PQfreemem)> quoted(PQescapeIdentifier(conn_, channel.data(), channel.size()),
                                                     &PQfreemem);
  if (!quoted) return ConnectionLost();
  return Run(std::string("LISTEN ") + quoted.get());
}

Result<std::vector<PgNotification>> PgConnection::TakeNotifications() {
  std::vector<PgNotification> out;
  while (PGnotify* notify = PQnotifies(conn_)) {
    out.push_back({notify->relname, notify->extra ? notify->extra : ""});
    PQfreemem(notify);
  }
  return out;
}

Result<std::vector<PgNotification>> PgConnection::WaitForNotifications(Duration timeout) {
  if (conn_ == nullptr) return Status::Internal("hub: use of a closed connection");
  if (PQconsumeInput(conn_) == 0 || Broken()) return ConnectionLost();
  Result<std::vector<PgNotification>> ready = TakeNotifications();
  if (!ready.ok() || !ready->empty()) return ready;
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (fd.fd < 0) return ConnectionLost();
  int polled = poll(&fd, 1, static_cast<int>(timeout.count()));
  if (polled < 0) return std::vector<PgNotification>();  // EINTR: the caller checks its stop and waits again
  if (polled == 0) return std::vector<PgNotification>();
  if (PQconsumeInput(conn_) == 0 || Broken()) return ConnectionLost();
  return TakeNotifications();
}

}  // namespace evt::hub
