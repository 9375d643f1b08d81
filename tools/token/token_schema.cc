#include "tools/token/token_schema.h"

namespace evt::token {
namespace {

// 1: the key ring. Secrets are kept as raw bytes (the Ed25519 seed or the
// HMAC secret) in a file only its owner can read, in a directory only its
// owner can enter (Store::Open): the same protection an OpenSSH or GnuPG
// key file gets.
constexpr std::string_view kKeyRing = R"sql(
CREATE TABLE keys (
  kid TEXT PRIMARY KEY,
  kty TEXT NOT NULL CHECK (kty IN ('OKP', 'oct')),
  public BLOB,
  secret BLOB,
  state TEXT NOT NULL CHECK (state IN ('published', 'active', 'grace', 'retired')),
  created_ms INTEGER NOT NULL,
  activated_ms INTEGER,
  verify_until_ms INTEGER,
  retired_ms INTEGER,
  last_exp INTEGER
) STRICT;
CREATE UNIQUE INDEX keys_one_active_per_kty ON keys (kty) WHERE state = 'active';
)sql";

// 2: the gate's sync set: scans and revocations, both grow-only sets keyed
// by their random id, so merging is a union. `seq` is local insertion
// order, the export cursor; it means nothing at another gate. The hybrid
// logical clock of this gate is one row, advanced in the transaction that
// records a scan or merges remote ones.
constexpr std::string_view kScanSet = R"sql(
CREATE TABLE sync_set (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('scan', 'revocation')),
  jti TEXT NOT NULL,
  gate TEXT NOT NULL,
  type TEXT CHECK (type IN ('entry', 'exit')),
  hlc_wall INTEGER NOT NULL,
  hlc_logical INTEGER NOT NULL,
  code_step INTEGER,
  reason TEXT
) STRICT;
CREATE INDEX sync_set_by_jti ON sync_set (jti, kind);
CREATE TABLE hlc (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  wall INTEGER NOT NULL,
  logical INTEGER NOT NULL
) STRICT;
INSERT INTO hlc (id, wall, logical) VALUES (1, 0, 0);
)sql";

// 3: quarantine. An element stamped more than token.max_drift ahead of
// this gate's clock when it arrived (or when the clock was rebased) stays
// in the set, so its admission still counts, but never moves the clock:
// quarantined_ms is this gate's time when that was decided.
constexpr std::string_view kQuarantine = R"sql(
ALTER TABLE sync_set ADD COLUMN quarantined_ms INTEGER;
CREATE INDEX sync_set_quarantined ON sync_set (quarantined_ms) WHERE quarantined_ms IS NOT NULL;
)sql";

}  // namespace

const std::vector<Migration>& TokenMigrations() {
  static const std::vector<Migration> migrations = {{1, kKeyRing}, {2, kScanSet}, {3, kQuarantine}};
  return migrations;
}

}  // namespace evt::token
