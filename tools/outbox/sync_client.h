// One exchange of `evt-outbox sync` with a peer kiosk's `serve`
// (peer_endpoints.h): hello, pull what we have not merged of its export,
// push what it has not merged of ours. Both sides end holding the union of
// the two outboxes, delivery states joined, so a kiosk that survives can
// deliver what a dead one captured.
//
// The order is chosen so a failure leaves things whole: the hello comes
// first, so an unreachable peer (69) or a refused token (78) changes
// nothing here; each page pulled is merged in one transaction and only then
// counted in our cursor; a page pushed counts in the peer's cursor only once
// it merged it. A sync cut at any point is resumed by the next one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/duration.h"
#include "common/secret.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/outbox/outbox_store.h"
#include "tools/outbox/sync_cursor_store.h"

namespace evt::outbox {

struct PeerTarget {
  std::string name;  // as config names it ("kiosk-b")
  std::string url;   // "http://10.0.0.12:7450"
  std::optional<Secret> token;
  Duration timeout{30000};
  std::size_t page_lines = 1000;
};

struct SyncReport {
  std::string peer;         // the config's name
  std::string peer_kiosk;   // what the peer calls itself
  std::int64_t pulled = 0;  // lines merged here
  std::int64_t pushed = 0;  // lines the peer merged
  std::int64_t added_here = 0;   // records new to us
  std::int64_t added_there = 0;  // records new to the peer
  std::int64_t conflicts = 0;    // ids whose content differs, on either side (the older kept)
  std::int64_t deliveries_changed = 0;  // delivery rows that moved here
  TimePoint at{};
  std::int64_t duration_ms = 0;
};

// What sync tells a local merge of the peer's lines: where they came from.
struct SyncContext {
  OutboxStore* store;
  SyncCursorStore* cursors;
  const OutboxLayout* layout;
  std::string kiosk;  // this box
  const Clock* clock;
};

// One full exchange with `peer`. Failures:
// - no connection, a timeout, or a peer answering 5xx: Unavailable (69),
//   naming the peer and its URL; nothing changed here;
// - 401: Config (78), naming the token we sent (or that none was set);
// - lines the peer sent that do not read: DataErr (65), nothing of that
//   page stored.
Result<SyncReport> SyncWithPeer(const SyncContext& context, const PeerTarget& peer);

// The `outbox.sync` record of an exchange.
Value SyncRecord(const SyncReport& report);

}  // namespace evt::outbox
