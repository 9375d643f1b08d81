// Process start to the first line of output, the cold start a cashier
// waits for: `time` measures to the process's exit (and bash reports it in
// whole milliseconds), which adds the teardown and hides a few-millisecond
// figure in rounding.
//
//   first_line_latency RUNS INPUT PROGRAM [ARGS...]
// runs PROGRAM RUNS times with INPUT on stdin, and prints
//   "min MS median MS p90 MS cpu_median MS"
// where the times are from just before posix_spawn to the first newline
// read from its stdout, and cpu is the child's user + system time.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace {

struct Run {
  double first_line_ms = 0;
  double cpu_ms = 0;
};

bool RunOnce(const char* input, char** argv, Run& run) {
  int out[2];
  if (pipe(out) != 0) return false;
  int in = open(input, O_RDONLY | O_CLOEXEC);
  if (in < 0) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    std::fprintf(stderr, "first_line_latency: %s: %s\n", argv[0], std::strerror(spawned));
    return false;
  }
  char buffer[65536];
  bool seen_line = false;
  ssize_t n = 0;
  while ((n = read(out[0], buffer, sizeof buffer)) > 0) {
    if (!seen_line && std::memchr(buffer, '\n', static_cast<std::size_t>(n))) {
      run.first_line_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      seen_line = true;
    }
  }
  close(out[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.cpu_ms = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
               (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
  if (!seen_line) std::fprintf(stderr, "first_line_latency: %s wrote no line\n", argv[0]);
  return seen_line && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

double At(std::vector<double> values, double quantile) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(quantile * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: first_line_latency RUNS INPUT PROGRAM [ARGS...]\n");
    return 64;
  }
  int runs = std::atoi(argv[1]);
  if (runs < 1) runs = 1;
  std::vector<double> first_line, cpu;
  for (int i = 0; i < runs; ++i) {
    Run run;
    if (!RunOnce(argv[2], argv + 3, run)) return 1;
    first_line.push_back(run.first_line_ms);
    cpu.push_back(run.cpu_ms);
  }
  std::printf("min %.2f median %.2f p90 %.2f cpu_median %.2f\n", At(first_line, 0), At(first_line, 0.5),
              At(first_line, 0.9), At(cpu, 0.5));
  return 0;
}
