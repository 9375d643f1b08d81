// Action programs outlive a decider killed with -9: they run in their own
// process group, which nobody then ends. The decider names the group of
// the program it runs in a small file in the state folder; the next
// decider on that folder ends what is left of it before it runs actions
// of its own, so two instances of a switch action never run side by side.
#pragma once

#include <sys/types.h>

#include <string>

namespace evt::failover {

class OrphanReaper {
 public:
  // No file: nothing is recorded or reaped (in-memory stores, tests).
  OrphanReaper() = default;
  explicit OrphanReaper(std::string file) : file_(std::move(file)) {}

  // Ends (SIGTERM, then SIGKILL after a grace) the group the file names
  // when the decider that wrote it is gone; a live decider's program is
  // left alone. True when a group was ended.
  bool ReapLeftovers() const;
  // `group` (the program's pid) runs now / has ended. Failures to write
  // the file are not the action's: they only weaken the next restart.
  void Started(pid_t group) const;
  void Ended() const;

 private:
  std::string file_;
};

}  // namespace evt::failover
