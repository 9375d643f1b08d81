// What `evt-outbox serve` answers, called as the server calls it.
#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tests/unit/outbox/sync_test_kiosk.h"

namespace evt::outbox {
namespace {

using testing::Kiosk;

HttpRequest Request(std::string method, std::string path, std::map<std::string, std::string> query = {},
                    std::string body = "") {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.query = std::move(query);
  request.body = std::move(body);
  return request;
}

std::string Header(const HttpResponse& answer, std::string_view name) {
  for (const auto& [key, value] : answer.headers) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace

TEST_CASE("sync endpoints: hello names this kiosk and how far it merged the asker's export") {
  Kiosk b("kiosk-b");
  REQUIRE(b.cursors.SetMergedThrough("kiosk-a", "instance-a", 12).ok());
  HttpResponse answer =
      b.Endpoints()(Request("GET", "/v1/outbox/hello", {{"kiosk", "kiosk-a"}, {"instance", "instance-a"}}));
  CHECK(answer.status == 200);
  auto hello = ParseJson(answer.body, "hello");
  REQUIRE(hello.ok());
  CHECK(hello->find("kiosk")->as_string() == "kiosk-b");
  CHECK(hello->find("merged_through")->as_int() == 12);
  CHECK(hello->find("instance")->as_string() == b.cursors.instance());
  HttpResponse rebuilt =
      b.Endpoints()(Request("GET", "/v1/outbox/hello", {{"kiosk", "kiosk-a"}, {"instance", "instance-a2"}}));
  CHECK(ParseJson(rebuilt.body, "hello")->find("merged_through")->as_int() == 0);
  CHECK(b.store.PeerLastSeen("kiosk-a")->has_value());
}

TEST_CASE("sync endpoints: export pages with a cursor and says whether more follows") {
  Kiosk b("kiosk-b");
  b.PutOrders({"o-1", "o-2", "o-3"});
  std::vector<std::string> all = b.ExportLines();
  std::vector<std::string> paged;
  std::string since = "0";
  for (int page = 0; page < 20; ++page) {
    HttpResponse answer = b.Endpoints()(Request("GET", "/v1/outbox/export", {{"since", since}, {"limit", "2"}}));
    REQUIRE(answer.status == 200);
    std::size_t start = 0;
    while (start < answer.body.size()) {
      std::size_t end = answer.body.find('\n', start);
      paged.push_back(answer.body.substr(start, end - start));
      start = end + 1;
    }
    since = Header(answer, "X-Evt-Next-Cursor");
    if (Header(answer, "X-Evt-More") != "true") break;
  }
  CHECK(paged == all);
}

TEST_CASE("sync endpoints: merge takes the lines in one go and keeps the pusher's cursor") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  a.PutOrders({"o-a1", "o-a2"});
  std::string body;
  for (const std::string& line : a.ExportLines()) body += line + "\n";
  HttpResponse answer =
      b.Endpoints()(Request("POST", "/v1/outbox/merge", {{"kiosk", "kiosk-a"}, {"instance", "ia"}, {"cursor", "4"}}, body));
  CHECK(answer.status == 200);
  auto counts = ParseJson(answer.body, "merge");
  REQUIRE(counts.ok());
  CHECK(counts->find("added")->as_int() == 2);
  CHECK(b.Ids() == std::set<std::string>{"o-a1", "o-a2"});
  CHECK(*b.cursors.MergedThrough("kiosk-a", "ia") == 4);
}

TEST_CASE("sync endpoints: a body with one unreadable line is 400 and nothing of it is stored") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  a.PutOrders({"o-a1"});
  std::string body;
  for (const std::string& line : a.ExportLines()) body += line + "\n";
  body += "{\"kind\":\"outbox.element\",\"id\":\n";
  HttpResponse answer =
      b.Endpoints()(Request("POST", "/v1/outbox/merge", {{"kiosk", "kiosk-a"}, {"instance", "ia"}, {"cursor", "9"}}, body));
  CHECK(answer.status == 400);
  CHECK(b.Ids().empty());
  CHECK(*b.cursors.MergedThrough("kiosk-a", "ia") == 0);
}

TEST_CASE("sync endpoints: unknown paths are 404, wrong methods 405, bad numbers 400") {
  Kiosk b("kiosk-b");
  CHECK(b.Endpoints()(Request("GET", "/v1/outbox/nothing")).status == 404);
  CHECK(b.Endpoints()(Request("POST", "/v1/outbox/export")).status == 405);
  CHECK(b.Endpoints()(Request("GET", "/v1/outbox/merge")).status == 405);
  CHECK(b.Endpoints()(Request("GET", "/v1/outbox/export", {{"since", "-1"}})).status == 400);
  CHECK(b.Endpoints()(Request("GET", "/v1/outbox/export", {{"limit", "ten"}})).status == 400);
  CHECK(b.Endpoints()(Request("POST", "/v1/outbox/merge", {{"cursor", "x"}}, "")).status == 400);
}

TEST_CASE("sync cursors: a cursor never goes back, and each instance of a peer has its own") {
  Kiosk a("kiosk-a");
  CHECK(*a.cursors.MergedThrough("kiosk-b", "i1") == 0);
  REQUIRE(a.cursors.SetMergedThrough("kiosk-b", "i1", 40).ok());
  REQUIRE(a.cursors.SetMergedThrough("kiosk-b", "i1", 12).ok());
  CHECK(*a.cursors.MergedThrough("kiosk-b", "i1") == 40);
  CHECK(*a.cursors.MergedThrough("kiosk-b", "i2") == 0);
  CHECK(*a.cursors.MergedThrough("kiosk-c", "i1") == 0);
}

TEST_CASE("sync cursors: the instance is made once and kept with the state") {
  Kiosk a("kiosk-a"), b("kiosk-b");
  CHECK(a.cursors.instance().size() == 32);
  CHECK(a.cursors.instance() != b.cursors.instance());
}

}  // namespace evt::outbox
