// Where a server listens, as config and flags spell it: "ADDR:PORT"
// ("127.0.0.1:7450", "[::1]:7450", "0.0.0.0:0"). Numeric addresses only, so
// that which interface a listener is on is decided by what the operator
// wrote, never by a resolver.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt {

struct ListenAddress {
  sockaddr_storage socket_address{};
  socklen_t length = 0;
  bool ipv6 = false;
  std::string host;  // as written, without the brackets of an IPv6 address
  std::uint16_t port = 0;  // 0: the kernel picks one
};

// Parses "ADDR:PORT". An IPv6 address is bracketed ("[::1]:80"). Port 0
// asks the kernel for a free port. A failure is Status::Config naming
// `where` ("event.json: /outbox/serve/listen") and the text.
Result<ListenAddress> ParseListenAddress(std::string_view text, std::string_view where);

// Whether only this machine can reach the address: 127.0.0.0/8 or ::1
// (and ::ffff:127.x.y.z). The wildcard addresses are not loopback.
bool IsLoopback(const ListenAddress& address);

}  // namespace evt
