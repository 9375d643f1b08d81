#include "tools/outbox/store_ledger.h"

namespace evt::outbox {

Result<std::vector<DueDelivery>> StoreLedger::Due(const std::string& destination, TimePoint now, std::size_t limit) {
  return store_.Due(destination, now, limit);
}
Result<bool> StoreLedger::MarkDelivered(const std::string& id, const std::string& destination, TimePoint now,
                                        int status, const std::string& kiosk) {
  return store_.MarkDelivered(id, destination, now, status, kiosk);
}
Result<bool> StoreLedger::MarkRetry(const std::string& id, const std::string& destination, TimePoint now,
                                    TimePoint next_attempt, int status, const std::string& error,
                                    const std::string& kiosk) {
  return store_.MarkRetry(id, destination, now, next_attempt, status, error, kiosk);
}
Result<bool> StoreLedger::MarkDeadLettered(const std::string& id, const std::string& destination, TimePoint now,
                                           int status, const std::string& response_text, const std::string& kiosk) {
  return store_.MarkDeadLettered(id, destination, now, status, response_text, kiosk);
}
Result<std::optional<TimePoint>> StoreLedger::PeerLastSeen(const std::string& kiosk) {
  return store_.PeerLastSeen(kiosk);
}

}  // namespace evt::outbox
