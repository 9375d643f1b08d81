#include "engine/probe/probe_engine.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>

#include "engine/probe/curl_event_loop.h"
#include "engine/probe/curl_transfer.h"
#include "engine/probe/dns_check.h"

namespace evt::probe {

struct ProbeEngine::DnsJob {
  Done done;
  ProbeResult result;
  std::atomic<bool> finished{false};
  std::thread thread;
};

namespace {

CURLM* Multi(void* m) { return static_cast<CURLM*>(m); }

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

ProbeEngine::ProbeEngine(const Clock& clock, std::size_t concurrency)
    : clock_(clock), concurrency_(std::max<std::size_t>(1, concurrency)) {
  InitCurlOnce();
  multi_ = curl_multi_init();
  // libcurl's default cache (4 connections per transfer in the multi)
  // shrinks when few transfers are in flight and closes kept-alive
  // connections that the next burst opens again (the engine test's bursts
  // opened 23-28 connections for 16 at once). Keep as many idle as can be
  // busy at once.
  curl_multi_setopt(Multi(multi_), CURLMOPT_MAXCONNECTS, static_cast<long>(concurrency_));
  loop_ = std::make_unique<CurlEventLoop>(Multi(multi_));
}

ProbeEngine::~ProbeEngine() {
  for (auto& transfer : transfers_) curl_multi_remove_handle(Multi(multi_), transfer->easy());
  transfers_.clear();
  for (void* easy : idle_easy_) curl_easy_cleanup(static_cast<CURL*>(easy));
  curl_multi_cleanup(Multi(multi_));
  // A DNS thread ends by its own timeout; it cannot be cancelled midway.
  for (auto& job : dns_jobs_) job->thread.join();
}

void ProbeEngine::Start(const Check& check, Done done) {
  queued_.push_back({&check, std::move(done)});
  LaunchQueued();
}

void ProbeEngine::LaunchQueued() {
  while (!queued_.empty() && running_ < concurrency_) {
    Queued job = std::move(queued_.front());
    queued_.pop_front();
    Launch(std::move(job));
  }
}

void ProbeEngine::Launch(Queued job) {
  ++running_;
  if (job.check->type == CheckType::kDns) {
    auto dns = std::make_unique<DnsJob>();
    dns->done = std::move(job.done);
    DnsJob* raw = dns.get();
    const Check* check = job.check;
    CurlEventLoop* loop = loop_.get();
    raw->thread = std::thread([raw, check, loop, this] {
      raw->result = RunDnsCheck(*check, clock_);
      raw->finished = true;
      loop->Wake();
    });
    std::lock_guard lock(dns_mutex_);
    dns_jobs_.push_back(std::move(dns));
    return;
  }
  CURL* easy = nullptr;
  if (!idle_easy_.empty()) {
    easy = static_cast<CURL*>(idle_easy_.back());
    idle_easy_.pop_back();
  }
  auto transfer = std::make_unique<CurlTransfer>(*job.check, clock_.Now(), easy);
  if (!transfer->setup_error().empty() ||
      curl_multi_add_handle(Multi(multi_), transfer->easy()) != CURLM_OK) {
    ProbeResult failed;
    failed.target = job.check->target;
    failed.type = job.check->type;
    failed.subject = job.check->Subject();
    failed.started = clock_.Now();
    failed.error = "cannot start the transfer: " + transfer->setup_error();
    --running_;
    job.done(std::move(failed));
    return;
  }
  transfers_.push_back(std::move(transfer));
  transfer_done_.push_back(std::move(job.done));
}

std::size_t ProbeEngine::CollectCurl() {
  std::size_t finished = 0;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(Multi(multi_), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    auto it = std::find_if(transfers_.begin(), transfers_.end(),
                           [&](const auto& t) { return t->easy() == message->easy_handle; });
    if (it == transfers_.end()) continue;
    CURLcode code = message->data.result;
    curl_multi_remove_handle(Multi(multi_), message->easy_handle);
    if ((*it)->FollowRedirect(code) && curl_multi_add_handle(Multi(multi_), message->easy_handle) == CURLM_OK)
      continue;
    std::size_t index = static_cast<std::size_t>(it - transfers_.begin());
    ProbeResult result = (*it)->Finish(code, clock_.Now());
    if (CURL* easy = (*it)->TakeReusableEasy()) idle_easy_.push_back(easy);
    Done done = std::move(transfer_done_[index]);
    // Swap-and-pop: order in flight does not matter.
    std::swap(transfers_[index], transfers_.back());
    std::swap(transfer_done_[index], transfer_done_.back());
    transfers_.pop_back();
    transfer_done_.pop_back();
    --running_;
    ++finished;
    done(std::move(result));
  }
  return finished;
}

std::size_t ProbeEngine::CollectDns() {
  std::vector<std::unique_ptr<DnsJob>> finished_jobs;
  {
    std::lock_guard lock(dns_mutex_);
    auto split = std::stable_partition(dns_jobs_.begin(), dns_jobs_.end(), [](const auto& j) { return !j->finished; });
    std::move(split, dns_jobs_.end(), std::back_inserter(finished_jobs));
    dns_jobs_.erase(split, dns_jobs_.end());
  }
  for (auto& job : finished_jobs) {
    job->thread.join();
    --running_;
    job->done(std::move(job->result));
  }
  return finished_jobs.size();
}

std::size_t ProbeEngine::Poll(std::chrono::milliseconds max_wait) {
  loop_->RunDueTimer();
  std::size_t finished = CollectCurl() + CollectDns();
  if (finished == 0) {
    // A stop signal ends the wait (CurlEventLoop::Wait), so the scheduler
    // can wait until the next probe is due instead of waking every few
    // milliseconds to look.
    loop_->Wait(max_wait);
    finished = CollectCurl() + CollectDns();
  }
  LaunchQueued();
  loop_->RunDueTimer();
  return finished;
}

}  // namespace evt::probe
