#include "engine/probe/dns_check.h"

#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <poll.h>

#include <array>
#include <mutex>

#include "engine/probe/dns_map.h"

namespace evt::probe {
namespace {

struct Outcome {
  bool done = false;
  int status = ARES_ETIMEOUT;
  std::vector<std::string> answers;
};

void CollectAddresses(const unsigned char* abuf, int alen, bool v6, Outcome& out) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (v6) {
    std::array<ares_addr6ttl, 32> ttls{};
    int n = static_cast<int>(ttls.size());
    if (ares_parse_aaaa_reply(abuf, alen, nullptr, ttls.data(), &n) != ARES_SUCCESS) return;
    for (int i = 0; i < n; ++i)
      if (inet_ntop(AF_INET6, &ttls[static_cast<std::size_t>(i)].ip6addr, text.data(), text.size()))
        out.answers.emplace_back(text.data());
  } else {
    std::array<ares_addrttl, 32> ttls{};
    int n = static_cast<int>(ttls.size());
    if (ares_parse_a_reply(abuf, alen, nullptr, ttls.data(), &n) != ARES_SUCCESS) return;
    for (int i = 0; i < n; ++i)
      if (inet_ntop(AF_INET, &ttls[static_cast<std::size_t>(i)].ipaddr, text.data(), text.size()))
        out.answers.emplace_back(text.data());
  }
}

struct QueryContext {
  Outcome* outcome;
  bool v6;
};

void OnAnswer(void* arg, int status, int, unsigned char* abuf, int alen) {
  auto* context = static_cast<QueryContext*>(arg);
  context->outcome->done = true;
  context->outcome->status = status;
  if (status == ARES_SUCCESS) CollectAddresses(abuf, alen, context->v6, *context->outcome);
}

// Runs the channel until the query ends; c-ares enforces the timeout.
void Drive(ares_channel channel, const Outcome& outcome) {
  while (!outcome.done) {
    std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> sockets{};
    int bits = ares_getsock(channel, sockets.data(), ARES_GETSOCK_MAXNUM);
    std::vector<pollfd> fds;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
      if (events != 0) fds.push_back({sockets[static_cast<std::size_t>(i)], events, 0});
    }
    if (fds.empty()) break;
    timeval max_wait{1, 0};
    timeval wait{};
    timeval* next = ares_timeout(channel, &max_wait, &wait);
    int ms = static_cast<int>(next->tv_sec * 1000 + next->tv_usec / 1000);
    int ready = poll(fds.data(), fds.size(), ms);
    if (ready <= 0) {
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      continue;
    }
    for (const pollfd& fd : fds) {
      ares_socket_t readable = (fd.revents & (POLLIN | POLLERR | POLLHUP)) ? fd.fd : ARES_SOCKET_BAD;
      ares_socket_t writable = (fd.revents & POLLOUT) ? fd.fd : ARES_SOCKET_BAD;
      if (readable != ARES_SOCKET_BAD || writable != ARES_SOCKET_BAD) ares_process_fd(channel, readable, writable);
    }
  }
}

std::string StatusError(int status, const Check& check) {
  const char* rcode = RcodeForAresStatus(status);
  switch (status) {
    case ARES_ENODATA: return "no " + check.dns.type + " records for " + check.dns.name;
    case ARES_ENOTFOUND: return "NXDOMAIN: no such name " + check.dns.name;
    case ARES_ETIMEOUT:
      return "timeout after " + std::to_string(check.timeout.count()) + " ms waiting for the DNS server";
    case ARES_ECONNREFUSED: return "DNS server refused the connection";
    default: return rcode[0] != '\0' ? std::string(rcode) + ": " + ares_strerror(status) : ares_strerror(status);
  }
}

// An answer that is not the environment's address fails the check; a
// failed lookup keeps its own error, which says more.
void CompareWithMap(const DnsExpectation& expect, ProbeResult& r) {
  r.environment = expect.environment;
  r.expected = expect.addresses;
  if (!r.ok) return;
  r.error = DnsMismatch(r.subject, r.answers, expect);
  r.ok = r.error.empty();
}

void InitLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

}  // namespace

const char* RcodeForAresStatus(int ares_status) {
  switch (ares_status) {
    case ARES_SUCCESS:
    case ARES_ENODATA: return "NOERROR";
    case ARES_EFORMERR: return "FORMERR";
    case ARES_ESERVFAIL: return "SERVFAIL";
    case ARES_ENOTFOUND: return "NXDOMAIN";
    case ARES_ENOTIMP: return "NOTIMP";
    case ARES_EREFUSED: return "REFUSED";
    default: return "";
  }
}

ProbeResult RunDnsCheck(const Check& check, const Clock& clock) {
  InitLibraryOnce();
  ProbeResult r;
  r.target = check.target;
  r.type = CheckType::kDns;
  r.subject = check.dns.name;
  r.started = clock.Now();
  ares_options options{};
  options.timeout = static_cast<int>(check.timeout.count());
  options.tries = 1;
  // The answer is wanted whatever its rcode, not a retry elsewhere.
  options.flags = ARES_FLAG_NOCHECKRESP;
  ares_channel channel = nullptr;
  if (ares_init_options(&channel, &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS) != ARES_SUCCESS) {
    r.error = "cannot set up a DNS resolver";
    return r;
  }
  if (!check.dns.server.empty() && ares_set_servers_ports_csv(channel, check.dns.server.c_str()) != ARES_SUCCESS) {
    ares_destroy(channel);
    r.error = "bad DNS server address \"" + check.dns.server + "\"";
    return r;
  }
  Outcome outcome;
  bool v6 = check.dns.type == "AAAA";
  QueryContext context{&outcome, v6};
  auto start = clock.Monotonic();
  ares_query(channel, check.dns.name.c_str(), ns_c_in, v6 ? ns_t_aaaa : ns_t_a, OnAnswer, &context);
  Drive(channel, outcome);
  ares_destroy(channel);  // runs the callback with ARES_EDESTRUCTION if still pending
  r.total_ms = std::chrono::duration<double, std::milli>(clock.Monotonic() - start).count();
  r.rcode = RcodeForAresStatus(outcome.status);
  r.answers = std::move(outcome.answers);
  r.ok = outcome.status == ARES_SUCCESS && !r.answers.empty();
  if (!r.ok) r.error = StatusError(outcome.status, check);
  if (check.dns.expect) CompareWithMap(*check.dns.expect, r);
  return r;
}

}  // namespace evt::probe
