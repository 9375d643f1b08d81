#include <catch2/catch.hpp>

#include <string>

#include "tools/evt/serve_handler.h"

namespace evt::front {
namespace {

std::string Page() { return "<!DOCTYPE html><p>paths</p>"; }

MetricsAnswer Metrics(const ServeCounters& counters) {
  return MetricsAnswer{"evt_serve_requests_total " + std::to_string(static_cast<int>(counters.requests.at("/metrics"))) + "\n", {}};
}

ServeHandler Handler(bool healthy) {
  auto health = [healthy] {
    HealthReport report;
    report.healthy = healthy;
    report.body = Value::object({{"status", healthy ? "ok" : "unhealthy"}});
    return report;
  };
  return ServeHandler(ServeSources{Page, health, Metrics});
}

HttpRequest Request(const char* method, const char* path) {
  HttpRequest request;
  request.method = method;
  request.path = path;
  return request;
}

std::string HeaderOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST_CASE("serve handler: only GET and HEAD, anything else is 405 with Allow, whatever the path") {
  ServeHandler handler = Handler(true);
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    for (const char* path : {"/", "/healthz", "/metrics", "/nope"}) {
      const HttpResponse response = handler.Handle(Request(method, path));
      INFO(method << " " << path);
      CHECK(response.status == 405);
      CHECK(HeaderOf(response, "Allow") == "GET, HEAD");
      CHECK_THAT(response.body, Catch::Contains("read-only"));
    }
  }
  CHECK(handler.Handle(Request("HEAD", "/healthz")).status == 200);
}

TEST_CASE("serve handler: the routes answer with their content types, never cached") {
  ServeHandler handler = Handler(true);
  const HttpResponse page = handler.Handle(Request("GET", "/"));
  CHECK(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK(HeaderOf(page, "Cache-Control") == "no-store");
  const HttpResponse health = handler.Handle(Request("GET", "/healthz"));
  CHECK(health.content_type == "application/json");
  CHECK(health.body == "{\"status\":\"ok\"}\n");
  handler.Handle(Request("GET", "/metrics"));
  const HttpResponse metrics = handler.Handle(Request("GET", "/metrics"));
  CHECK(metrics.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(metrics.body == "evt_serve_requests_total 2\n");
  const HttpResponse missing = handler.Handle(Request("GET", "/admin"));
  CHECK(missing.status == 404);
  CHECK(handler.counters().requests.at("other") == 1);
}

TEST_CASE("serve handler: an unhealthy box answers /healthz 503") {
  ServeHandler handler = Handler(false);
  const HttpResponse health = handler.Handle(Request("GET", "/healthz"));
  CHECK(health.status == 503);
  CHECK_THAT(health.body, Catch::Contains("unhealthy"));
}

}  // namespace
}  // namespace evt::front
