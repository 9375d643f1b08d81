#include <catch2/catch.hpp>

#include <deque>

#include "tools/scrape/scraper.h"
#include "tools/scrape/source_fetcher.h"

namespace evt::scrape {
namespace {

// Answers from a script, and remembers what was asked.
class ScriptedHttp : public HttpClient {
 public:
  std::deque<HttpResponse> answers;
  std::vector<HttpRequest> requests;
  Result<HttpResponse> Send(const HttpRequest& request) override {
    requests.push_back(request);
    if (answers.empty()) return Status::Unavailable(request.url + ": no answer scripted");
    HttpResponse r = answers.front();
    answers.pop_front();
    return r;
  }
};

HttpResponse Answer(long status, std::string body, std::vector<std::string> cookies = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.set_cookies = std::move(cookies);
  return r;
}

bool HasHeader(const HttpRequest& r, std::string_view header) {
  return std::find(r.headers.begin(), r.headers.end(), header) != r.headers.end();
}

Source LoginSource() {
  Source s;
  s.name = "router";
  s.url = "http://router/api/status";
  s.auth.kind = Auth::Kind::kLogin;
  s.auth.login = {"http://router/api/login", "POST", "application/json", R"({"user":"admin","password":"pw"})", {}};
  s.backoff = std::chrono::milliseconds(1);
  return s;
}

SessionStore MemoryStore() {
  Result<SessionStore> store = SessionStore::OpenMemory();
  REQUIRE(store.ok());
  return std::move(*store);
}

struct Env {
  ScriptedHttp http;
  SessionStore store = MemoryStore();
  std::vector<std::chrono::milliseconds> sleeps;
  FetchEnv fetch() {
    return FetchEnv{http, &store, false, [this](std::chrono::milliseconds d) {
                      sleeps.push_back(d);
                      return true;
                    }, ""};
  }
};

TEST_CASE("scrape fetch: a login's cookie is kept in the store and reused") {
  Env env;
  Source source = LoginSource();
  env.http.answers = {Answer(200, "{}", {"sid=abc; Path=/; HttpOnly"}), Answer(200, R"({"ok":1})")};
  SourceFetcher first(source, env.fetch());
  REQUIRE(first.Fetch(source.url).ok());
  CHECK(env.http.requests[0].url == "http://router/api/login");
  CHECK(env.http.requests[0].body == R"({"user":"admin","password":"pw"})");
  CHECK(HasHeader(env.http.requests[1], "Cookie: sid=abc"));
  Result<Session> saved = env.store.LoadSession("router");
  REQUIRE(saved.ok());
  CHECK(saved->cookies == std::vector<std::pair<std::string, std::string>>{{"sid", "abc"}});
  // The next run logs in no more.
  env.http.answers = {Answer(200, "{}")};
  SourceFetcher second(source, env.fetch());
  REQUIRE(second.Fetch(source.url).ok());
  CHECK(second.logins() == 0);
  CHECK(HasHeader(env.http.requests[2], "Cookie: sid=abc"));
}

TEST_CASE("scrape fetch: a 401 logs in again once, then the request is repeated") {
  Env env;
  Source source = LoginSource();
  REQUIRE(env.store.SaveSession("router", Session{{{"sid", "old"}}, ""}).ok());
  env.http.answers = {Answer(401, "expired"), Answer(200, "{}", {"sid=new"}), Answer(200, R"({"ok":1})")};
  SourceFetcher f(source, env.fetch());
  Result<HttpResponse> r = f.Fetch(source.url);
  REQUIRE(r.ok());
  CHECK(r->body == R"({"ok":1})");
  CHECK(f.logins() == 1);
  CHECK(HasHeader(env.http.requests[2], "Cookie: sid=new"));
  CHECK(env.store.LoadSession("router")->cookies.front().second == "new");
  // A second 401 after the new login is an error, not a loop.
  env.http.answers = {Answer(403, "no"), Answer(200, "{}", {"sid=n2"}), Answer(403, "still no")};
  SourceFetcher g(source, env.fetch());
  Result<HttpResponse> denied = g.Fetch(source.url);
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.status().code() == ExitCode::kUnavailable);
  CHECK(denied.status().message() == "router: GET http://router/api/status answered HTTP 403");
}

TEST_CASE("scrape fetch: a token from the login reply is sent as a bearer token") {
  Env env;
  Source source = LoginSource();
  source.auth.login.token_path = *JsonPath::Parse("$.data.token");
  env.http.answers = {Answer(200, R"({"data": {"token": "t0k"}})"), Answer(200, "{}")};
  SourceFetcher f(source, env.fetch());
  REQUIRE(f.Fetch(source.url).ok());
  CHECK(HasHeader(env.http.requests[1], "Authorization: Bearer t0k"));
}

TEST_CASE("scrape fetch: 429 and 5xx are retried with backoff, Retry-After honoured") {
  Env env;
  Source source;
  source.name = "cdn";
  source.url = "http://cdn/api";
  source.retries = 3;
  source.backoff = std::chrono::milliseconds(100);
  HttpResponse limited = Answer(429, "slow down");
  limited.retry_after = "2";
  env.http.answers = {limited, Answer(503, "busy"), Answer(200, "{}")};
  SourceFetcher f(source, env.fetch());
  REQUIRE(f.Fetch(source.url).ok());
  CHECK(f.retries() == 2);
  REQUIRE(env.sleeps.size() == 2);
  CHECK(env.sleeps[0] == std::chrono::milliseconds(2000));
  CHECK(env.sleeps[1] >= std::chrono::milliseconds(100));  // attempt 1: 200 ms with jitter down to half
  CHECK(env.sleeps[1] <= std::chrono::milliseconds(200));
  env.http.answers = {Answer(500, "a"), Answer(500, "b"), Answer(500, "c"), Answer(500, "d")};
  SourceFetcher g(source, env.fetch());
  Result<HttpResponse> failed = g.Fetch(source.url);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().message() == "cdn: GET http://cdn/api answered HTTP 500: d");
}

