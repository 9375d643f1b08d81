#include "tools/outbox/queue_transforms.h"

#include "tools/outbox/record_id.h"
#include "tools/outbox/rollup_store.h"

namespace evt::outbox {

Result<QueueTransforms> ReadQueueTransforms(const ConfigObject& queue, const std::string& folder) {
  QueueTransforms t;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> privacy, queue.OptionalObject("privacy"));
  if (privacy) {
    EVT_ASSIGN_OR_RETURN(t.privacy, ReadPrivacySpec(*privacy, folder));
  }
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> sampling, queue.OptionalObject("sampling"));
  if (sampling) {
    EVT_ASSIGN_OR_RETURN(t.sampling, ReadSamplingSpec(*sampling));
  }
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> rollup, queue.OptionalObject("rollup"));
  if (rollup) {
    EVT_ASSIGN_OR_RETURN(t.rollup, ReadRollupSpec(*rollup));
  }
  EVT_ASSIGN_OR_RETURN(std::string ship, queue.String("ship", "records"));
  if (ship != "records" && ship != "rollups")
    return queue.Error("ship", "expected \"records\" or \"rollups\", got \"" + ship + "\"");
  t.rollups_only = ship == "rollups";
  if (t.rollups_only && !t.rollup) return queue.Error("ship", "\"rollups\" needs a \"rollup\" key to make them");
  return t;
}

struct QueueTransformer::State {
  std::string queue;
  QueueTransforms transforms;
  std::optional<Privacy> privacy;
  std::optional<RollupStore> owned_rollups;
  RollupStore* rollups = nullptr;
  RollupCells counted;  // since the last SaveRollups
  RollupCells sealed;   // by the last SealClosed
  std::size_t not_stored = 0;
};

QueueTransformer::QueueTransformer(std::unique_ptr<State> state) : state_(std::move(state)) {}
QueueTransformer::QueueTransformer(QueueTransformer&&) noexcept = default;
QueueTransformer::~QueueTransformer() = default;

Result<QueueTransformer> QueueTransformer::Make(const std::string& queue, const QueueTransforms& transforms,
                                                RollupStore* rollups, const EnvLookup& env) {
  if (transforms.rollup && rollups == nullptr) return Status::Internal("a roll-up without a store for " + queue);
  auto state = std::make_unique<State>();
  state->queue = queue;
  state->transforms = transforms;
  state->rollups = rollups;
  if (transforms.privacy) {
    EVT_ASSIGN_OR_RETURN(state->privacy, Privacy::Make(*transforms.privacy, env));
  }
  return QueueTransformer(std::move(state));
}

Result<QueueTransformer> QueueTransformer::Make(const std::string& queue, const QueueTransforms& transforms,
                                                const std::string& state_dir, const EnvLookup& env) {
  QueueTransforms without_rollup = transforms;
  without_rollup.rollup.reset();
  EVT_ASSIGN_OR_RETURN(QueueTransformer t, Make(queue, without_rollup, nullptr, env));
  if (transforms.rollup) {
    EVT_ASSIGN_OR_RETURN(t.state_->owned_rollups, RollupStore::Open(state_dir));
    t.state_->rollups = &*t.state_->owned_rollups;
    t.state_->transforms.rollup = transforms.rollup;
  }
  return t;
}

void QueueTransformer::Privatise(Value& record) const {
  if (state_->privacy) state_->privacy->Apply(record);
}

bool QueueTransformer::Keeps(const Value& record, std::string_view id, TimePoint now) {
  const QueueTransforms& t = state_->transforms;
  if (t.rollup) Offer(*t.rollup, record, now, state_->counted);
  const bool kept = !t.rollups_only && (!t.sampling || outbox::Keeps(*t.sampling, record, id));
  if (!kept) ++state_->not_stored;
  return kept;
}

std::size_t QueueTransformer::TakeNotStored() { return std::exchange(state_->not_stored, 0); }

Status QueueTransformer::SaveRollups() {
  if (state_->rollups == nullptr) return Status::Ok();
  EVT_RETURN_IF_ERROR(state_->rollups->Add(state_->queue, state_->counted));
  state_->counted.clear();
  return Status::Ok();
}

Result<std::vector<OutboxRecord>> QueueTransformer::SealClosed(const std::string& kiosk, TimePoint now) {
  std::vector<OutboxRecord> records;
  if (state_->rollups == nullptr) return records;
  const Duration interval = state_->transforms.rollup->interval;
  EVT_ASSIGN_OR_RETURN(state_->sealed, state_->rollups->Closed(state_->queue, interval, now));
  for (const auto& [key, cell] : state_->sealed) {
    EVT_ASSIGN_OR_RETURN(Value record, RollupRecord(SealedRollup{state_->queue, kiosk, interval, key}, cell, now));
    EVT_ASSIGN_OR_RETURN(OutboxRecord made, MakeOutboxRecord(record, state_->queue, kiosk, now));
    records.push_back(std::move(made));
  }
  return records;
}

Status QueueTransformer::ForgetSealed() {
  if (state_->rollups == nullptr) return Status::Ok();
  EVT_RETURN_IF_ERROR(state_->rollups->Remove(state_->queue, state_->sealed));
  state_->sealed.clear();
  return Status::Ok();
}

}  // namespace evt::outbox
