#include "tools/token/key_ring.h"

#include <chrono>
#include <utility>

#include "common/quoted.h"
#include "tools/token/token_schema.h"

namespace evt::token {
namespace {

constexpr std::string_view kColumns =
    "SELECT kid, kty, public, secret, state, created_ms, activated_ms, verify_until_ms, retired_ms, last_exp "
    "FROM keys ";

std::string_view KtyOf(KeyKind kind) { return kind == KeyKind::kEd25519 ? "OKP" : "oct"; }

std::int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMillis(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

std::optional<TimePoint> OptionalTime(const Statement& row, int col) {
  if (row.ColumnIsNull(col)) return std::nullopt;
  return FromMillis(row.ColumnInt64(col));
}

Result<KeyState> ParseState(const std::string& name) {
  if (name == "published") return KeyState::kPublished;
  if (name == "active") return KeyState::kActive;
  if (name == "grace") return KeyState::kGrace;
  if (name == "retired") return KeyState::kRetired;
  return Status::DataErr("key ring: unknown key state " + QuotedForMessage(name));
}

Result<Key> KeyFromRow(const Statement& row) {
  std::string kid = row.ColumnText(0);
  std::string kty = row.ColumnText(1);
  SecretBytes secret(row.ColumnBlob(3));
  if (kty == "oct") {
    Result<HmacKey> hmac = HmacKey::FromSecret(secret.view());
    if (!hmac.ok()) return hmac.status().Prefixed("key ring: key " + QuotedForMessage(kid));
    return Key(std::move(*hmac), kid);
  }
  Result<Ed25519Key> ed = row.ColumnIsNull(3) ? Ed25519Key::FromPublic(row.ColumnBlob(2))
                                              : Ed25519Key::FromSeed(secret.view());
  if (!ed.ok()) return ed.status().Prefixed("key ring: key " + QuotedForMessage(kid));
  return Key(std::move(*ed), kid);
}

Result<RingEntry> EntryFromRow(const Statement& row) {
  Result<Key> key = KeyFromRow(row);
  if (!key.ok()) return key.status();
  Result<KeyState> state = ParseState(row.ColumnText(4));
  if (!state.ok()) return state.status();
  std::optional<std::int64_t> last_exp;
  if (!row.ColumnIsNull(9)) last_exp = row.ColumnInt64(9);
  return RingEntry{std::move(*key),       *state,
                   FromMillis(row.ColumnInt64(5)), OptionalTime(row, 6),
                   OptionalTime(row, 7),  OptionalTime(row, 8),
                   last_exp};
}

Result<std::optional<RingEntry>> First(Result<std::vector<RingEntry>> entries) {
  if (!entries.ok()) return entries.status();
  if (entries->empty()) return std::optional<RingEntry>();
  return std::optional<RingEntry>(std::move(entries->front()));
}

}  // namespace

std::string_view KeyStateName(KeyState state) {
  switch (state) {
    case KeyState::kPublished: return "published";
    case KeyState::kActive: return "active";
    case KeyState::kGrace: return "grace";
    case KeyState::kRetired: return "retired";
  }
  return "retired";
}

bool RingEntry::Verifies(TimePoint now) const {
  switch (state) {
    case KeyState::kPublished:
    case KeyState::kActive: return true;
    case KeyState::kGrace: return verify_until && now < *verify_until;
    case KeyState::kRetired: return false;
  }
  return false;
}

Result<KeyRing> KeyRing::Open(const std::string& state_dir) {
  Result<Store> store = Store::Open(state_dir, "token", TokenMigrations());
  if (!store.ok()) return store.status();
  return KeyRing(std::move(*store));
}

Result<KeyRing> KeyRing::OpenReadOnly(const std::string& state_dir) {
  Result<Store> store = Store::OpenReadOnly(state_dir, "token", TokenMigrations());
  if (!store.ok()) return store.status();
  return KeyRing(std::move(*store));
}

Result<KeyRing> KeyRing::OpenMemory() {
  Result<Store> store = Store::OpenMemory("token", TokenMigrations());
  if (!store.ok()) return store.status();
  return KeyRing(std::move(*store));
}

Status KeyRing::Insert(const Key& key, KeyState state, TimePoint now) {
  Result<std::optional<RingEntry>> existing = Find(key.kid());
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) return Status::DataErr("key " + QuotedForMessage(key.kid()) + ": the ring already holds this kid");
  std::string_view public_bytes;
  std::string_view secret_bytes;
  if (const Ed25519Key* ed = key.ed25519()) {
    public_bytes = ed->public_bytes();
  }
  Result<SecretBytes> seed = SecretBytes();
  if (key.ed25519() != nullptr && key.ed25519()->has_private()) seed = key.ed25519()->seed();
  if (!seed.ok()) return seed.status();
  secret_bytes = key.hmac() != nullptr ? key.hmac()->secret().view() : seed->view();
  Result<Statement> insert = store_.Prepare(
      "INSERT INTO keys (kid, kty, public, secret, state, created_ms, activated_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert.ok()) return insert.status();
  bool active = state == KeyState::kActive;
  EVT_RETURN_IF_ERROR(insert->BindAll(
      {key.kid(), KtyOf(key.kind()), public_bytes.empty() ? SqlValue(nullptr) : SqlValue(Blob{public_bytes}),
       secret_bytes.empty() ? SqlValue(nullptr) : SqlValue(Blob{secret_bytes}), KeyStateName(state), Millis(now),
       active ? SqlValue(Millis(now)) : SqlValue(nullptr)}));
  return insert->Run();
}

Status KeyRing::Add(const Key& key, KeyState state, TimePoint now) {
  if (state != KeyState::kPublished && state != KeyState::kActive) {
    return Status::Internal("key ring: a key is added published or active");
  }
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  if (state == KeyState::kActive) {
    Result<std::optional<RingEntry>> active = Active(key.kind());
    if (!active.ok()) return active.status();
    if (active->has_value()) {
      return Status::Usage("key ring: " + QuotedForMessage((*active)->key.kid()) + " is already the active " +
                           std::string(key.kind() == KeyKind::kEd25519 ? "Ed25519" : "HS256") + " key");
    }
  }
  EVT_RETURN_IF_ERROR(Insert(key, state, now));
  return tx->Commit();
}

Result<std::vector<RingEntry>> KeyRing::Query(std::string_view where, std::string_view param) {
  Result<Statement> query = store_.Prepare(std::string(kColumns) + std::string(where));
  if (!query.ok()) return query.status();
  if (!param.empty()) EVT_RETURN_IF_ERROR(query->Bind(1, param));
  std::vector<RingEntry> out;
  while (true) {
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Result<RingEntry> entry = EntryFromRow(*query);
    if (!entry.ok()) return entry.status();
    out.push_back(std::move(*entry));
  }
  return out;
}

Result<std::vector<RingEntry>> KeyRing::List() { return Query("ORDER BY created_ms, rowid", ""); }

Result<std::optional<RingEntry>> KeyRing::Find(std::string_view kid) {
  if (kid.empty()) return std::optional<RingEntry>();
  return First(Query("WHERE kid = ?1", kid));
}

Result<std::optional<RingEntry>> KeyRing::Active(KeyKind kind) {
  return First(Query("WHERE state = 'active' AND kty = ?1", KtyOf(kind)));
}

Result<KeySet> KeyRing::VerificationKeys(TimePoint now) {
  Result<std::vector<RingEntry>> entries = Query("WHERE state != 'retired' ORDER BY created_ms, rowid", "");
  if (!entries.ok()) return entries.status();
  KeySet set;
  for (RingEntry& e : *entries) {
    if (e.Verifies(now)) EVT_RETURN_IF_ERROR(set.Add(std::move(e.key)));
  }
  return set;
}

Status KeyRing::ActivateInTransaction(std::string_view kid, TimePoint previous_until, TimePoint now) {
  Result<std::optional<RingEntry>> found = Find(kid);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::DataErr("key " + QuotedForMessage(kid) + ": no such key in the ring");
  const RingEntry& entry = **found;
  if (entry.state == KeyState::kActive) return Status::Ok();
  if (entry.state != KeyState::kPublished) {
    return Status::Usage("key " + QuotedForMessage(kid) + ": a " + std::string(KeyStateName(entry.state)) +
                         " key cannot become active again; make a new one");
  }
  if (!entry.key.can_sign()) return Status::Usage("key " + QuotedForMessage(kid) + ": a public key cannot sign");
  Result<Statement> demote = store_.Prepare(
      "UPDATE keys SET state = 'grace', verify_until_ms = ?1 WHERE state = 'active' AND kty = ?2");
  if (!demote.ok()) return demote.status();
  EVT_RETURN_IF_ERROR(demote->BindAll({Millis(previous_until), KtyOf(entry.key.kind())}));
  EVT_RETURN_IF_ERROR(demote->Run());
  Result<Statement> promote =
      store_.Prepare("UPDATE keys SET state = 'active', activated_ms = ?1 WHERE kid = ?2");
  if (!promote.ok()) return promote.status();
  EVT_RETURN_IF_ERROR(promote->BindAll({Millis(now), kid}));
  return promote->Run();
}

Status KeyRing::Activate(std::string_view kid, TimePoint previous_until, TimePoint now) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(ActivateInTransaction(kid, previous_until, now));
  return tx->Commit();
}

Status KeyRing::AddActive(const Key& key, TimePoint previous_until, TimePoint now) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(Insert(key, KeyState::kPublished, now));
  EVT_RETURN_IF_ERROR(ActivateInTransaction(key.kid(), previous_until, now));
  return tx->Commit();
}

Status KeyRing::Retire(std::string_view kid, TimePoint now) {
  Result<Statement> retire =
      store_.Prepare("UPDATE keys SET state = 'retired', retired_ms = ?1 WHERE kid = ?2 AND state != 'retired'");
  if (!retire.ok()) return retire.status();
  EVT_RETURN_IF_ERROR(retire->BindAll({Millis(now), kid}));
  EVT_RETURN_IF_ERROR(retire->Run());
  if (store_.changes() > 0) return Status::Ok();
  Result<std::optional<RingEntry>> found = Find(kid);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::DataErr("key " + QuotedForMessage(kid) + ": no such key in the ring");
  return Status::Ok();  // already retired: retiring is idempotent
}

Status KeyRing::NoteSigned(std::string_view kid, std::int64_t exp) {
  Result<Statement> note =
      store_.Prepare("UPDATE keys SET last_exp = ?1 WHERE kid = ?2 AND (last_exp IS NULL OR last_exp < ?1)");
  if (!note.ok()) return note.status();
  EVT_RETURN_IF_ERROR(note->BindAll({exp, kid}));
  return note->Run();
}

}  // namespace evt::token
