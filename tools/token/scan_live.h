// evt-token scan with a person at the gate (doc/design.md §17): each ticket
// is answered on its own line as soon as its scan is durable, big enough to
// read at arm's length: ADMIT or REFUSED with the reason in words, in colour
// (a full-width bar) unless NO_COLOR, and a bell on a refusal so the person
// looks up. On a pipe, scan writes records instead and never uses this.
#pragma once

#include <string>

#include "common/status.h"
#include "common/time_format.h"
#include "common/time_zone.h"
#include "common/value.h"

namespace evt::token {

struct VerdictLook {
  bool color = false;
  int width = 80;          // the terminal's columns
  const TimeZone* zone = nullptr;
  TimePoint now;           // "today", for the times in a reason
};

// Why a "scan" record refused its ticket, in words: "already admitted at
// gate-a 18:34:05 +01:00", "expired: ...", "revoked at gate-b: lost". ""
// for an admitted ticket.
std::string RefusalReason(const Value& scan, const TimeZone& zone, TimePoint now);

// The verdict for one "scan" record, ending in '\n': "ADMIT    #1  jti"
// or "REFUSED  #2  reason". A line wider than `width` puts the reason on a
// line of its own, cut to the width. With colour each line is a bold bar
// across the width, green for ADMIT and EXIT, red for REFUSED.
std::string VerdictLines(const Value& scan, const VerdictLook& look);

// Writes each verdict to stdout as it comes, with a bell before a refusal,
// and flushes: the person at the gate sees it before the next ticket is read.
class ScanLiveView {
 public:
  ScanLiveView(bool color, const TimeZone& zone) : color_(color), zone_(zone) {}
  Status Show(const Value& scan, TimePoint now);

 private:
  bool color_;
  const TimeZone& zone_;
};

}  // namespace evt::token
