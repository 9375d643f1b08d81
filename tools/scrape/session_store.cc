#include "tools/scrape/session_store.h"

#include <chrono>

namespace evt::scrape {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "CREATE TABLE session_cookie (source TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
       " PRIMARY KEY (source, name));"
       "CREATE TABLE session_token (source TEXT PRIMARY KEY, token TEXT NOT NULL);"
       "CREATE TABLE cursor (source TEXT PRIMARY KEY, cursor TEXT NOT NULL, saved_ms INTEGER NOT NULL);"},
  };
  return kMigrations;
}

Status DeleteSession(Store& store, const std::string& source) {
  for (std::string_view sql : {"DELETE FROM session_cookie WHERE source = ?1", "DELETE FROM session_token WHERE source = ?1"}) {
    Result<Statement> del = store.Prepare(sql);
    if (!del.ok()) return del.status();
    EVT_RETURN_IF_ERROR(del->BindAll({source}));
    EVT_RETURN_IF_ERROR(del->Run());
  }
  return Status::Ok();
}

}  // namespace

Result<SessionStore> SessionStore::Open(const std::string& state_dir) {
  Result<Store> store = Store::Open(state_dir, "scrape", Migrations());
  if (!store.ok()) return store.status();
  return SessionStore(std::move(*store));
}

Result<SessionStore> SessionStore::OpenMemory() {
  Result<Store> store = Store::OpenMemory("scrape", Migrations());
  if (!store.ok()) return store.status();
  return SessionStore(std::move(*store));
}

Result<Session> SessionStore::LoadSession(const std::string& source) {
  Session session;
  Result<Statement> cookies = store_.Prepare("SELECT name, value FROM session_cookie WHERE source = ?1 ORDER BY name");
  if (!cookies.ok()) return cookies.status();
  EVT_RETURN_IF_ERROR(cookies->BindAll({source}));
  while (true) {
    Result<bool> row = cookies->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    session.cookies.emplace_back(cookies->ColumnText(0), cookies->ColumnText(1));
  }
  Result<Statement> token = store_.Prepare("SELECT token FROM session_token WHERE source = ?1");
  if (!token.ok()) return token.status();
  EVT_RETURN_IF_ERROR(token->BindAll({source}));
  Result<bool> row = token->Step();
  if (!row.ok()) return row.status();
  if (*row) session.token = token->ColumnText(0);
  return session;
}

Status SessionStore::SaveSession(const std::string& source, const Session& session) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(DeleteSession(store_, source));
  Result<Statement> cookie = store_.Prepare("INSERT OR REPLACE INTO session_cookie (source, name, value) VALUES (?1, ?2, ?3)");
  if (!cookie.ok()) return cookie.status();
  for (const auto& [name, value] : session.cookies) {
    EVT_RETURN_IF_ERROR(cookie->BindAll({source, name, value}));
    EVT_RETURN_IF_ERROR(cookie->Run());
  }
  if (!session.token.empty()) {
    Result<Statement> token = store_.Prepare("INSERT INTO session_token (source, token) VALUES (?1, ?2)");
    if (!token.ok()) return token.status();
    EVT_RETURN_IF_ERROR(token->BindAll({source, session.token}));
    EVT_RETURN_IF_ERROR(token->Run());
  }
  return tx->Commit();
}

Status SessionStore::ForgetSession(const std::string& source) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(DeleteSession(store_, source));
  return tx->Commit();
}

Result<std::optional<std::string>> SessionStore::LoadCursor(const std::string& source) {
  Result<Statement> select = store_.Prepare("SELECT cursor FROM cursor WHERE source = ?1");
  if (!select.ok()) return select.status();
  EVT_RETURN_IF_ERROR(select->BindAll({source}));
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(select->ColumnText(0));
}

Status SessionStore::SaveCursor(const std::string& source, const std::string& cursor, TimePoint saved_at) {
  Result<Statement> upsert = store_.Prepare(
      "INSERT INTO cursor (source, cursor, saved_ms) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, saved_ms = excluded.saved_ms");
  if (!upsert.ok()) return upsert.status();
  EVT_RETURN_IF_ERROR(upsert->BindAll({source, cursor, saved_at.time_since_epoch().count()}));
  return upsert->Run();
}

}  // namespace evt::scrape
