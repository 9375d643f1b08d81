#include "tools/evt/serve_handler.h"

#include "common/json_writer.h"

namespace evt::front {
namespace {

HttpResponse Answer(int status, std::string content_type, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  // A status page or a health answer from a cache would be a lie.
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpResponse JsonAnswer(int status, const Value& body) {
  std::string text;
  if (Status written = AppendJson(text, body); !written.ok()) {
    return Answer(500, "application/json", "{\"error\":\"cannot write the answer as JSON\"}\n");
  }
  return Answer(status, "application/json", text + "\n");
}

HttpResponse Error(int status, const std::string& message) {
  return JsonAnswer(status, Value::object({{"error", message}}));
}

}  // namespace

HttpResponse ServeHandler::Handle(const HttpRequest& request) {
  const bool known = request.path == "/" || request.path == "/healthz" || request.path == "/metrics";
  counters_.requests[known ? request.path : "other"] += 1;
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse refused = Error(405, "evt serve is read-only: " + request.method + " is not allowed, only GET and HEAD");
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return refused;
  }
  if (request.path == "/healthz") {
    const HealthReport report = sources_.health();
    return JsonAnswer(HealthStatusCode(report), report.body);
  }
  if (request.path == "/metrics") {
    return Answer(200, "text/plain; version=0.0.4; charset=utf-8", sources_.metrics(counters_).text);
  }
  if (request.path == "/") return Answer(200, "text/html; charset=utf-8", sources_.page());
  return Error(404, request.path + ": not found (try /, /healthz or /metrics)");
}

}  // namespace evt::front
