#include "tools/scrape/nut.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "common/utf8.h"
#include "tools/scrape/exposition_checks.h"
#include "tools/scrape/prometheus_names.h"

namespace evt::scrape {
namespace {

constexpr std::string_view kStatusFlags[] = {"OL",  "OB",  "LB",  "HB",   "RB",  "CHRG", "DISCHRG",
                                             "BYPASS", "CAL", "OFF", "OVER", "TRIM", "BOOST", "FSD"};

bool IsPercent(std::string_view var) {
  static constexpr std::string_view kSuffixes[] = {"battery.charge", ".charge.low", ".charge.warning", ".charge.restart",
                                                   "ups.load",       "ups.load.high", "efficiency"};
  return std::any_of(std::begin(kSuffixes), std::end(kSuffixes), [&](std::string_view s) { return var.ends_with(s); });
}

void CheckNutValue(const std::string& var, const std::string& text, double value, std::vector<std::string>& problems) {
  if (!std::isfinite(value)) {
    problems.push_back(var + ": \"" + text + "\" is not a finite number");
  } else if (IsPercent(var) && (value < 0 || value > 100)) {
    problems.push_back(var + ": " + text + " is outside 0..100 for a percentage");
  }
}

Result<std::string> QuotedValue(std::string_view rest, std::size_t line) {
  if (rest.size() < 2 || rest.front() != '"') {
    return Status::DataErr("NUT reply line " + std::to_string(line) + ": expected a quoted value");
  }
  std::string out;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '\\' && i + 1 < rest.size()) {
      out.push_back(rest[++i]);
    } else if (rest[i] == '"') {
      return out;
    } else {
      out.push_back(rest[i]);
    }
  }
  return Status::DataErr("NUT reply line " + std::to_string(line) + ": the value's closing '\"' is missing");
}

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

Status WaitFor(int fd, short events, std::chrono::steady_clock::time_point deadline, const std::string& where) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Status::TempFail(where + ": timed out");
    pollfd p{fd, events, 0};
    int n = poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return Status::Ok();
    if (n < 0 && errno != EINTR) return Status::Unavailable(where + ": " + std::strerror(errno));
  }
}

Result<int> Connect(const std::string& host, int port, std::chrono::steady_clock::time_point deadline,
                    const std::string& where) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) return Status::Unavailable(where + ": " + gai_strerror(rc));
  std::string last = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0 || errno == EINPROGRESS) {
      Status ready = WaitFor(fd, POLLOUT, deadline, where);
      int err = 0;
      socklen_t len = sizeof err;
      if (ready.ok() && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        freeaddrinfo(found);
        return fd;
      }
      last = ready.ok() ? std::strerror(err) : ready.message();
    } else {
      last = std::strerror(errno);
    }
    close(fd);
  }
  freeaddrinfo(found);
  return Status::Unavailable(where + ": cannot connect: " + last);
}

Status SendAll(int fd, std::string_view data, std::chrono::steady_clock::time_point deadline, const std::string& where) {
  while (!data.empty()) {
    EVT_RETURN_IF_ERROR(WaitFor(fd, POLLOUT, deadline, where));
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return Status::Unavailable(where + ": send: " + std::strerror(errno));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

bool ReplyComplete(std::string_view reply, std::string_view ups) {
  if (reply.starts_with("ERR ") && reply.find('\n') != std::string_view::npos) return true;
  std::string end = "END LIST VAR " + std::string(ups) + "\n";
  return reply.ends_with(end) || reply.ends_with("END LIST VAR " + std::string(ups) + "\r\n");
}

}  // namespace

Result<NutVars> ParseNutListVar(std::string_view reply, std::string_view ups) {
  std::istringstream in{std::string(reply)};
  std::string line;
  std::size_t n = 0;
  bool begun = false;
  NutVars vars;
  std::string var_prefix = "VAR " + std::string(ups) + " ";
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("ERR ")) return Status::DataErr("upsd answered " + line + " for ups " + std::string(ups));
    if (line == "BEGIN LIST VAR " + std::string(ups)) {
      begun = true;
    } else if (line == "END LIST VAR " + std::string(ups)) {
      if (!begun) break;
      return vars;
    } else if (begun && line.starts_with(var_prefix)) {
      std::string_view rest = std::string_view(line).substr(var_prefix.size());
      std::size_t space = rest.find(' ');
      if (space == std::string_view::npos) return Status::DataErr("NUT reply line " + std::to_string(n) + ": expected VAR ups name \"value\"");
      Result<std::string> value = QuotedValue(rest.substr(space + 1), n);
      if (!value.ok()) return value.status();
      vars.emplace_back(std::string(rest.substr(0, space)), std::move(*value));
    } else {
      return Status::DataErr("NUT reply line " + std::to_string(n) + ": unexpected \"" + line.substr(0, 60) + "\"");
    }
  }
  return Status::DataErr("NUT reply for ups " + std::string(ups) + " ended before END LIST VAR");
}

Result<NutVars> FetchNutVars(const std::string& host, int port, const std::string& ups, std::chrono::milliseconds timeout) {
  std::string where = "upsd " + host + ":" + std::to_string(port);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  Result<int> fd = Connect(host, port, deadline, where);
  if (!fd.ok()) return fd.status();
  Socket socket(*fd);
  EVT_RETURN_IF_ERROR(SendAll(socket.fd(), "LIST VAR " + ups + "\n", deadline, where));
  std::string reply;
  char buffer[4096];
  while (!ReplyComplete(reply, ups)) {
    EVT_RETURN_IF_ERROR(WaitFor(socket.fd(), POLLIN, deadline, where));
    ssize_t got = recv(socket.fd(), buffer, sizeof buffer, 0);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got < 0) return Status::Unavailable(where + ": recv: " + std::strerror(errno));
    if (got == 0) return Status::Unavailable(where + ": the server closed the connection in the middle of the reply");
    reply.append(buffer, static_cast<std::size_t>(got));
    if (reply.size() > (4u << 20)) return Status::DataErr(where + ": the reply is over 4 MiB");
  }
  (void)SendAll(socket.fd(), "LOGOUT\n", deadline, where);  // a courtesy: the reply is already complete
  Result<NutVars> vars = ParseNutListVar(reply, ups);
  if (!vars.ok()) return vars.status().Prefixed(where);
  return vars;
}

std::vector<NutMetric> NutMetrics(const NutVars& vars, const std::string& ups, std::vector<std::string>* problems) {
  std::vector<NutMetric> out;
  for (const auto& [var, text] : vars) {
    std::string name = SanitizedMetricName("nut_" + var);
    if (var == "ups.status") {
      std::vector<std::string> flags;
      std::istringstream words(text);
      // A flag is a label value: valid UTF-8, or the records carrying it are refused.
      for (std::string flag; words >> flag;) flags.push_back(ToValidUtf8(flag));
      for (const std::string& flag : flags) out.push_back({name, {{"ups", ups}, {"flag", flag}}, 1.0});
      for (std::string_view flag : kStatusFlags) {
        if (std::find(flags.begin(), flags.end(), flag) == flags.end()) {
          out.push_back({name, {{"ups", ups}, {"flag", std::string(flag)}}, 0.0});
        }
      }
      continue;
    }
    std::optional<double> value = ParseValue(text);
    if (!value) continue;
    if (problems) CheckNutValue(var, text, *value, *problems);
    out.push_back({name, {{"ups", ups}}, IsPercent(var) ? *value / 100.0 : *value});
  }
  return out;
}

}  // namespace evt::scrape
