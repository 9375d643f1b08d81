#include "tools/evt/help_examples.h"

namespace evt::front {

HelpExampleTable HelpExamples() {
  return {
      {"status",
       {{"evt status", "the whole site on one screen: paths, daemons, the hold, budgets, queues, gates"},
        {"evt status --watch --interval 5s", "redraw it in place every five seconds until Ctrl-C"},
        {"evt status --json", "the same as records, for a script"}}},
      {"doctor",
       {{"evt doctor", "check that this shell sees the site as its daemons do"},
        {"evt doctor --config /etc/evt/event.json --state-dir /var/lib/evt", "check with the daemons' config and state"}}},
      {"hold",
       {{"evt hold --for 30m --reason 'swapping the uplink router'",
         "hold every loop that acts on its own for half an hour"}}},
      {"release", {{"evt release", "end the hold; the loops act on their own again"}}},
      {"serve",
       {{"evt serve", "the status page, /healthz and /metrics on 127.0.0.1:7480"},
        {"evt serve --listen 127.0.0.1:0 --textfiles /var/lib/prometheus/node-exporter",
         "on a free port, merging the tools' textfiles into /metrics"}}},
  };
}

}  // namespace evt::front
