// Runs many checks at once on one thread: HTTP and TCP on one libcurl multi
// handle, DNS questions each on a short-lived thread of their own (c-ares),
// with at most `concurrency` in flight. What the scheduler, `evt-probe
// http URL...` and a later flow engine all drive.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "engine/probe/check.h"
#include "engine/probe/probe_result.h"
#include "engine/probe/probe_runner.h"

namespace evt::probe {

class CurlEventLoop;
class CurlTransfer;

class ProbeEngine final : public ProbeRunner {
 public:

  // REQUIRES: concurrency >= 1; `clock` outlives the engine.
  ProbeEngine(const Clock& clock, std::size_t concurrency);
  ~ProbeEngine() override;  // abandons whatever is still in flight, joining DNS threads
  ProbeEngine(const ProbeEngine&) = delete;
  ProbeEngine& operator=(const ProbeEngine&) = delete;

  // Queues one attempt; `done` runs from Poll() with the result. `check`
  // must outlive the attempt.
  void Start(const Check& check, Done done) override;

  // Moves transfers along, waiting at most `max_wait` for something to
  // happen; runs the `done` of every attempt that finished. Returns how
  // many finished. A stop requested during the wait (StopWakeupFd()) ends
  // it early.
  std::size_t Poll(std::chrono::milliseconds max_wait) override;

  // Queued or in flight.
  std::size_t busy() const { return queued_.size() + running_; }

 private:
  struct Queued {
    const Check* check;
    Done done;
  };
  struct DnsJob;

  void Launch(Queued job);
  void LaunchQueued();
  std::size_t CollectCurl();
  std::size_t CollectDns();

  const Clock& clock_;
  std::size_t concurrency_;
  void* multi_;  // CURLM*, kept out of this header
  std::unique_ptr<CurlEventLoop> loop_;
  std::deque<Queued> queued_;
  std::size_t running_ = 0;
  std::vector<std::unique_ptr<CurlTransfer>> transfers_;
  std::vector<Done> transfer_done_;  // parallel to transfers_
  std::vector<void*> idle_easy_;     // CURL*s reset after a transfer, for the next

  std::mutex dns_mutex_;
  std::vector<std::unique_ptr<DnsJob>> dns_jobs_;
};

}  // namespace evt::probe
