// The HTTP side of `evt-runbook serve`:
//   POST /v1/alertmanager  an Alertmanager webhook body (version 4)
//   POST /v1/records       evt records, JSON Lines
//   GET  /v1/health        200 while serving
// 200 only once every decision is durable, so a sender's retry after a
// 500 is safe (the dedup ledger makes it a no-op); a body that does not
// parse is 400 and nothing runs. Authentication is common/http_server's:
// a request without the token never gets here.
#pragma once

#include "common/http_server.h"
#include "tools/runbook/serve_session.h"

namespace evt::runbook {

class ServeEndpoints {
 public:
  explicit ServeEndpoints(ServeSession& session) : session_(session) {}
  HttpResponse operator()(const HttpRequest& request) const;

 private:
  HttpResponse Alertmanager(const HttpRequest& request) const;
  HttpResponse Records(const HttpRequest& request) const;
  HttpResponse Offer(const std::vector<Trigger>& triggers) const;

  ServeSession& session_;
};

// The triggers of a JSON Lines body: one per record that can start a
// runbook (TriggerFromRecord); others are skipped. A line that is not a
// JSON object is DataErr naming it: "line 3: ...".
Result<std::vector<Trigger>> TriggersFromLines(std::string_view body);

}  // namespace evt::runbook
