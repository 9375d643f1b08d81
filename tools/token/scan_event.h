// The elements of a gate's sync set, as stored and as exchanged between
// gates (`scans export` / `scans merge`):
//   {"kind":"scan.event","v":1,"ts":...,"id":"9f3c...","jti":"...",
//    "gate":"gate-a","type":"entry","hlc_wall":1764925200123,
//    "hlc_logical":0,"at":"2025-12-05T09:00:00.123Z","seq":7}
//   {"kind":"revocation","v":1,"ts":...,"id":"...","jti":"...",
//    "gate":"box-office","reason":"refunded","hlc_wall":...,"hlc_logical":0,
//    "at":...,"seq":8}
// Both sets are grow-only and keyed by "id": what an element says never
// changes, so a merge only ever adds ids it has not seen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"
#include "tools/token/hlc.h"

namespace evt::token {

enum class ScanType { kEntry, kExit };

std::string_view ScanTypeName(ScanType type);

struct ScanEvent {
  std::string id;   // random, 16 hex digits when made here
  std::string jti;
  std::string gate;
  ScanType type = ScanType::kEntry;
  Hlc hlc;
  std::optional<std::int64_t> code_step;  // the TOTP step of the code shown, if any

  friend bool operator==(const ScanEvent&, const ScanEvent&) = default;
};

struct Revocation {
  std::string id;
  std::string jti;
  std::string gate;  // where it was revoked
  std::string reason;  // may be empty
  Hlc hlc;

  friend bool operator==(const Revocation&, const Revocation&) = default;
};

// The order every gate uses: HLC, then gate id, then element id.
bool ScanOrder(const ScanEvent& a, const ScanEvent& b);

// Limits on what a merge accepts (and what a gate id may be).
inline constexpr std::size_t kMaxIdBytes = 64;
inline constexpr std::size_t kMaxJtiBytes = 256;
inline constexpr std::size_t kMaxGateBytes = 128;
inline constexpr std::size_t kMaxReasonBytes = 1024;

// A random element id: 16 lowercase hex digits.
Result<std::string> NewElementId();

// Usage error unless `gate` is a usable gate id (1..128 bytes of UTF-8, no
// control characters).
Status CheckGateId(std::string_view gate);
// Usage error naming `what` unless `text` is valid UTF-8: what a gate
// records must be writable as JSON, or its export would fail for good.
Status CheckUtf8(std::string_view what, std::string_view text);

// The fields of the records above (without kind/v/ts/seq), in a fixed order.
void AddScanEventFields(Value& record, const ScanEvent& e);
void AddRevocationFields(Value& record, const Revocation& r);

// The element a merge input record holds. DataErr naming the field and
// what was expected, e.g. "\"hlc_wall\": expected an integer >= 0".
// REQUIRES: record is an object whose "kind" is "scan.event" (for
// ScanEventFromRecord) or "revocation".
Result<ScanEvent> ScanEventFromRecord(const Value& record);
Result<Revocation> RevocationFromRecord(const Value& record);

}  // namespace evt::token
