#include "tools/scrape/render.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "tools/scrape/body_limit.h"

extern char** environ;

namespace evt::scrape {

Result<std::string> FindRenderer() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      std::size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      std::string candidate = dirs.substr(start, end - start) + "/" + name;
      if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  return Status::Unavailable("--render: no headless Chromium found on PATH (looked for chromium, chromium-browser, "
                             "google-chrome-stable, google-chrome); install Debian's chromium, or scrape the JSON "
                             "endpoint the page calls (see evt-scrape(1))");
}

Result<std::string> RenderPage(const std::string& browser, const std::string& url, std::chrono::milliseconds timeout,
                               std::uint64_t max_bytes) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::IoErr(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> args = {browser, "--headless", "--disable-gpu", "--no-sandbox", "--dump-dom", url};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, browser.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return Status::Unavailable("--render: cannot start " + browser + ": " + std::strerror(rc));
  }
  std::string dom;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  char buffer[65536];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fds[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) == 0) {
      timed_out = true;
      break;
    }
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    dom.append(buffer, static_cast<std::size_t>(n));
    if (dom.size() > max_bytes) break;
  }
  close(fds[0]);
  bool too_big = dom.size() > max_bytes;
  if (timed_out || too_big) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  if (timed_out) return Status::TempFail("--render: " + url + ": the browser did not finish within the timeout");
  if (too_big) return Status::DataErr("--render: " + url + ": the page is over " + SizeText(max_bytes) + " (max_body)");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return Status::Unavailable("--render: " + browser + " failed on " + url);
  return dom;
}

}  // namespace evt::scrape
