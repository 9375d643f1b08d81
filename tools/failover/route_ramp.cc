#include "tools/failover/route_ramp.h"

namespace evt::failover {

MemberRamp::MemberRamp(RampSpec ramp, std::optional<DampingSpec> damping) : ramp_(std::move(ramp)) {
  if (damping) damping_.emplace(*damping);
}

std::string MemberRamp::Down(TimePoint now) {
  healthy_ = false;
  const bool suppressed = damping_ && damping_->AddFlap(now);
  const Phase before = phase_;
  phase_ = suppressed || (damping_ && damping_->suppressed()) ? Phase::kSuppressed : Phase::kDown;
  if (phase_ == Phase::kSuppressed && before != Phase::kSuppressed)
    return "down, and suppressed by damping until " + FormatRfc3339(*damping_->state().suppressed_until);
  return before == Phase::kDown || before == Phase::kSuppressed ? "" : "down";
}

std::string MemberRamp::Up(TimePoint now) {
  healthy_ = true;
  passing_ = true;
  if (phase_ == Phase::kSuppressed) return "";  // back only when damping lets it
  return StartRamp(now);
}

std::string MemberRamp::StartRamp(TimePoint now) {
  phase_ = Phase::kRamping;
  step_ = 0;
  step_since_ = now;
  if (ramp_.steps.front() >= 100) {
    phase_ = Phase::kUp;
    return "up";
  }
  return "up: ramp step 1/" + std::to_string(ramp_.steps.size()) + " (" + std::to_string(ramp_.steps[0]) +
         " % of its share)";
}

std::string MemberRamp::Tick(TimePoint now) {
  if (phase_ == Phase::kSuppressed && damping_ && damping_->Refresh(now)) {
    if (!healthy_) {
      phase_ = Phase::kDown;
      return "";
    }
    return "reused after damping, " + StartRamp(now);
  }
  if (phase_ != Phase::kRamping || !passing_ || now - step_since_ < ramp_.hold) return "";
  ++step_;
  step_since_ = now;
  if (step_ + 1 >= ramp_.steps.size()) {
    phase_ = Phase::kUp;
    return "ramp done: its whole share after " + std::to_string(ramp_.steps.size()) + " steps";
  }
  return "ramp step " + std::to_string(step_ + 1) + "/" + std::to_string(ramp_.steps.size()) + " (" +
         std::to_string(ramp_.steps[step_]) + " % of its share)";
}

double MemberRamp::carried() const {
  switch (phase_) {
    case Phase::kUp: return 1;
    case Phase::kRamping: return ramp_.steps[step_] / 100.0;
    case Phase::kDown:
    case Phase::kSuppressed: return 0;
  }
  return 0;
}

std::optional<TimePoint> MemberRamp::next_due() const {
  if (phase_ == Phase::kRamping) return step_since_ + ramp_.hold;
  if (phase_ == Phase::kSuppressed && damping_) return damping_->state().suppressed_until;
  return std::nullopt;
}

}  // namespace evt::failover
