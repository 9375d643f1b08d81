#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tools/failover/haproxy_socket.h"

using namespace evt;
using namespace evt::failover;
using namespace std::chrono_literals;

namespace {

// A one-shot admin socket: accepts one connection, reads the command line,
// answers `reply` in two pieces (so the client must read to the end), or
// nothing at all when `silent`, then closes.
class OneShotServer {
 public:
  OneShotServer(std::string path, std::string reply, bool silent = false) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 4) == 0);
    thread_ = std::thread([this, reply = std::move(reply), silent] {
      int c = ::accept(fd_, nullptr, nullptr);
      char buf[256];
      ssize_t n = ::read(c, buf, sizeof buf);
      command_.assign(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
      if (silent) {
        std::this_thread::sleep_for(300ms);
      } else {
        std::size_t half = reply.size() / 2;
        (void)!::write(c, reply.data(), half);
        std::this_thread::sleep_for(20ms);
        (void)!::write(c, reply.data() + half, reply.size() - half);
      }
      ::close(c);
    });
  }
  ~OneShotServer() {
    thread_.join();
    ::close(fd_);
  }
  const std::string& command() const { return command_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::string command_;
  std::thread thread_;
};

std::string TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "evt-haproxy-sock.XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

}  // namespace

TEST_CASE("haproxy socket: one command, one connection, the reply read whole") {
  const std::string dir = TempDir();
  std::string reply = "1\n# be_id be_name\n" + std::string(40000, 'x') + "\n";
  std::string got;
  {
    OneShotServer server(dir + "/admin.sock", reply);
    HaproxySocket socket(dir + "/admin.sock", 2s);
    auto r = socket.Send("show servers state");
    REQUIRE(r.ok());
    got = *r;
  }
  CHECK(got == reply);
  std::filesystem::remove_all(dir);
}

TEST_CASE("haproxy socket: the command is sent as one line") {
  const std::string dir = TempDir();
  std::string command;
  {
    OneShotServer server(dir + "/admin.sock", "");
    HaproxySocket socket(dir + "/admin.sock", 2s);
    REQUIRE(SendExpectingEmpty(socket, "set server reads/cache weight 7").ok());
    std::this_thread::sleep_for(50ms);
    command = server.command();
  }
  CHECK(command == "set server reads/cache weight 7\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("haproxy socket: a refusal is DataErr with HAProxy's words") {
  const std::string dir = TempDir();
  {
    OneShotServer server(dir + "/admin.sock", "No such server.\n");
    HaproxySocket socket(dir + "/admin.sock", 2s);
    Status s = SendExpectingEmpty(socket, "set server reads/x weight 3");
    CHECK(s.code() == ExitCode::kDataErr);
    CHECK(s.message() == "haproxy:" + dir + "/admin.sock: `set server reads/x weight 3`: No such server.");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("haproxy socket: missing (69), not a socket (78), nobody listening (69), silent (75)") {
  const std::string dir = TempDir();
  auto missing = HaproxySocket(dir + "/none.sock", 1s).Send("show info");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == ExitCode::kUnavailable);
  CHECK(missing.status().message().find("No such file or directory") != std::string::npos);

  std::ofstream(dir + "/file") << "x";
  auto file = HaproxySocket(dir + "/file", 1s).Send("show info");
  REQUIRE_FALSE(file.ok());
  CHECK(file.status().code() == ExitCode::kConfig);
  CHECK(file.status().message() == "haproxy:" + dir + "/file: not a socket (HAProxy's `stats socket` path?)");

  {
    // Bound but never listening: what a socket left by a dead HAProxy looks like.
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, (dir + "/stale.sock").c_str(), sizeof addr.sun_path - 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    auto stale = HaproxySocket(dir + "/stale.sock", 1s).Send("show info");
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.status().code() == ExitCode::kUnavailable);
    CHECK(stale.status().message().find("Connection refused") != std::string::npos);
    ::close(fd);
  }

  {
    OneShotServer server(dir + "/silent.sock", "", true);
    auto slow = HaproxySocket(dir + "/silent.sock", 100ms).Send("show info");
    REQUIRE_FALSE(slow.ok());
    CHECK(slow.status().code() == ExitCode::kTempFail);
    CHECK(slow.status().message().find("no whole reply within the timeout") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}
