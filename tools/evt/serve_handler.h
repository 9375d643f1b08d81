// evt serve's routes: `/` (the status page), `/healthz` and `/metrics`.
// Read-only by construction: GET and HEAD only, anything else 405 with
// Allow, so no request can change the site (doc/design.md §17).
// Authentication happens before a request gets here (common/http_server).
#pragma once

#include <functional>
#include <string>

#include "common/http_server.h"
#include "tools/evt/serve_health.h"
#include "tools/evt/serve_metrics.h"

namespace evt::front {

struct ServeSources {
  std::function<std::string()> page;  // the status page's HTML
  std::function<HealthReport()> health;
  std::function<MetricsAnswer(const ServeCounters&)> metrics;
};

class ServeHandler {
 public:
  explicit ServeHandler(ServeSources sources) : sources_(std::move(sources)) {}
  // Runs on the server's one thread (http_server.h): no locking here.
  HttpResponse Handle(const HttpRequest& request);
  const ServeCounters& counters() const { return counters_; }

 private:
  ServeSources sources_;
  ServeCounters counters_;
};

}  // namespace evt::front