TEST_CASE("scrape fetch: Link headers and query parameters") {
  CHECK(NextLink(R"(<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel="next")") == "https://a/x?page=3");
  CHECK(NextLink(R"(<https://a/x?page=1>; rel="prev")").empty());
  CHECK(WithQueryParam("http://a/b", "cursor", "x y&z") == "http://a/b?cursor=x%20y%26z");
  CHECK(WithQueryParam("http://a/b?k=1", "page", "2") == "http://a/b?k=1&page=2");
}

TEST_CASE("scrape fetch: pages by cursor, mapped, with the cursor kept for the next run") {
  Env env;
  Source source;
  source.name = "feed";
  source.url = "http://feed/items";
  source.pagination.kind = Pagination::Kind::kCursor;
  source.pagination.path = *JsonPath::Parse("$.next");
  source.pagination.param = "cursor";
  source.pagination.resume = true;
  source.mapping.records = *JsonPath::Parse("$.items[*]");
  MetricSpec m;
  m.name = "item_value";
  m.path = *JsonPath::Parse("@.v");
  m.labels = {{"id", LabelSpec::From::kPath, "", *JsonPath::Parse("@.id")}};
  source.mapping.metrics = {m};
  env.http.answers = {Answer(200, R"({"items": [{"id": "a", "v": 1}], "next": "c2"})"),
                      Answer(200, R"({"items": [{"id": "b", "v": 2}, {"id": "a", "v": 9}], "next": null})")};
  ScrapeOutcome out = ScrapeSource(source, env.fetch());
  INFO(out.error);
  REQUIRE(out.up);
  CHECK(out.pages == 2);
  CHECK(env.http.requests[1].url == "http://feed/items?cursor=c2");
  REQUIRE(out.samples.size() == 2);  // the repeated series id=a keeps its first sample
  CHECK(out.samples[0].value == 1);
  CHECK(out.problems == std::vector<std::string>{"repeated series item_value{id=\"a\"} (first kept)"});
  CHECK(**env.store.LoadCursor("feed") == "c2");
}

TEST_CASE("scrape fetch: a failing source is down with its error and no samples") {
  Env env;
  Source source;
  source.name = "broken";
  source.url = "http://broken/";
  MetricSpec m;
  m.name = "x";
  m.path = *JsonPath::Parse("$.x");
  source.mapping.metrics = {m};
  env.http.answers = {Answer(200, "{not json")};
  ScrapeOutcome out = ScrapeSource(source, env.fetch());
  CHECK_FALSE(out.up);
  CHECK_THAT(out.error, Catch::StartsWith("broken:1: malformed JSON"));
  CHECK(out.samples.empty());
}

TEST_CASE("scrape globs") {
  CHECK(GlobMatch("node_*_bytes", "node_memory_bytes"));
  CHECK(GlobMatch("*", "x"));
  CHECK_FALSE(GlobMatch("node_*", "go_x"));
  CHECK(GlobMatch("up", "up"));
}

}  // namespace
}  // namespace evt::scrape
