// A SteeringDriver in memory for the route tests: one backend whose
// weights ApplyWeights sets, able to fail the next N applies with a
// proxy's words or to read back other weights than it was given.
#pragma once

#include <string>
#include <vector>

#include "tools/failover/steering_driver.h"

namespace evt::failover::testing {

class FakeSteeringDriver final : public SteeringDriver {
 public:
  struct Shared {
    BackendState state;
    int fail_next = 0;         // applies to refuse
    std::string refusal = "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.";
    bool misreport = false;    // read back weight 1 for every member
    int applies = 0;           // ApplyWeights calls
    std::vector<std::string> limits;  // reduced mode in force, as "route:deny" / "route:rate"
  };
  explicit FakeSteeringDriver(Shared* shared) : s_(shared) {}

  std::string Name() const override { return "fake:" + s_->state.backend; }
  Result<BackendState> Read(const std::string&) override { return s_->state; }
  Result<BackendState> ApplyWeights(const std::string&, const std::vector<MemberWeight>& weights) override {
    ++s_->applies;
    if (s_->fail_next > 0) {
      --s_->fail_next;
      return Status::WithCode(ExitCode::kUnavailable, s_->refusal);
    }
    for (MemberState& m : s_->state.members)
      for (const MemberWeight& w : weights)
        if (w.member == m.member) m.weight = s_->misreport ? 1 : w.weight;
    return s_->state;
  }
  Result<BackendState> SetAdmin(const std::string&, const std::string&, AdminState) override { return s_->state; }
  Result<std::string> EnterReduced(const std::vector<ClassLimit>& limits) override {
    std::string token;
    for (const std::string& l : s_->limits) token += l + ";";
    s_->limits.clear();
    for (const ClassLimit& l : limits) s_->limits.push_back(l.route + (l.deny ? ":deny" : ":rate"));
    return token;
  }
  Status LeaveReduced(const std::string& token) override {
    s_->limits.clear();
    for (std::size_t at = 0, semi; (semi = token.find(';', at)) != std::string::npos; at = semi + 1)
      s_->limits.push_back(token.substr(at, semi - at));
    return Status::Ok();
  }

 private:
  Shared* s_;
};

inline BackendState TwoServers(std::string backend, int cache, int origin) {
  return BackendState{std::move(backend), "roundrobin",
                      {MemberState{"cache", cache, AdminState::kReady, true},
                       MemberState{"origin", origin, AdminState::kReady, true}}};
}

}  // namespace evt::failover::testing
