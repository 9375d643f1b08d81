// The key ring: evt-token's keys in its state database (<state_dir>/
// token.db, owner-only), behind the few operations the commands need. Its
// SQL lives in key_ring.cc (the gate's scan set's in scan_store.cc), so a
// site with many gates can move the same operations to another database.
//
// Life of a key: `published` (verifies; a new key waits here until it is
// rotated in, so verifiers hold it before the first token it signs) ->
// `active` (signs; at most one per key type) -> `grace` (rotated out:
// verifies until verify_until, then nothing) -> `retired` (never used
// again; kept so the history stays visible). Keys imported without their
// private half stay `published` until retired.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/store.h"
#include "common/time_format.h"
#include "tools/token/key.h"
#include "tools/token/key_set.h"

namespace evt::token {

enum class KeyState { kPublished, kActive, kGrace, kRetired };

std::string_view KeyStateName(KeyState state);

struct RingEntry {
  Key key;
  KeyState state = KeyState::kPublished;
  TimePoint created_at;
  std::optional<TimePoint> activated_at;
  std::optional<TimePoint> verify_until;  // kGrace only
  std::optional<TimePoint> retired_at;
  // The latest "exp" (NumericDate seconds) of a token this key signed, noted
  // before the token is handed out; rotation keeps the key until then.
  std::optional<std::int64_t> last_exp;

  // Whether a verifier may use this key at `now`.
  bool Verifies(TimePoint now) const;
};

class KeyRing {
 public:
  // Opens <state_dir>/token.db, creating the directory (0700) and the file
  // (0600) if needed.
  static Result<KeyRing> Open(const std::string& state_dir);
  // For the commands that only read the ring (status): see Store::OpenReadOnly.
  static Result<KeyRing> OpenReadOnly(const std::string& state_dir);
  // A private in-memory ring, for tests.
  static Result<KeyRing> OpenMemory();

  // Adds `key` in `state` (kPublished or kActive). DataErr when its kid is
  // taken; Usage for kActive when another key of its type is active.
  Status Add(const Key& key, KeyState state, TimePoint now);

  // Every key, oldest first.
  Result<std::vector<RingEntry>> List();
  Result<std::optional<RingEntry>> Find(std::string_view kid);
  // The active key of `kind`, if any.
  Result<std::optional<RingEntry>> Active(KeyKind kind);
  // The keys a verifier may use at `now`: active, published, and those in
  // grace whose verify_until is still ahead.
  Result<KeySet> VerificationKeys(TimePoint now);

  // In one transaction: the active key of kid's type (if any, and if not
  // kid itself) goes to grace until `previous_until`, and `kid`, which
  // must be published and able to sign, becomes active.
  Status Activate(std::string_view kid, TimePoint previous_until, TimePoint now);
  // `key` added and activated as Activate does, in the same transaction.
  Status AddActive(const Key& key, TimePoint previous_until, TimePoint now);

  // Marks `kid` retired; DataErr when the ring has no such key.
  Status Retire(std::string_view kid, TimePoint now);

  // Raises the key's last_exp to `exp` if it is higher.
  Status NoteSigned(std::string_view kid, std::int64_t exp);

 private:
  explicit KeyRing(Store store) : store_(std::move(store)) {}
  Status Insert(const Key& key, KeyState state, TimePoint now);
  Status ActivateInTransaction(std::string_view kid, TimePoint previous_until, TimePoint now);
  Result<std::vector<RingEntry>> Query(std::string_view where, std::string_view param);

  Store store_;
};

}  // namespace evt::token
