// What a queue does to records at `put` before they are stored
// (doc/design.md §15), read from its "privacy", "sampling", "rollup" and
// "ship" keys:
//
//   "telemetry": {"class": "non-essential", "destinations": ["archive"],
//     "privacy": {"drop": ["customer"], "pseudonymise": ["user"], "truncate_ip": ["client_ip"],
//                 "key": {"file": "privacy.key"}},
//     "sampling": {"keep": 0.1, "slow_ms": 500, "keep_failures": true},
//     "rollup": {"interval": "60s", "by": ["kind", "target", "status_class"]},
//     "ship": "records"}
//
// In this order: privacy (privacy.h), then the roll-up counts the record
// (rollup.h, every record offered), then sampling decides whether it is
// stored (sampling.h); "ship": "rollups" stores none of them, only the
// roll-ups. Records not stored are counted in outbox.put's sampled_out.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_object.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/outbox/outbox_record.h"
#include "tools/outbox/privacy.h"
#include "tools/outbox/rollup.h"
#include "tools/outbox/sampling.h"

namespace evt::outbox {

struct QueueTransforms {
  std::optional<PrivacySpec> privacy;
  std::optional<SamplingSpec> sampling;
  std::optional<RollupSpec> rollup;
  bool rollups_only = false;  // "ship": "rollups"
};

// Reads the four keys of a queue's object (78 naming the key; "ship" is
// "records" or "rollups", the latter only with "rollup").
Result<QueueTransforms> ReadQueueTransforms(const ConfigObject& queue, const std::string& folder);

class RollupStore;

// A queue's transforms during one put.
class QueueTransformer {
 public:
  // Reads the privacy key when the queue pseudonymises; opens the roll-up
  // store in `state_dir` when it rolls up.
  static Result<QueueTransformer> Make(const std::string& queue, const QueueTransforms& transforms,
                                       const std::string& state_dir, const EnvLookup& env = SystemEnv);
  // For tests: roll-ups kept in `rollups`, which must outlive this.
  static Result<QueueTransformer> Make(const std::string& queue, const QueueTransforms& transforms,
                                       RollupStore* rollups, const EnvLookup& env = SystemEnv);
  QueueTransformer(QueueTransformer&&) noexcept;
  ~QueueTransformer();

  // REQUIRES: record is an object.
  void Privatise(Value& record) const;
  // Counts the (privatised) record in its roll-up at `now`, and says
  // whether it is stored; a record that is not is counted for TakeNotStored.
  bool Keeps(const Value& record, std::string_view id, TimePoint now);
  // The records Keeps turned away since the last call.
  std::size_t TakeNotStored();

  // Saves the roll-up counts since the last call (after their batch is stored).
  Status SaveRollups();
  // The outbox.rollup records of the intervals closed at `now`, to be put
  // into the queue; then ForgetSealed. Sealing twice (a kill -9 between)
  // makes the same records, stored once.
  Result<std::vector<OutboxRecord>> SealClosed(const std::string& kiosk, TimePoint now);
  Status ForgetSealed();

 private:
  struct State;
  explicit QueueTransformer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace evt::outbox
