#include "common/child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string_view>

#include "common/process_state.h"
#include "common/signals.h"

extern char** environ;

namespace evt {
namespace {

using Steady = std::chrono::steady_clock;

// How long the output pipes may stay open after the program itself exited
// (a background child still holding them) before its group is ended.
constexpr Duration kDrainAfterExit{200};

struct Pipe {
  int read = -1;
  int write = -1;
};

void Close(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

Status MakePipe(Pipe& pipe) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::IoErr(std::string("pipe: ") + std::strerror(errno));
  pipe.read = fds[0];
  pipe.write = fds[1];
  return Status::Ok();
}

// A descriptor that polls readable when the child exits, so its end is
// seen at once rather than at the next timer tick; -1 on kernels before 5.3.
int OpenPidFd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

std::atomic<int> g_running_group{0};

bool GroupAlive(pid_t group) { return ::kill(-group, 0) == 0 || errno == EPERM; }

// SIGTERM to the group, SIGKILL after the grace period to whatever is left.
// Reaps the leader if it is still ours.
void EndGroup(pid_t group, bool leader_reaped, int& status, Duration grace) {
  ::kill(-group, SIGTERM);
  Steady::time_point give_up = Steady::now() + grace;
  while (Steady::now() < give_up) {
    if (!leader_reaped && ::waitpid(group, &status, WNOHANG) == group) leader_reaped = true;
    if (leader_reaped && !GroupAlive(group)) return;
    ::usleep(10 * 1000);
  }
  ::kill(-group, SIGKILL);
  if (!leader_reaped) {
    while (::waitpid(group, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

std::string_view NameOf(std::string_view variable) { return variable.substr(0, variable.find('=')); }

std::vector<std::string> EnvironmentOf(const ChildRequest& request) {
  if (request.env_mode == ChildRequest::Env::kOnly) return request.env;
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view variable(*e);
    bool overlaid = std::any_of(request.env.begin(), request.env.end(),
                                [&](const std::string& own) { return NameOf(own) == NameOf(variable); });
    if (!overlaid) env.emplace_back(variable);
  }
  env.insert(env.end(), request.env.begin(), request.env.end());
  return env;
}

std::vector<char*> Pointers(const std::vector<std::string>& strings) {
  std::vector<char*> p;
  for (const std::string& s : strings) p.push_back(const_cast<char*>(s.c_str()));
  p.push_back(nullptr);
  return p;
}

// Between fork and exec only async-signal-safe calls: a multi-threaded
// parent (failover's watch) may have forked while another thread held the
// allocator's lock, so argv and the environment are built before the fork.
[[noreturn]] void ExecChild(const ChildRequest& request, char* const* argv, char* const* envp, Pipe& in, Pipe& out,
                            Pipe& err, Pipe& report) {
  ::setpgid(0, 0);
  RestoreDefaultSignals();
  // Nor does a blocked signal of ours stay blocked in the program.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::dup2(in.read, STDIN_FILENO);
  ::dup2(request.output_fd >= 0 ? request.output_fd : out.write, STDOUT_FILENO);
  ::dup2(request.output_fd >= 0 ? request.output_fd : err.write, STDERR_FILENO);
  ::execve(request.path.c_str(), argv, envp);
  int error = errno;
  ssize_t ignored = ::write(report.write, &error, sizeof error);
  (void)ignored;
  ::_exit(127);
}

// Whether exec failed in the child, and why (errno), read from the
// close-on-exec pipe that exec closes on success.
int ExecError(Pipe& report) {
  Close(report.write);
  int error = 0;
  ssize_t n;
  while ((n = ::read(report.read, &error, sizeof error)) < 0 && errno == EINTR) {
  }
  Close(report.read);
  return n == sizeof error ? error : 0;
}

void Append(std::string& to, const char* data, std::size_t n) {
  if (to.size() < kMaxCapturedBytes) to.append(data, std::min(n, kMaxCapturedBytes - to.size()));
}

}  // namespace

int RunningChildGroup() { return g_running_group.load(); }

Result<ChildResult> RunChild(const ChildRequest& request) {
  Pipe in, out, err, report;
  for (Pipe* pipe : {&in, &out, &err, &report}) {
    Status made = MakePipe(*pipe);
    if (!made.ok()) {
      for (Pipe* p : {&in, &out, &err, &report}) {
        Close(p->read);
        Close(p->write);
      }
      return made;
    }
  }
  std::vector<std::string> environment = EnvironmentOf(request);
  std::vector<char*> argv = Pointers(request.argv);
  std::vector<char*> envp = Pointers(environment);
  Steady::time_point start = Steady::now();
  pid_t pid = ::fork();
  if (pid < 0) return Status::TempFail(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) ExecChild(request, argv.data(), envp.data(), in, out, err, report);
  ::setpgid(pid, pid);  // also in the parent, so a kill right away finds the group
  g_running_group.store(pid);
  Close(in.read);
  Close(out.write);
  Close(err.write);
  if (request.output_fd >= 0) {  // nothing to capture: the program writes to output_fd itself
    Close(out.read);
    Close(err.read);
  }
  if (int error = ExecError(report); error != 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    g_running_group.store(0);
    Close(in.write);
    Close(out.read);
    Close(err.read);
    return Status::Unavailable(request.path + ": cannot run: " + std::strerror(error));
  }
  ::fcntl(in.write, F_SETFL, O_NONBLOCK);
  if (request.stdin_data.empty()) Close(in.write);
  if (request.started) request.started(pid);

  int pidfd = OpenPidFd(pid);
  ChildResult result;
  std::size_t written = 0;
  int status = 0;
  bool reaped = false;
  int wait_error = 0;
  std::optional<Steady::time_point> drain_until;
  char buffer[65536];
  while (out.read >= 0 || err.read >= 0 || !reaped) {
    if (!reaped) {
      pid_t waited = ::waitpid(pid, &status, WNOHANG);
      if (waited == pid) {
        reaped = true;
        drain_until = Steady::now() + kDrainAfterExit;
      } else if (waited < 0 && errno != EINTR) {
        // ECHILD (SIGCHLD ignored, or reaped elsewhere): the exit status is
        // lost, so the run cannot be called a success.
        wait_error = errno;
        break;
      }
    }
    if (reaped && out.read < 0 && err.read < 0) break;
    Steady::time_point now = Steady::now();
    if (request.deadline && now >= *request.deadline) {
      result.timed_out = true;
      break;
    }
    if (request.end_on_stop && StopRequested()) {
      result.interrupted = true;
      break;
    }
    if (drain_until && now >= *drain_until) break;
    pollfd fds[5];
    int n = 0;
    if (!reaped && pidfd >= 0) fds[n++] = {pidfd, POLLIN, 0};
    if (in.write >= 0) fds[n++] = {in.write, POLLOUT, 0};
    if (out.read >= 0) fds[n++] = {out.read, POLLIN, 0};
    if (err.read >= 0) fds[n++] = {err.read, POLLIN, 0};
    if (request.end_on_stop && StopWakeupFd() >= 0) fds[n++] = {StopWakeupFd(), POLLIN, 0};
    // Without a pidfd, short waits: the program's exit is seen by waitpid.
    int wait_ms = pidfd >= 0 ? 1000 : 20;
    if (request.deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*request.deadline - now).count();
      wait_ms = static_cast<int>(std::max<long long>(0, std::min<long long>(wait_ms, left + 1)));
    }
    if (drain_until) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*drain_until - now).count();
      wait_ms = static_cast<int>(std::max<long long>(0, std::min<long long>(wait_ms, left + 1)));
    }
    if (::poll(fds, n, wait_ms) < 0 && errno != EINTR) break;
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == pidfd) continue;  // waitpid at the top of the loop
      if (fds[i].fd == in.write) {
        ssize_t w = ::write(in.write, request.stdin_data.data() + written, request.stdin_data.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == request.stdin_data.size()) Close(in.write);
      } else if (fds[i].fd == out.read || fds[i].fd == err.read) {
        int& fd = fds[i].fd == out.read ? out.read : err.read;
        ssize_t r = ::read(fd, buffer, sizeof buffer);
        if (r > 0) {
          Append(fd == out.read ? result.out : result.err, buffer, static_cast<std::size_t>(r));
        } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
          Close(fd);
        }
      }
    }
  }
  Close(in.write);
  Close(out.read);
  Close(err.read);
  Close(pidfd);
  // Whatever way the loop ended, the group goes: the program if it still
  // runs, and anything it left behind.
  if (wait_error != 0) {
    ::kill(-pid, SIGKILL);
    g_running_group.store(0);
    return Status::Internal(request.path + ": waitpid: " + std::strerror(wait_error) + "; its exit status is unknown");
  }
  if (!reaped || GroupAlive(pid)) EndGroup(pid, reaped, status, request.grace);
  g_running_group.store(0);
  result.elapsed = std::chrono::duration_cast<Duration>(Steady::now() - start);
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.exit_code = 128 + result.signal;
  }
  return result;
}

}  // namespace evt
