#include "tools/load/target_guard.h"

#include <algorithm>
#include <memory>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "common/ascii_case.h"

namespace evt::load {
namespace {

std::string NumericAddress(const sockaddr* sa) {
  char text[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
  }
  return text;
}

bool IsLoopback(const sockaddr* sa) {
  if (sa->sa_family == AF_INET)
    return (ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr) >> 24) == 127;
  if (sa->sa_family == AF_INET6) {
    const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(&a) != 0;
  }
  return false;
}

std::set<std::string> InterfaceAddresses() {
  std::set<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (const ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr) continue;
    std::string text = NumericAddress(i->ifa_addr);
    if (!text.empty()) out.insert(std::move(text));
  }
  freeifaddrs(list);
  return out;
}

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

}  // namespace

Result<std::string> UrlHost(const std::string& url) {
  std::unique_ptr<CURLU, CurlUrlDeleter> u(curl_url());
  if (!u) return Status::Internal("out of memory parsing a URL");
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return Status::Usage("\"" + url + "\": not an absolute URL such as http://127.0.0.1:8080/");
  char* host = nullptr;
  if (curl_url_get(u.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK || host == nullptr)
    return Status::Usage("\"" + url + "\": names no host");
  std::string out = host;
  curl_free(host);
  if (out.size() >= 2 && out.front() == '[' && out.back() == ']') out = out.substr(1, out.size() - 2);
  return AsciiLowercase(out);
}

TargetGuard::TargetGuard(const LoadSection& section) : section_(section), local_addresses_(InterfaceAddresses()) {}

Status TargetGuard::Allow(const std::string& url) {
  EVT_ASSIGN_OR_RETURN(std::string host, UrlHost(url));
  auto known = decided_.find(host);
  if (known != decided_.end()) return known->second;
  Status decision = Decide(host);
  decided_.emplace(host, decision);
  return decision;
}

Status TargetGuard::Decide(const std::string& host) {
  if (std::find(section_.targets.begin(), section_.targets.end(), host) != section_.targets.end()) return Status::Ok();
  std::string listed = section_.where.empty() ? "load.targets in the config (--config)" : section_.where;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0)
    return Status::Config(host + ": cannot resolve it (" + gai_strerror(rc) +
                          "), so cannot tell it is this machine's; name it in " + listed);
  Status decision = Status::Ok();
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (IsLoopback(a->ai_addr) || local_addresses_.count(NumericAddress(a->ai_addr)) != 0) continue;
    decision = Status::Config(host + " (" + NumericAddress(a->ai_addr) +
                              ") is not this machine's: a load goes off the box only to a host named in " + listed);
    break;
  }
  freeaddrinfo(found);
  return decision;
}

}  // namespace evt::load
