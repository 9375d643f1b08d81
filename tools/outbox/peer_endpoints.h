// What `evt-outbox serve` answers to other kiosks: the replication
// endpoints over the store, as an HttpHandler (common/http_server.h), so the
// same code runs under the real server and in unit tests.
//
//   GET  /v1/outbox/hello?kiosk=ASKER&instance=I
//        {"kiosk":"kiosk-b","instance":…,"merged_through":N}: who answers
//        (its name and its state's instance, sync_cursor_store.h), and how
//        far it has merged the export of ASKER's instance I (so ASKER pushes
//        only what follows).
//   GET  /v1/outbox/export?since=N&limit=M
//        replica lines (replica_wire.h), one a line; the headers
//        X-Evt-Next-Cursor and X-Evt-More say where the next page starts.
//   POST /v1/outbox/merge?kiosk=PUSHER&instance=I&cursor=N
//        replica lines in the body, merged in one transaction; a line that
//        cannot be read refuses the whole body (400, nothing stored). Then
//        the export of PUSHER's instance I is merged through N. The answer is the merge's
//        counts as JSON.
// A request naming its kiosk notes that kiosk as heard from (takeover).
#pragma once

#include <cstddef>
#include <string>

#include "common/clock.h"
#include "common/http_server.h"
#include "tools/outbox/outbox_store.h"
#include "tools/outbox/sync_cursor_store.h"

namespace evt::outbox {

inline constexpr std::string_view kNextCursorHeader = "X-Evt-Next-Cursor";
inline constexpr std::string_view kMoreHeader = "X-Evt-More";
inline constexpr std::size_t kMaxExportLimit = 10000;

struct PeerEndpoints {
  OutboxStore* store;
  SyncCursorStore* cursors;
  const OutboxLayout* layout;
  std::string kiosk;  // this box
  const Clock* clock;

  HttpResponse operator()(const HttpRequest& request) const;
};

}  // namespace evt::outbox
