// Drives a libcurl multi handle from epoll: libcurl names the sockets to
// watch (CURLMOPT_SOCKETFUNCTION) and when its next timeout is due
// (CURLMOPT_TIMERFUNCTION), and a wake-up hands libcurl only the sockets
// that had an event and the timers that expired. curl_multi_poll and
// curl_multi_perform look at every transfer in flight on every wake-up,
// which at 64 probes at once was a large share of a probe's CPU time.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <optional>

namespace evt::probe {

class CurlEventLoop {
 public:
  // REQUIRES: `multi` outlives the loop and is driven only through it
  // (no curl_multi_perform/curl_multi_poll of the caller's own).
  explicit CurlEventLoop(CURLM* multi);
  ~CurlEventLoop();
  CurlEventLoop(const CurlEventLoop&) = delete;
  CurlEventLoop& operator=(const CurlEventLoop&) = delete;

  // Hands libcurl its timeout when it is due. Adding a handle makes it due
  // at once: this starts the transfers added since the last call.
  void RunDueTimer();

  // Waits at most `max_wait` for a socket event, libcurl's timer, Wake() or
  // a stop request (StopWakeupFd()), then hands libcurl what happened.
  // Once a stop is requested it no longer ends a wait: a caller draining
  // its attempts after the stop waits as before, not spins.
  void Wait(std::chrono::milliseconds max_wait);

  // Ends a Wait early; safe from any thread.
  void Wake();

 private:
  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  // False when the epoll set or the eventfd could not be made (out of
  // descriptors): then libcurl's own curl_multi_poll/perform drive it.
  bool Driven() const;
  void WatchStopFd();
  int WaitMillis(std::chrono::milliseconds max_wait) const;
  void SocketAction(curl_socket_t socket, int events);

  CURLM* multi_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;          // an eventfd
  int watched_stop_fd_ = -1;  // StopWakeupFd() while it is in the epoll set
  std::optional<std::chrono::steady_clock::time_point> timer_due_;
};

}  // namespace evt::probe
