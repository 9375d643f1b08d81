#include "tools/evt/status_watch.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include <atomic>
#include <chrono>

#include "common/output_mode.h"
#include "common/process_state.h"

namespace evt::front {

namespace {

std::atomic<bool> g_resized{false};

void OnWindowChange(int) { g_resized.store(true); }

// Waits in short steps: SleepUnlessStopRequested wakes for a stop, and a
// resize must redraw as soon, not an interval later.
void WaitForNextFrame(Duration interval) {
  const auto until = std::chrono::steady_clock::now() + interval;
  while (!StopRequested() && !g_resized.load() && std::chrono::steady_clock::now() < until) {
    SleepUnlessStopRequested(Duration{50});
  }
}

// The terminal's height, so a screen taller than it is cut rather than
// scrolled (a scrolled frame leaves its top above the next one's home).
int TerminalRows() {
  winsize size{};
  return ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_row : 0;
}

std::string FirstLines(const std::string& text, int rows) {
  if (rows <= 0) return text;
  std::size_t end = 0;
  for (int i = 0; i < rows && end < text.size(); ++i) {
    std::size_t next = text.find('\n', end);
    end = next == std::string::npos ? text.size() : next + 1;
  }
  return text.substr(0, end);
}

}  // namespace

std::string InPlaceFrame(const std::string& screen) {
  std::string frame = "\x1b[H";
  std::size_t start = 0;
  while (start < screen.size()) {
    std::size_t end = screen.find('\n', start);
    if (end == std::string::npos) end = screen.size();
    frame.append(screen, start, end - start);
    frame += "\x1b[K";
    if (end + 1 < screen.size()) frame += "\n";
    start = end + 1;
  }
  frame += "\x1b[J";
  return frame;
}

Status WatchInPlace(Duration interval, const std::function<Result<std::string>(int width)>& screen) {
  struct sigaction action {};
  action.sa_handler = OnWindowChange;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGWINCH, &action, nullptr);
  std::fputs("\x1b[2J", stdout);
  while (!StopRequested()) {
    g_resized.store(false);
    Result<std::string> text = screen(TerminalWidth(STDOUT_FILENO));
    if (!text.ok()) return text.status();
    std::string frame = InPlaceFrame(FirstLines(*text, TerminalRows()));
    if (std::fwrite(frame.data(), 1, frame.size(), stdout) != frame.size() || std::fflush(stdout) != 0) {
      return Status::IoErr("write error: stdout");
    }
    WaitForNextFrame(interval);
  }
  return Status::Ok();
}

}  // namespace evt::front
