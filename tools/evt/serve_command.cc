// `evt serve`: the status page, /healthz and /metrics over HTTP, read-only,
// loopback unless authenticated (serve_settings.h, doc/design.md §17).
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>

#include "common/config.h"
#include "common/heartbeat.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/state_root.h"
#include "common/time_display.h"
#include "tools/evt/commands.h"
#include "tools/evt/serve_handler.h"
#include "tools/evt/serve_page.h"
#include "tools/evt/serve_settings.h"
#include "tools/evt/serve_snapshot.h"
#include "tools/evt/tool_dispatch.h"

namespace evt::front {
namespace {

// What serve needs of the config: its settings, the site's name and zone.
// Without a config file it serves with the defaults, as status shows a site
// without one; a config that is there but bad is 78.
struct ServeSetup {
  ServeSettings settings;
  std::optional<Config> config;
};

Result<ServeSetup> LoadSetup(const Options& options) {
  ServeSetup setup;
  Result<std::string> file = FindConfigFile(options.common.config);
  if (!file.ok()) {
    if (!options.common.config.empty()) return file.status();
    return setup;
  }
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(*file));
  EVT_ASSIGN_OR_RETURN(ConfigObject section, config.Section("evt"));
  EVT_ASSIGN_OR_RETURN(setup.settings, ReadServeSettings(section));
  EVT_RETURN_IF_ERROR(section.Finish());
  setup.config = std::move(config);
  return setup;
}

GatherOptions GatherFor(const Options& options, const ServeSettings& settings, const std::string& state_root) {
  GatherOptions gather;
  gather.self_dir = SelfDir();
  const char* path = std::getenv("PATH");
  gather.path = path ? path : "";
  gather.config = options.common.config;
  gather.state_dir = options.common.state_dir;
  gather.state_root = state_root;
  gather.timeout = settings.timeout;
  return gather;
}

// Each textfile problem once on stderr, so the journal says what
// evt_serve_textfile_problems counts without repeating it every scrape.
class ProblemLog {
 public:
  void Note(const std::vector<std::string>& problems) {
    for (const std::string& problem : problems) {
      if (said_.insert(problem).second) PrintWarning("/metrics: " + problem);
    }
  }

 private:
  std::set<std::string> said_;
};

}  // namespace

Status RunServe(const Options& options) {
  EVT_ASSIGN_OR_RETURN(ServeSetup setup, LoadSetup(options));
  if (!options.textfiles.empty()) setup.settings.textfiles = options.textfiles;
  EVT_ASSIGN_OR_RETURN(HttpServerOptions server_options, ServeServerOptions(setup.settings, options.listen));
  Result<std::string> root = ResolveStateDir(options.common);
  const std::string state_root = root.ok() ? *root : "";
  const Config* config = setup.config ? &*setup.config : nullptr;
  const TimeZone& zone = DisplayZone(config, options.common.utc);
  PageOptions page;
  page.refresh = setup.settings.refresh;
  page.site_name = config ? config->site().name : "";
  page.zone = &zone;

  GatherOptions gather = GatherFor(options, setup.settings, state_root);
  SnapshotCache snapshots(
      [gather]() mutable {
        gather.now = MachineClock().Now();
        return GatherSite(gather);
      },
      setup.settings.refresh);
  ProblemLog problems;
  const std::string host = ThisHost();
  ServeHandler handler(ServeSources{
      [&] {
        SnapshotCache::Latest latest = snapshots.Get();
        PageOptions shown = page;
        shown.gather_error = latest.error;
        return RenderSitePage(latest.snapshot, shown);
      },
      [&] { return CheckHealth(state_root, MachineClock().Now(), host); },
      [&](const ServeCounters& counters) {
        MetricsAnswer answer = RenderMetrics(setup.settings.textfiles, counters);
        problems.Note(answer.problems);
        return answer;
      }});
  const bool port_chosen_by_kernel = server_options.listen.ends_with(":0");
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<HttpServer> server,
                       HttpServer::Start(std::move(server_options),
                                         [&handler](const HttpRequest& request) { return handler.Handle(request); }));
  // Port 0 leaves the operator (or a test) no other way to learn the port.
  if (port_chosen_by_kernel) PrintNotice("serving on " + server->address());
  server->ServeUntilStopped();
  return Status::Ok();
}

}  // namespace evt::front
