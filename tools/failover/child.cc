#include "tools/failover/child.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/process_state.h"

namespace evt::failover {
namespace {

std::vector<char*> Pointers(const std::vector<std::string>& strings) {
  std::vector<char*> p;
  for (const std::string& s : strings) p.push_back(const_cast<char*>(s.c_str()));
  p.push_back(nullptr);
  return p;
}

void Nap() {
  timespec ten_ms{0, 10 * 1000 * 1000};
  nanosleep(&ten_ms, nullptr);
}

enum class Wait { kEnded, kRunning, kFailed };

// Waits up to `limit` for the child: kEnded (*status set), kRunning when
// the limit passed, kFailed when waitpid itself failed (*error set): then
// the program's outcome is unknown, which is not a success.
Wait WaitFor(pid_t pid, Duration limit, int* status, int* error) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    const pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return Wait::kEnded;
    if (r < 0 && errno != EINTR) {
      *error = errno;
      return Wait::kFailed;
    }
    if (std::chrono::steady_clock::now() >= deadline) return Wait::kRunning;
    Nap();
  }
}

Status Outcome(int status) {
  if (WIFEXITED(status)) {
    if (WEXITSTATUS(status) == 0) return Status::Ok();
    return Status::CheckFailed("exit status " + std::to_string(WEXITSTATUS(status)));
  }
  if (WIFSIGNALED(status)) return Status::CheckFailed("killed by signal " + std::to_string(WTERMSIG(status)));
  return Status::CheckFailed("ended abnormally");
}

}  // namespace

Status RunProgram(const std::vector<std::string>& argv, const std::vector<std::string>& env, Duration timeout,
                  const std::function<void(pid_t group)>& started) {
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_adddup2(&files, STDERR_FILENO, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  // Our handlers ignore SIGPIPE; the program gets the defaults back.
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args = Pointers(argv);
  std::vector<char*> envp = Pointers(env);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &files, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return Status::Unavailable("cannot start " + argv[0] + ": " + std::strerror(rc));
  if (started) started(pid);
  int status = 0;
  int error = 0;
  const Wait waited = WaitFor(pid, timeout, &status, &error);
  if (waited != Wait::kRunning) {
    kill(-pid, SIGKILL);  // whatever it left behind in its group
    if (waited == Wait::kFailed)
      return Status::Internal("cannot learn how " + argv[0] + " ended: waitpid: " + std::strerror(error));
    return Outcome(status);
  }
  kill(-pid, SIGTERM);
  if (WaitFor(pid, Duration(1000), &status, &error) == Wait::kRunning) {
    kill(-pid, SIGKILL);
    WaitFor(pid, Duration(5000), &status, &error);
  }
  return Status::CheckFailed("timed out after " + FormatDuration(timeout));
}

}  // namespace evt::failover
