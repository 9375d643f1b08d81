#include "tools/failover/haproxy_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace evt::failover {
namespace {

using SteadyClock = std::chrono::steady_clock;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// A missing socket and a refusing one both mean HAProxy is not there to
// ask; a wrong path or a wrong user is for whoever set it up (the header).
Status ConnectError(const std::string& name, int err) {
  std::string why = name + ": cannot connect: " + std::strerror(err);
  switch (err) {
    case ENOENT:
      return Status::Unavailable(why + " (is HAProxy running with `stats socket ... level admin` there?)");
    case ECONNREFUSED:
      return Status::Unavailable(why + " (nothing accepts on it: HAProxy stopped?)");
    case EACCES:
    case EPERM:
      return Status::Config(why + " (the socket's mode and owner must let this user in)");
    case EAGAIN:
      return Status::TempFail(why);
    default:
      return Status::Unavailable(why);
  }
}

int MillisLeft(SteadyClock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// Waits for `events` on fd; false when the deadline passed first.
bool WaitFor(int fd, short events, SteadyClock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, MillisLeft(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return true;  // the read or write that follows reports it
  }
}

}  // namespace

HaproxySocket::HaproxySocket(std::string path, std::chrono::milliseconds timeout)
    : path_(std::move(path)), timeout_(timeout) {}

std::string HaproxySocket::Name() const { return "haproxy:" + path_; }

Result<std::string> HaproxySocket::Send(std::string_view command) {
  struct stat st{};
  if (::stat(path_.c_str(), &st) != 0) return ConnectError(Name(), errno);
  if (!S_ISSOCK(st.st_mode)) return Status::Config(Name() + ": not a socket (HAProxy's `stats socket` path?)");
  sockaddr_un addr{};
  if (path_.size() >= sizeof addr.sun_path) return Status::Config(Name() + ": path too long for a unix socket");
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);

  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return Status::Internal(Name() + ": socket: " + std::strerror(errno));
  const auto deadline = SteadyClock::now() + timeout_;
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS)
    return ConnectError(Name(), errno);

  const std::string request = std::string(command) + "\n";
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (!WaitFor(fd.get(), POLLOUT, deadline))
      return Status::TempFail(Name() + ": `" + std::string(command) + "`: not accepted within the timeout");
    ssize_t n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EINTR && errno != EAGAIN)
      return Status::Unavailable(Name() + ": sending `" + std::string(command) + "`: " + std::strerror(errno));
    if (n > 0) sent += static_cast<std::size_t>(n);
  }

  std::string reply;
  char buf[16384];
  for (;;) {
    if (!WaitFor(fd.get(), POLLIN, deadline))
      return Status::TempFail(Name() + ": `" + std::string(command) + "`: no whole reply within the timeout");
    ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n == 0) return reply;
    if (n > 0) {
      reply.append(buf, static_cast<std::size_t>(n));
    } else if (errno != EINTR && errno != EAGAIN) {
      return Status::Unavailable(Name() + ": reading the reply to `" + std::string(command) +
                                 "`: " + std::strerror(errno));
    }
  }
}

std::string_view TrimReply(std::string_view reply) {
  while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r')) reply.remove_suffix(1);
  return reply;
}

Status SendExpectingEmpty(HaproxyRuntime& runtime, std::string_view command) {
  Result<std::string> reply = runtime.Send(command);
  if (!reply.ok()) return reply.status();
  std::string_view text = TrimReply(*reply);
  if (text.empty()) return Status::Ok();
  return Status::DataErr(runtime.Name() + ": `" + std::string(command) + "`: " + std::string(text));
}

}  // namespace evt::failover
