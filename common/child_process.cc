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
#include <initializer_list>
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

void CloseAll(std::initializer_list<Pipe*> pipes) {
  for (Pipe* p : pipes) {
    Close(p->read);
    Close(p->write);
  }
}

// Forks and execs the program in a process group of its own: its pid, or
// why it did not start. Leaves in.write (unless there is no stdin data),
// out.read and err.read (unless output goes to output_fd) open.
Result<pid_t> Start(const ChildRequest& request, Pipe& in, Pipe& out, Pipe& err) {
  Pipe report;
  for (Pipe* pipe : {&in, &out, &err, &report}) {
    Status made = MakePipe(*pipe);
    if (!made.ok()) {
      CloseAll({&in, &out, &err, &report});
      return made;
    }
  }
  std::vector<std::string> environment = EnvironmentOf(request);
  std::vector<char*> argv = Pointers(request.argv);
  std::vector<char*> envp = Pointers(environment);
  pid_t pid = ::fork();
  if (pid < 0) {
    Status failed = Status::TempFail(std::string("fork: ") + std::strerror(errno));
    CloseAll({&in, &out, &err, &report});
    return failed;
  }
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
    CloseAll({&in, &out, &err});
    return Status::Unavailable(request.path + ": cannot run: " + std::strerror(error));
  }
  ::fcntl(in.write, F_SETFL, O_NONBLOCK);
  if (request.stdin_data.empty()) Close(in.write);
  return pid;
}

// The program's side of a run, as the parent sees it.
struct Exchange {
  Exchange(const ChildRequest& r, pid_t p, Pipe& i, Pipe& o, Pipe& e)
      : request(r), pid(p), in(i), out(o), err(e), pidfd(OpenPidFd(p)) {}

  const ChildRequest& request;
  pid_t pid;
  Pipe& in;
  Pipe& out;
  Pipe& err;
  int pidfd;
  std::size_t written = 0;  // of stdin_data
  int status = 0;
  bool reaped = false;
  int wait_error = 0;  // waitpid failed: the exit status is lost
  std::optional<Steady::time_point> drain_until;
};

// Reaps the program if it has exited; false when waitpid itself failed.
bool Reap(Exchange& x) {
  if (x.reaped) return true;
  pid_t waited = ::waitpid(x.pid, &x.status, WNOHANG);
  if (waited == x.pid) {
    x.reaped = true;
    x.drain_until = Steady::now() + kDrainAfterExit;
  } else if (waited < 0 && errno != EINTR) {
    // ECHILD (SIGCHLD ignored, or reaped elsewhere): the exit status is
    // lost, so the run cannot be called a success.
    x.wait_error = errno;
    return false;
  }
  return true;
}

// How long poll may wait: until the deadline or the end of the drain.
int WaitMs(const Exchange& x, Steady::time_point now) {
  // Without a pidfd, short waits: the program's exit is seen by waitpid.
  int wait_ms = x.pidfd >= 0 ? 1000 : 20;
  for (std::optional<Steady::time_point> until : {x.request.deadline, x.drain_until}) {
    if (!until) continue;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*until - now).count();
    wait_ms = static_cast<int>(std::max<long long>(0, std::min<long long>(wait_ms, left + 1)));
  }
  return wait_ms;
}

// Writes stdin and reads output where poll found them ready.
void Transfer(Exchange& x, const pollfd* fds, int n, ChildResult& result) {
  char buffer[65536];
  const std::string& data = x.request.stdin_data;
  for (int i = 0; i < n; ++i) {
    if (fds[i].revents == 0 || fds[i].fd == x.pidfd) continue;  // the exit: waitpid in Reap
    if (fds[i].fd == x.in.write) {
      ssize_t w = ::write(x.in.write, data.data() + x.written, data.size() - x.written);
      if (w > 0) x.written += static_cast<std::size_t>(w);
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || x.written == data.size()) Close(x.in.write);
    } else if (fds[i].fd == x.out.read || fds[i].fd == x.err.read) {
      int& fd = fds[i].fd == x.out.read ? x.out.read : x.err.read;
      ssize_t r = ::read(fd, buffer, sizeof buffer);
      if (r > 0) {
        Append(fd == x.out.read ? result.out : result.err, buffer, static_cast<std::size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        Close(fd);
      }
    }
  }
}

// Feeds stdin and collects output until the program has exited and its
// pipes are drained, or the deadline, a stop or a failed waitpid comes.
void Pump(Exchange& x, ChildResult& result) {
  while (Reap(x)) {
    if (x.reaped && x.out.read < 0 && x.err.read < 0) break;
    Steady::time_point now = Steady::now();
    if (x.request.deadline && now >= *x.request.deadline) {
      result.timed_out = true;
      break;
    }
    if (x.request.end_on_stop && StopRequested()) {
      result.interrupted = true;
      break;
    }
    if (x.drain_until && now >= *x.drain_until) break;
    pollfd fds[5];
    int n = 0;
    if (!x.reaped && x.pidfd >= 0) fds[n++] = {x.pidfd, POLLIN, 0};
    if (x.in.write >= 0) fds[n++] = {x.in.write, POLLOUT, 0};
    if (x.out.read >= 0) fds[n++] = {x.out.read, POLLIN, 0};
    if (x.err.read >= 0) fds[n++] = {x.err.read, POLLIN, 0};
    if (x.request.end_on_stop && StopWakeupFd() >= 0) fds[n++] = {StopWakeupFd(), POLLIN, 0};
    if (::poll(fds, n, WaitMs(x, now)) < 0 && errno != EINTR) break;
    Transfer(x, fds, n, result);
  }
}

}  // namespace

int RunningChildGroup() { return g_running_group.load(); }

Result<ChildResult> RunChild(const ChildRequest& request) {
  Steady::time_point start = Steady::now();
  Pipe in, out, err;
  Result<pid_t> pid = Start(request, in, out, err);
  if (!pid.ok()) return pid.status();
  if (request.started) request.started(*pid);
  Exchange x(request, *pid, in, out, err);
  ChildResult result;
  Pump(x, result);
  CloseAll({&in, &out, &err});
  Close(x.pidfd);
  // Whatever way the wait ended, the group goes: the program if it still
  // runs, and anything it left behind.
  if (x.wait_error != 0) {
    ::kill(-*pid, SIGKILL);
    g_running_group.store(0);
    return Status::Internal(request.path + ": waitpid: " + std::strerror(x.wait_error) + "; its exit status is unknown");
  }
  if (!x.reaped || GroupAlive(*pid)) EndGroup(*pid, x.reaped, x.status, request.grace);
  g_running_group.store(0);
  result.elapsed = std::chrono::duration_cast<Duration>(Steady::now() - start);
  if (WIFEXITED(x.status)) {
    result.exit_code = WEXITSTATUS(x.status);
  } else if (WIFSIGNALED(x.status)) {
    result.signal = WTERMSIG(x.status);
    result.exit_code = 128 + result.signal;
  }
  return result;
}

}  // namespace evt
