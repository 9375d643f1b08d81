#include "common/listen_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "common/quoted.h"

namespace evt {
namespace {

Status Bad(std::string_view text, std::string_view where, std::string_view what) {
  return Status::Config(std::string(where) + ": expected ADDR:PORT such as \"127.0.0.1:7450\" or \"[::1]:7450\" (" +
                        std::string(what) + "), got " + QuotedForMessage(text));
}

Result<std::uint16_t> ParsePort(std::string_view digits, std::string_view text, std::string_view where) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || value > 65535) {
    return Bad(text, where, "the port is a number from 0 to 65535");
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text, std::string_view where) {
  ListenAddress address;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    std::size_t close = text.find("]:");
    if (close == std::string_view::npos) return Bad(text, where, "an IPv6 address is written [ADDR]:PORT");
    address.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
    address.ipv6 = true;
  } else {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return Bad(text, where, "the port is missing");
    address.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  EVT_ASSIGN_OR_RETURN(address.port, ParsePort(port_text, text, where));
  if (address.ipv6) {
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(address.port);
    if (inet_pton(AF_INET6, address.host.c_str(), &v6.sin6_addr) != 1) {
      return Bad(text, where, "the address is a numeric IPv6 address");
    }
    std::memcpy(&address.socket_address, &v6, sizeof v6);
    address.length = sizeof v6;
  } else {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_port = htons(address.port);
    const char* numeric = address.host == "localhost" ? "127.0.0.1" : address.host.c_str();
    if (inet_pton(AF_INET, numeric, &v4.sin_addr) != 1) {
      return Bad(text, where, "the address is numeric IPv4 or localhost");
    }
    std::memcpy(&address.socket_address, &v4, sizeof v4);
    address.length = sizeof v4;
  }
  return address;
}

bool IsLoopback(const ListenAddress& address) {
  if (!address.ipv6) {
    sockaddr_in v4;
    std::memcpy(&v4, &address.socket_address, sizeof v4);
    return (ntohl(v4.sin_addr.s_addr) >> 24) == 127;
  }
  sockaddr_in6 v6;
  std::memcpy(&v6, &address.socket_address, sizeof v6);
  if (IN6_IS_ADDR_LOOPBACK(&v6.sin6_addr)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr) && v6.sin6_addr.s6_addr[12] == 127;
}

}  // namespace evt
