// The s3 destinations of one `evt-outbox run`: each loaded once at start
// (config, secrets, client, gate), so a missing key file fails before
// anything is sealed, then a pass over each per round (s3_pass.h). At the
// end of `run --watch` (SIGTERM) a last pass seals what is pending and
// uploads it before the service exits.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/outbox/outbox_config.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

struct S3RunsEnv {
  const OutboxConfig* config = nullptr;
  std::string state_dir;
  std::vector<std::string> child_args;  // --config, --state-dir for the gates' children
  const Clock* clock = nullptr;
  std::function<Status(const Value& record)> emit;
};

class S3Runs {
 public:
  // Every s3 destination of the config (only `only` when not empty).
  static Result<S3Runs> Load(const S3RunsEnv& env, const std::string& only);
  S3Runs(S3Runs&&) noexcept;
  S3Runs& operator=(S3Runs&&) noexcept;
  ~S3Runs();

  // One pass over each; `flush` seals whatever is pending. Config (refused
  // credentials) names the destination and endpoint; the caller decides
  // whether the run goes on, as for an http destination.
  Status RunPasses(OutboxStore& store, bool flush);
  bool empty() const;

 private:
  struct Run;
  explicit S3Runs(std::vector<std::unique_ptr<Run>> runs);
  std::vector<std::unique_ptr<Run>> runs_;
};

}  // namespace evt::outbox
