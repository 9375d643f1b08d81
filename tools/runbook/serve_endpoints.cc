#include "tools/runbook/serve_endpoints.h"

#include <cstdio>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/messages.h"

namespace evt::runbook {
namespace {

HttpResponse Answer(int status, const std::string& error = "") {
  HttpResponse response;
  response.status = status;
  Value body = error.empty() ? Value::object({{"ok", true}}) : Value::object({{"error", error}});
  Result<std::string> text = ToJson(body);
  response.body = (text.ok() ? *text : std::string("{}")) + "\n";
  return response;
}

}  // namespace

Result<std::vector<Trigger>> TriggersFromLines(std::string_view body) {
  std::vector<Trigger> triggers;
  std::size_t number = 0;
  while (!body.empty()) {
    std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string where = "line " + std::to_string(number);
    EVT_ASSIGN_OR_RETURN(Value record, ParseJson(line, where));
    if (!record.is_object()) return Status::DataErr(where + ": expected a record (a JSON object)");
    if (std::optional<Trigger> trigger = TriggerFromRecord(record)) triggers.push_back(std::move(*trigger));
  }
  return triggers;
}

HttpResponse ServeEndpoints::operator()(const HttpRequest& request) const {
  if (request.path == "/v1/health" && request.method == "GET") return Answer(200);
  if (request.path != "/v1/alertmanager" && request.path != "/v1/records") return Answer(404, "no such endpoint");
  if (request.method != "POST") return Answer(405, "POST only");
  return request.path == "/v1/alertmanager" ? Alertmanager(request) : Records(request);
}

HttpResponse ServeEndpoints::Alertmanager(const HttpRequest& request) const {
  Result<std::vector<Trigger>> triggers = ParseAlertmanagerWebhook(request.body);
  if (!triggers.ok()) return Answer(400, "/v1/alertmanager: " + triggers.status().message());
  return Offer(*triggers);
}

HttpResponse ServeEndpoints::Records(const HttpRequest& request) const {
  Result<std::vector<Trigger>> triggers = TriggersFromLines(request.body);
  if (!triggers.ok()) return Answer(400, "/v1/records: " + triggers.status().message());
  return Offer(*triggers);
}

HttpResponse ServeEndpoints::Offer(const std::vector<Trigger>& triggers) const {
  Status offered = session_.Offer(triggers);
  if (offered.ok()) return Answer(200);
  // Not durable: the sender must retry, and the ledger keeps the retry
  // from running anything twice.
  PrintError("offer failed: " + offered.message());
  return Answer(500, offered.message());
}

}  // namespace evt::runbook
