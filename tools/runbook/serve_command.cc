// `evt-runbook serve [--listen ADDR:PORT] [--records FILE|-]`: the
// dispatcher of doc/design.md §9 as a daemon. Alertmanager's webhook and
// evt records come in (serve_endpoints.h, serve_record_input.h), the
// dispatcher decides (dispatch_decider.h), the runs go to children
// (serve_launcher.h); a timer calls Due every 250 ms for groups whose wait
// ended and approvals that timed out. A heartbeat while it runs; SIGTERM
// ends it (143) once the running children have been ended.
#include <chrono>
#include <cstdio>
#include <memory>

#include "common/heartbeat.h"
#include "common/http_server.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/process_state.h"
#include "common/state_root.h"
#include "tools/runbook/command_context.h"
#include "tools/runbook/commands.h"
#include "tools/runbook/dispatch_decider.h"
#include "tools/runbook/dispatch_store.h"
#include "tools/runbook/program_path.h"
#include "tools/runbook/serve_endpoints.h"
#include "tools/runbook/serve_launcher.h"
#include "tools/runbook/serve_record_input.h"
#include "tools/runbook/serve_rules.h"
#include "tools/runbook/serve_session.h"

namespace evt::runbook {
namespace {

constexpr std::chrono::milliseconds kTick{250};

}  // namespace

Status ServeCommand(const Options& options) {
  EVT_ASSIGN_OR_RETURN(SiteConfig site, LoadSiteConfig(options.common));
  EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(options.common));
  EVT_ASSIGN_OR_RETURN(TriggerRules rules, VettedRules(site.settings));
  EVT_ASSIGN_OR_RETURN(HttpServerOptions server_options, ServeServerOptions(site.settings.serve, options.serve_listen));
  EVT_ASSIGN_OR_RETURN(DispatchStore store, DispatchStore::Open(state_dir));
  const Clock& clock = MachineClock();
  Dispatcher dispatcher(store, rules, clock);
  RunLauncher launcher(SelfDir() + "/evt-runbook", options.common);
  ServeSession session(dispatcher, launcher, state_dir, clock, stdout);
  ServeEndpoints endpoints(session);
  bool port_chosen_by_kernel = server_options.listen.ends_with(":0");
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<HttpServer> server,
                       HttpServer::Start(std::move(server_options), std::ref(endpoints)));
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<Heartbeat> beat, Heartbeat::Start(state_dir, "runbook serve"));
  std::unique_ptr<RecordFollower> follower;
  if (!options.serve_records.empty()) {
    EVT_ASSIGN_OR_RETURN(follower, RecordFollower::Start(options.serve_records, session));
  }
  // Port 0 leaves the operator (or a test) no other way to learn the port.
  if (port_chosen_by_kernel) PrintNotice("serving on " + server->address());
  while (SleepUnlessStopRequested(kTick)) {
    // A store busy for a moment must not end the daemon: the next tick
    // tries again, and nothing due is lost (it stays in the store).
    Status ticked = session.Tick();
    if (!ticked.ok()) PrintError("tick: " + ticked.message());
  }
  server->Stop();
  follower.reset();
  return Status::Ok();
}

}  // namespace evt::runbook
