#include "tools/outbox/s3_segment_runs.h"

#include <algorithm>
#include <random>

#include "common/messages.h"
#include "common/process_state.h"
#include "tools/outbox/gate.h"
#include "tools/outbox/s3_client.h"
#include "tools/outbox/s3_destination.h"
#include "tools/outbox/s3_pass.h"
#include "tools/outbox/s3_segment_target.h"

namespace evt::outbox {

struct S3Runs::Run {
  std::unique_ptr<Gate> gate;
  std::unique_ptr<SegmentTarget> target;
  std::unique_ptr<S3Pass> pass;
};

namespace {

Result<Secret> ReadKey(const TokenSpec& spec, const std::string& destination) {
  auto secret = ResolveTokenSpec(spec);
  if (!secret.ok()) return secret.status().Prefixed("destination " + destination);
  return std::move(*secret);
}

std::vector<std::string> QueuesOf(const OutboxConfig& config, const std::string& destination) {
  std::vector<std::string> queues;
  for (const QueueSpec& q : config.queues) {
    if (std::find(q.destinations.begin(), q.destinations.end(), destination) != q.destinations.end()) {
      queues.push_back(q.name);
    }
  }
  return queues;
}

}  // namespace

S3Runs::S3Runs(std::vector<std::unique_ptr<Run>> runs) : runs_(std::move(runs)) {}
S3Runs::S3Runs(S3Runs&&) noexcept = default;
S3Runs& S3Runs::operator=(S3Runs&&) noexcept = default;
S3Runs::~S3Runs() = default;

bool S3Runs::empty() const { return runs_.empty(); }

Result<S3Runs> S3Runs::Load(const S3RunsEnv& env, const std::string& only) {
  std::vector<std::unique_ptr<Run>> runs;
  for (const DestinationSpec& spec : env.config->destinations) {
    if (spec.type != "s3" || (!only.empty() && spec.name != only)) continue;
    EVT_ASSIGN_OR_RETURN(S3Destination d, ParseS3Destination(spec, env.config->config_dir, env.config->site));
    EVT_ASSIGN_OR_RETURN(Secret access_key, ReadKey(d.access_key, d.name));
    EVT_ASSIGN_OR_RETURN(Secret secret_key, ReadKey(d.secret_key, d.name));
    S3Endpoint endpoint{d.endpoint, d.region, d.bucket, std::move(access_key), std::move(secret_key)};
    auto client = S3Client::Make(std::move(endpoint));
    if (!client.ok()) return client.status().Prefixed("destination " + d.name);
    auto run = std::make_unique<Run>();
    run->gate = std::make_unique<Gate>(d.when, env.child_args, env.state_dir, ChildToolRunner());
    run->target = MakeS3ClientTarget(std::move(*client));
    S3PassEnv pass_env;
    pass_env.kiosk = env.config->kiosk;
    pass_env.spool_dir = env.state_dir + "/s3-spool";
    pass_env.clock = env.clock;
    Gate* gate = run->gate.get();
    pass_env.gate = [gate](TimePoint now) { return gate->Check(now); };
    pass_env.emit = env.emit;
    pass_env.stop_requested = [] { return StopRequested(); };
    pass_env.seed = std::random_device{}();
    std::vector<std::string> queues = QueuesOf(*env.config, d.name);
    run->pass = std::make_unique<S3Pass>(std::move(d), std::move(queues), std::move(pass_env));
    runs.push_back(std::move(run));
  }
  return S3Runs(std::move(runs));
}

Status S3Runs::RunPasses(OutboxStore& store, bool flush) {
  Status first;
  for (auto& run : runs_) {
    Result<S3PassReport> report = run->pass->RunPass(store, *run->target, flush);
    if (report.ok()) continue;
    if (report.status().code() != ExitCode::kConfig) return report.status();
    if (first.ok()) first = report.status();
  }
  return first;
}

}  // namespace evt::outbox
