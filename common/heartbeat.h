// Daemons' heartbeats in the state root (site.db), so that `status` can
// tell a live daemon from stale state and `force` can refuse to leave a
// request nobody will apply (doc/design.md §4.4). A daemon beats every kBeatEvery;
// it is stale after kMissedBeats beats missed, or at once when its pid is
// gone from this host. A run from a timer (budget check, scrape without
// --interval) leaves a one-shot beat: when it last ran.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/duration.h"
#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"

namespace evt {

inline constexpr Duration kBeatEvery{5000};
inline constexpr int kMissedBeats = 3;

struct Beat {
  std::string daemon;  // "failover watch", "budget check"
  std::int64_t pid = 0;
  std::string host;
  TimePoint started_at{};
  TimePoint beat_at{};
  bool one_shot = false;  // a timer's run: beat_at is when it ended
};

// This machine's name, as beats record it.
std::string ThisHost();

// Whether the daemon that wrote `beat` still runs: a one-shot beat never
// does; a beat older than kMissedBeats * kBeatEvery is stale; a pid that
// no longer exists on this host is gone whatever the beat's age.
bool IsAlive(const Beat& beat, TimePoint now, std::string_view this_host);

// "alive", "stale" or "last run" (one-shot), for status.
std::string LivenessText(const Beat& beat, TimePoint now, std::string_view this_host);

Status WriteBeat(Store& site, const Beat& beat);
// Removes the beat of `daemon` if `pid` wrote it (a newer daemon's stays).
Status RemoveBeat(Store& site, std::string_view daemon, std::int64_t pid);
Result<std::vector<Beat>> ReadBeats(Store& site);
// The beats of <state_dir>/site.db; none when there is no site.db yet.
Result<std::vector<Beat>> ReadBeats(const std::string& state_dir);

// The first live beat among `daemons`, else nullopt.
std::optional<Beat> FindLive(const std::vector<Beat>& beats, const std::vector<std::string>& daemons, TimePoint now);

// A long-running command's heartbeat: Start writes the first beat, a thread
// of its own writes one every kBeatEvery (a daemon blocked on its input
// still beats; one that hangs does not die, but its pid does when it is
// killed), and the destructor stops it and removes the beat, so a daemon
// that ended cleanly is not shown as stale.
class Heartbeat {
 public:
  static Result<std::unique_ptr<Heartbeat>> Start(const std::string& state_dir, std::string daemon);
  ~Heartbeat();
  Heartbeat(const Heartbeat&) = delete;
  Heartbeat& operator=(const Heartbeat&) = delete;

 private:
  Heartbeat(Store site, Beat beat);
  void Loop();

  Store site_;
  Beat beat_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

// A timer's run of `daemon` ended now: its one-shot beat.
Status RecordRun(const std::string& state_dir, std::string daemon, TimePoint started_at);

// The beat of a command that runs either as a daemon (--interval,
// --follow: a Heartbeat) or from a timer (a one-shot beat at Finish), so
// status can tell a live timer from a dead one by when it last ran.
class RunBeat {
 public:
  static Result<RunBeat> Start(const std::string& state_dir, std::string daemon, bool long_running);
  // A timer's run writes its beat; a daemon's heartbeat stops.
  Status Finish();

 private:
  RunBeat() = default;
  std::string state_dir_;
  std::string daemon_;
  TimePoint started_at_{};
  std::unique_ptr<Heartbeat> heartbeat_;
};

}  // namespace evt
