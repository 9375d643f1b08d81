// A tiny HTTP/1.1 server on 127.0.0.1 for the engine's tests: answers every
// request "200 ok" (with a Server-Timing and a Cache-Status hit) on a
// kept-alive connection (or never answers, when
// silent), and records what it was sent and how many connections it took.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace evt::probe::testing {

class LoopbackServer {
 public:
  explicit LoopbackServer(bool silent = false);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int connections() const { return connections_; }
  // Each request's head (request line and headers), in arrival order.
  std::vector<std::string> requests() const;

 private:
  void Serve();
  // Answers the complete requests at the front of `pending`; false when
  // the client is gone.
  bool AnswerRequests(int fd, std::string& pending);

  bool silent_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

namespace loopback_detail {

inline constexpr char kAnswer[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Type: text/plain\r\nServer-Timing: db;dur=5\r\n"
    "Cache-Status: edge; hit\r\n\r\nok\n";

inline std::size_t ContentLength(const std::string& head) {
  std::size_t at = head.find("\r\nContent-Length:");
  return at == std::string::npos ? 0 : std::strtoul(head.c_str() + at + 17, nullptr, 10);
}

}  // namespace loopback_detail

inline LoopbackServer::LoopbackServer(bool silent) : silent_(silent) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      listen(listen_fd_, 512) != 0 || getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("loopback server: cannot listen on 127.0.0.1");
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

inline LoopbackServer::~LoopbackServer() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

inline std::vector<std::string> LoopbackServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

inline bool LoopbackServer::AnswerRequests(int fd, std::string& pending) {
  for (;;) {
    std::size_t end = pending.find("\r\n\r\n");
    if (end == std::string::npos) return true;
    std::string head = pending.substr(0, end);
    std::size_t size = end + 4 + loopback_detail::ContentLength(head);
    if (pending.size() < size) return true;
    pending.erase(0, size);
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(head);
    }
    const char* answer = loopback_detail::kAnswer;
    if (!silent_ && send(fd, answer, sizeof loopback_detail::kAnswer - 1, MSG_NOSIGNAL) < 0) return false;
  }
}

inline void LoopbackServer::Serve() {
  std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
  std::vector<std::string> pending{""};
  while (!stop_) {
    if (poll(fds.data(), fds.size(), 20) <= 0) continue;
    if ((fds[0].revents & POLLIN) != 0) {
      int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) {
        ++connections_;
        fds.push_back({client, POLLIN, 0});
        pending.emplace_back();
      }
    }
    for (std::size_t i = fds.size() - 1; i >= 1; --i) {
      if (fds[i].revents == 0) continue;
      char buffer[4096];
      ssize_t got = recv(fds[i].fd, buffer, sizeof buffer, 0);
      if (got > 0) pending[i].append(buffer, static_cast<std::size_t>(got));
      if (got <= 0 || !AnswerRequests(fds[i].fd, pending[i])) {
        close(fds[i].fd);
        fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(i));
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  for (std::size_t i = 1; i < fds.size(); ++i) close(fds[i].fd);
}

}  // namespace evt::probe::testing
