#include "common/heartbeat.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "common/clock.h"
#include "common/messages.h"
#include "common/site_store.h"
#include "common/state_dir.h"

namespace evt {
namespace {

bool PidGone(std::int64_t pid) { return pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

Beat ReadRow(const Statement& row) {
  Beat b;
  b.daemon = row.ColumnText(0);
  b.pid = row.ColumnInt64(1);
  b.host = row.ColumnText(2);
  b.started_at = FromEpochMs(row.ColumnInt64(3));
  b.beat_at = FromEpochMs(row.ColumnInt64(4));
  b.one_shot = row.ColumnInt64(5) != 0;
  return b;
}

TimePoint Now() { return SystemClock().Now(); }

}  // namespace

std::string ThisHost() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

bool IsAlive(const Beat& beat, TimePoint now, std::string_view this_host) {
  if (beat.one_shot) return false;
  if (now - beat.beat_at > kMissedBeats * kBeatEvery) return false;
  return !(beat.host == this_host && PidGone(beat.pid));
}

std::string LivenessText(const Beat& beat, TimePoint now, std::string_view this_host) {
  if (beat.one_shot) return "last run";
  return IsAlive(beat, now, this_host) ? "alive" : "stale";
}

Status WriteBeat(Store& site, const Beat& beat) {
  Result<Statement> put = site.Prepare(
      "INSERT OR REPLACE INTO heartbeat (daemon, pid, host, started_ms, beat_ms, one_shot) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!put.ok()) return put.status();
  EVT_RETURN_IF_ERROR(put->BindAll({beat.daemon, beat.pid, beat.host, ToEpochMs(beat.started_at),
                                    ToEpochMs(beat.beat_at), beat.one_shot ? 1 : 0}));
  return put->Run();
}

Status RemoveBeat(Store& site, std::string_view daemon, std::int64_t pid) {
  Result<Statement> del = site.Prepare("DELETE FROM heartbeat WHERE daemon = ?1 AND pid = ?2");
  if (!del.ok()) return del.status();
  EVT_RETURN_IF_ERROR(del->BindAll({daemon, pid}));
  return del->Run();
}

Result<std::vector<Beat>> ReadBeats(Store& site) {
  Result<Statement> rows =
      site.Prepare("SELECT daemon, pid, host, started_ms, beat_ms, one_shot FROM heartbeat ORDER BY daemon");
  if (!rows.ok()) return rows.status();
  std::vector<Beat> beats;
  while (true) {
    Result<bool> more = rows->Step();
    if (!more.ok()) return more.status();
    if (!*more) return beats;
    beats.push_back(ReadRow(*rows));
  }
}

Result<std::vector<Beat>> ReadBeats(const std::string& state_dir) {
  struct stat st;
  if (stat(JoinPath(state_dir, "site.db").c_str(), &st) != 0) return std::vector<Beat>{};
  Result<Store> site = OpenSiteStore(state_dir);
  if (!site.ok()) return site.status();
  return ReadBeats(*site);
}

std::optional<Beat> FindLive(const std::vector<Beat>& beats, const std::vector<std::string>& daemons, TimePoint now) {
  const std::string host = ThisHost();
  for (const Beat& b : beats) {
    for (const std::string& d : daemons) {
      if (b.daemon == d && IsAlive(b, now, host)) return b;
    }
  }
  return std::nullopt;
}

Result<std::unique_ptr<Heartbeat>> Heartbeat::Start(const std::string& state_dir, std::string daemon) {
  Result<Store> site = OpenSiteStore(state_dir);
  if (!site.ok()) return site.status();
  const TimePoint now = Now();
  Beat beat{std::move(daemon), static_cast<std::int64_t>(getpid()), ThisHost(), now, now, false};
  EVT_RETURN_IF_ERROR(WriteBeat(*site, beat));
  return std::unique_ptr<Heartbeat>(new Heartbeat(std::move(*site), std::move(beat)));
}

Heartbeat::Heartbeat(Store site, Beat beat) : site_(std::move(site)), beat_(std::move(beat)) {
  thread_ = std::thread([this] { Loop(); });
}

Heartbeat::~Heartbeat() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  (void)RemoveBeat(site_, beat_.daemon, beat_.pid);
}

void Heartbeat::Loop() {
  bool warned = false;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, kBeatEvery, [this] { return stop_; })) {
    beat_.beat_at = Now();
    Status written = WriteBeat(site_, beat_);
    // Once: a busy store is retried at the next beat, and a log full of
    // the same line helps nobody.
    if (!written.ok() && !warned) PrintWarning("heartbeat: " + written.message());
    warned = warned || !written.ok();
  }
}

Status RecordRun(const std::string& state_dir, std::string daemon, TimePoint started_at) {
  Result<Store> site = OpenSiteStore(state_dir);
  if (!site.ok()) return site.status();
  return WriteBeat(*site, Beat{std::move(daemon), static_cast<std::int64_t>(getpid()), ThisHost(), started_at, Now(), true});
}

Result<RunBeat> RunBeat::Start(const std::string& state_dir, std::string daemon, bool long_running) {
  RunBeat beat;
  beat.state_dir_ = state_dir;
  beat.daemon_ = std::move(daemon);
  beat.started_at_ = Now();
  if (long_running) {
    Result<std::unique_ptr<Heartbeat>> heartbeat = Heartbeat::Start(state_dir, beat.daemon_);
    if (!heartbeat.ok()) return heartbeat.status();
    beat.heartbeat_ = std::move(*heartbeat);
  }
  return beat;
}

Status RunBeat::Finish() {
  if (heartbeat_) {
    heartbeat_.reset();
    return Status::Ok();
  }
  return RecordRun(state_dir_, daemon_, started_at_);
}

}  // namespace evt
