#include "tools/outbox/delivery_state.h"

#include <array>
#include <tuple>
#include <utility>

namespace evt::outbox {
namespace {

constexpr std::array<std::pair<DeliveryState, std::string_view>, 4> kNames = {{
    {DeliveryState::kPending, "pending"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kDeadLettered, "dead_lettered"},
    {DeliveryState::kDropped, "dropped"},
}};

// Final states before the retry count: a retry never revives a delivered or
// dropped row, however many retries another replica has seen.
int FinalRank(DeliveryState state) {
  if (state == DeliveryState::kDropped) return 2;
  if (state == DeliveryState::kDelivered) return 1;
  return 0;
}

auto JoinKey(const Delivery& d) {
  return std::tie(d.retries, d.attempts, d.updated_ms, d.by, d.last_status, d.last_error, d.next_attempt_ms);
}

}  // namespace

std::string_view DeliveryStateName(DeliveryState state) {
  for (const auto& [s, name] : kNames) {
    if (s == state) return name;
  }
  return "pending";
}

std::optional<DeliveryState> ParseDeliveryState(std::string_view name) {
  for (const auto& [s, n] : kNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

int DeliveryStateRank(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending: return 0;
    case DeliveryState::kDeadLettered: return 1;
    case DeliveryState::kDelivered: return 2;
    case DeliveryState::kDropped: return 3;
  }
  return 0;
}

bool IsFinal(DeliveryState state) { return FinalRank(state) > 0; }

bool JoinPrefers(const Delivery& a, const Delivery& b) {
  if (FinalRank(a.state) != FinalRank(b.state)) return FinalRank(a.state) > FinalRank(b.state);
  if (a.retries != b.retries) return a.retries > b.retries;
  if (a.state != b.state) return DeliveryStateRank(a.state) > DeliveryStateRank(b.state);
  return JoinKey(a) > JoinKey(b);
}

const Delivery& JoinDelivery(const Delivery& a, const Delivery& b) { return JoinPrefers(b, a) ? b : a; }

}  // namespace evt::outbox
