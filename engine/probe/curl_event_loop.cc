#include "engine/probe/curl_event_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>

#include "common/process_state.h"

namespace evt::probe {
namespace {

using Steady = std::chrono::steady_clock;

// Events handled per wake-up; more stay ready for the next one.
constexpr int kMaxEvents = 128;

std::uint32_t EpollEventsFor(int what) {
  std::uint32_t events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= EPOLLOUT;
  return events;
}

int CurlEventsFor(std::uint32_t events) {
  // An error or hang-up is for libcurl to find by reading or writing:
  // it reads the socket's error itself (a refused connect) and says it
  // in its own words.
  if (events & (EPOLLERR | EPOLLHUP)) return CURL_CSELECT_IN | CURL_CSELECT_OUT;
  return ((events & EPOLLIN) ? CURL_CSELECT_IN : 0) | ((events & EPOLLOUT) ? CURL_CSELECT_OUT : 0);
}

}  // namespace

CurlEventLoop::CurlEventLoop(CURLM* multi) : multi_(multi) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0) return;  // then Wait falls back to curl_multi_poll
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlEventLoop::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlEventLoop::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlEventLoop::~CurlEventLoop() {
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

bool CurlEventLoop::Driven() const { return epoll_fd_ >= 0 && wake_fd_ >= 0; }

int CurlEventLoop::OnSocket(CURL*, curl_socket_t socket, int what, void* self, void* socket_data) {
  auto* loop = static_cast<CurlEventLoop*>(self);
  if (what == CURL_POLL_REMOVE) {
    // libcurl forgets the socket's data itself; a socket it closed first
    // has left the set already. Removed even when a close follows: a
    // child process (a failover action) may hold a copy of the socket,
    // which would keep it in the set, ready for ever.
    epoll_ctl(loop->epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.events = EpollEventsFor(what);
  event.data.fd = socket;
  // The socket's data marks a socket already in the set; should the set
  // and libcurl disagree, the other operation is what the set needs.
  int op = socket_data != nullptr ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(loop->epoll_fd_, op, socket, &event) != 0)
    epoll_ctl(loop->epoll_fd_, op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, &event);
  if (socket_data == nullptr) curl_multi_assign(loop->multi_, socket, loop);
  return 0;
}

int CurlEventLoop::OnTimer(CURLM*, long timeout_ms, void* self) {
  auto* loop = static_cast<CurlEventLoop*>(self);
  if (timeout_ms < 0) {
    loop->timer_due_.reset();
  } else {
    loop->timer_due_ = Steady::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

void CurlEventLoop::SocketAction(curl_socket_t socket, int events) {
  int running = 0;
  curl_multi_socket_action(multi_, socket, events, &running);
}

void CurlEventLoop::RunDueTimer() {
  if (!Driven()) {
    int running = 0;
    curl_multi_perform(multi_, &running);
    return;
  }
  if (!timer_due_ || Steady::now() < *timer_due_) return;
  // libcurl may set the next timeout while this one runs.
  timer_due_.reset();
  SocketAction(CURL_SOCKET_TIMEOUT, 0);
}

int CurlEventLoop::WaitMillis(std::chrono::milliseconds max_wait) const {
  std::int64_t wait = std::clamp<std::int64_t>(max_wait.count(), 0, INT_MAX);
  if (timer_due_) {
    auto until = std::chrono::ceil<std::chrono::milliseconds>(*timer_due_ - Steady::now()).count();
    wait = std::min<std::int64_t>(wait, std::max<std::int64_t>(0, until));
  }
  return static_cast<int>(wait);
}

void CurlEventLoop::WatchStopFd() {
  int wanted = StopRequested() ? -1 : StopWakeupFd();
  if (wanted == watched_stop_fd_) return;
  if (watched_stop_fd_ >= 0) epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, watched_stop_fd_, nullptr);
  watched_stop_fd_ = -1;
  if (wanted < 0) return;
  epoll_event stop{};
  stop.events = EPOLLIN;
  stop.data.fd = wanted;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wanted, &stop) == 0) watched_stop_fd_ = wanted;
}

void CurlEventLoop::Wait(std::chrono::milliseconds max_wait) {
  if (!Driven()) {
    curl_waitfd stop{StopRequested() ? -1 : StopWakeupFd(), CURL_WAIT_POLLIN, 0};
    curl_multi_poll(multi_, &stop, stop.fd >= 0 ? 1 : 0, WaitMillis(max_wait), nullptr);
    RunDueTimer();
    return;
  }
  WatchStopFd();
  epoll_event events[kMaxEvents];
  int n = epoll_wait(epoll_fd_, events, kMaxEvents, WaitMillis(max_wait));
  for (int i = 0; i < n; ++i) {
    int fd = events[i].data.fd;
    if (fd == wake_fd_) {
      std::uint64_t count = 0;
      ssize_t ignored = read(wake_fd_, &count, sizeof count);
      (void)ignored;
    } else if (fd != watched_stop_fd_) {
      SocketAction(fd, CurlEventsFor(events[i].events));
    }
  }
  RunDueTimer();
}

void CurlEventLoop::Wake() {
  if (!Driven()) {
    curl_multi_wakeup(multi_);
    return;
  }
  std::uint64_t one = 1;
  ssize_t ignored = write(wake_fd_, &one, sizeof one);  // a full counter is readable already
  (void)ignored;
}

}  // namespace evt::probe
