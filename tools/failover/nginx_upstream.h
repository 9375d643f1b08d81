// The nginx `upstream` block evt-failover writes and reads back: a route's
// members as `server` lines with weights, and, for a class on its own paths,
// the source address its traffic leaves from (doc/design.md §16).
//
//   upstream checkout {
//       server 127.0.0.1:8081 weight=7;
//       server 127.0.0.1:8082 weight=3 down;
//   }
//   geo $evt_bind_checkout { default 10.0.1.2; }
//
// nginx open source has no weight 0 and no drain: a member taken out of
// rotation (weight 0, or maint) is `down` and keeps its weight for when it
// comes back; drain is `backup` (no new requests while another server is
// up; a reload lets requests in flight finish on the old workers).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace evt::failover {

struct NginxServer {
  std::string address;  // "127.0.0.1:8081", "unix:/run/app.sock"
  int weight = 1;       // nginx's default when the line has none
  bool down = false;
  bool backup = false;
};

struct NginxUpstream {
  std::string name;
  // "roundrobin" (nginx's smooth weighted round robin, its default), or the
  // block's least_conn, ip_hash, hash or random; read, never written.
  std::string balance = "roundrobin";
  std::vector<NginxServer> servers;
  // The source address for `proxy_bind $evt_bind_NAME`, or "" for none.
  std::string bind;
};

// "evt_bind_checkout": the geo variable (without "$") a class's location
// passes to proxy_bind. Characters nginx does not allow in a variable name
// become "_".
std::string NginxBindVariable(std::string_view upstream);

// The block above, one server a line, then the geo line when bind is set.
// REQUIRES: every weight is at least 1 (nginx refuses 0).
std::string RenderUpstream(const NginxUpstream& upstream);

// Finds `upstream NAME { ... }` in `text` (a file nginx reads: comments,
// other blocks and directives allowed around and inside it) and reads its
// server lines and the geo default of its bind variable. Server
// parameters other than weight, down and backup are skipped. DataErr
// "WHERE:LINE: what" for a missing block, an unclosed one, a server line
// without an address or a weight that is not a whole number 1..1000.
Result<NginxUpstream> ParseUpstream(std::string_view text, const std::string& name, const std::string& where);

}  // namespace evt::failover
