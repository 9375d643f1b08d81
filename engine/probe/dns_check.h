// A DNS question through c-ares: how long the answer took, its rcode and
// its addresses. Blocking; the engine runs each on its own thread.
#pragma once

#include "common/clock.h"
#include "engine/probe/check.h"
#include "engine/probe/probe_result.h"

namespace evt::probe {

// Asks `check.dns` (type A or AAAA) of its server, or of the system's
// resolvers (/etc/resolv.conf) when none is named, once, within
// check.timeout. ok when the rcode is NOERROR with at least one answer
// and, with check.dns.expect, every answer is an expected address.
// REQUIRES: check.type == kDns.
ProbeResult RunDnsCheck(const Check& check, const Clock& clock);

// "NOERROR", "NXDOMAIN", ... for the c-ares status of a finished query;
// empty when no answer arrived (a timeout, a refused connection).
const char* RcodeForAresStatus(int ares_status);

}  // namespace evt::probe
