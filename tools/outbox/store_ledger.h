// The delivery pass's ledger on the outbox store: each call is the store's
// own operation, one transaction each.
#pragma once

#include "tools/outbox/delivery_pass.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

class StoreLedger final : public DeliveryLedger {
 public:
  explicit StoreLedger(OutboxStore& store) : store_(store) {}
  Result<std::vector<DueDelivery>> Due(const std::string& destination, TimePoint now, std::size_t limit) override;
  Result<bool> MarkDelivered(const std::string& id, const std::string& destination, TimePoint now, int status,
                             const std::string& kiosk) override;
  Result<bool> MarkRetry(const std::string& id, const std::string& destination, TimePoint now, TimePoint next_attempt,
                         int status, const std::string& error, const std::string& kiosk) override;
  Result<bool> MarkDeadLettered(const std::string& id, const std::string& destination, TimePoint now, int status,
                                const std::string& response_text, const std::string& kiosk) override;
  Result<std::optional<TimePoint>> PeerLastSeen(const std::string& kiosk) override;

 private:
  OutboxStore& store_;
};

}  // namespace evt::outbox
