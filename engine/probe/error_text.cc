#include "engine/probe/error_text.h"

#include <cctype>
#include <cstring>

namespace evt::probe {

std::string_view StuckPhase(const CurlTimes& times, bool tls, bool tcp_connected) {
  bool connected = times.connect_us > 0 || tcp_connected;
  if (times.namelookup_us <= 0 && !connected) return "DNS resolution";
  if (!connected) return "connect";
  if (tls && times.appconnect_us <= 0) return "TLS handshake";
  if (times.starttransfer_us <= 0) return "waiting for the response";
  return "transfer";
}

std::string ExpiredCertificateText(TimePoint not_after, TimePoint now) {
  auto days = std::chrono::floor<std::chrono::days>(now - not_after).count();
  if (days <= 0) return "TLS: certificate expired today";
  return "TLS: certificate expired " + std::to_string(days) + (days == 1 ? " day ago" : " days ago");
}

std::string ErrnoText(int error_number) {
  std::string text = std::strerror(error_number);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace evt::probe
