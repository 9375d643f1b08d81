// HAProxy's health counter (src/check.c): health runs 0..rise+fall-1 and
// the path is up while health >= rise. A failure while up counts down and,
// dropping below rise, falls to 0; a success while down counts up and,
// reaching rise, jumps to the top. So one opposite result resets a streak.
#pragma once

namespace evt::failover {

class HealthCounter {
 public:
  // Starts at health = rise: up, but down at the first failure, as HAProxy
  // starts a server it has not checked yet.
  // REQUIRES: rise >= 1, fall >= 1.
  HealthCounter(int rise, int fall) : rise_(rise), fall_(fall), health_(rise) {}

  // Counts one check; returns true when up/down flipped.
  bool Record(bool success);

  bool up() const { return health_ >= rise_; }
  int health() const { return health_; }
  int top() const { return rise_ + fall_ - 1; }
  // For a restart: a stored value, clamped into 0..top().
  void Restore(int health);

 private:
  int rise_;
  int fall_;
  int health_;
};

}  // namespace evt::failover
