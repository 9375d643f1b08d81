#include <catch2/catch.hpp>

#include <deque>

#include "tools/scrape/redirect.h"
#include "tools/scrape/source_fetcher.h"

namespace evt::scrape {
namespace {

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

HttpResponse Redirect(long status, std::string location) {
  HttpResponse r;
  r.status = status;
  r.location = std::move(location);
  return r;
}

HttpResponse Ok(std::vector<std::string> cookies = {}) {
  HttpResponse r;
  r.status = 200;
  r.body = "{}";
  r.set_cookies = std::move(cookies);
  return r;
}

Source KeySource() {
  Source s;
  s.name = "ap";
  s.url = "http://ap.local/metrics";
  s.auth.kind = Auth::Kind::kApiKey;
  s.auth.header = "X-API-Key";
  s.auth.secret = Secret("k3y", "test");
  s.retries = 0;
  return s;
}

FetchEnv EnvOf(HttpClient& http) { return FetchEnv{http, nullptr, false, [](std::chrono::milliseconds) { return true; }, ""}; }

bool HasHeader(const HttpRequest& r, std::string_view header) {
  return std::find(r.headers.begin(), r.headers.end(), header) != r.headers.end();
}

TEST_CASE("scrape redirect: Location resolved against the request's URL, http and https only") {
  CHECK(*ResolveHttpUrl("http://a.local:8080/x/y?q=1", "/z") == "http://a.local:8080/z");
  CHECK(*ResolveHttpUrl("http://a.local/x/y", "z?p=2") == "http://a.local/x/z?p=2");
  CHECK(*ResolveHttpUrl("http://a.local/x", "https://b.local/") == "https://b.local/");
  for (const char* location : {"file:///etc/passwd", "ftp://b.local/x", "gopher://b.local/"}) {
    Result<std::string> refused = ResolveHttpUrl("http://a.local/", location);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == ExitCode::kDataErr);
    CHECK(refused.status().message() == std::string("\"") + location + "\": only http and https URLs are followed");
  }
}

TEST_CASE("scrape redirect: an origin is the scheme, host and port") {
  CHECK(SameOrigin("http://a.local/x", "http://a.local:80/y"));
  CHECK(SameOrigin("https://A.local/x", "https://a.local:443/"));
  CHECK_FALSE(SameOrigin("http://a.local/", "http://a.local:8080/"));
  CHECK_FALSE(SameOrigin("http://a.local/", "https://a.local/"));
  CHECK_FALSE(SameOrigin("http://a.local/", "http://b.local/"));
  CHECK_FALSE(SameOrigin("http://a.local/", "not a url"));
}

TEST_CASE("scrape redirect: an API key never goes to another origin") {
  ScriptedHttp http;
  Source source = KeySource();
  http.answers = {Redirect(302, "http://evil.example:81/metrics")};
  SourceFetcher fetcher(source, EnvOf(http));
  Result<HttpResponse> response = fetcher.Fetch(source.url);
  REQUIRE_FALSE(response.ok());
  CHECK(response.status().code() == ExitCode::kUnavailable);
  CHECK(response.status().message() ==
        "ap: GET http://ap.local/metrics redirected to http://evil.example:81/metrics, another origin (scheme, host or "
        "port): the source's credentials are not sent there; set the source's URL to where it should go");
  CHECK(http.requests.size() == 1);
}

TEST_CASE("scrape redirect: same origin keeps the credentials, none means any http(s) origin") {
  ScriptedHttp http;
  Source source = KeySource();
  http.answers = {Redirect(301, "/v2/metrics"), Ok()};
  SourceFetcher fetcher(source, EnvOf(http));
  REQUIRE(fetcher.Fetch(source.url).ok());
  REQUIRE(http.requests.size() == 2);
  CHECK(http.requests[1].url == "http://ap.local/v2/metrics");
  CHECK(HasHeader(http.requests[1], "X-API-Key: k3y"));

  Source open = source;
  open.auth = Auth{};
  http.requests.clear();
  http.answers = {Redirect(307, "https://cdn.example/m"), Ok()};
  SourceFetcher anywhere(open, EnvOf(http));
  REQUIRE(anywhere.Fetch(open.url).ok());
  CHECK(http.requests[1].url == "https://cdn.example/m");
}

TEST_CASE("scrape redirect: a session cookie or a secret header is a credential too") {
  ScriptedHttp http;
  Source source = KeySource();
  source.auth = Auth{};
  source.secret_headers = true;
  http.answers = {Redirect(302, "http://other.local/")};
  SourceFetcher fetcher(source, EnvOf(http));
  CHECK_FALSE(fetcher.Fetch(source.url).ok());

  source.secret_headers = false;
  http.answers = {Ok({"sid=1"}), Redirect(302, "http://other.local/")};
  SourceFetcher cookies(source, EnvOf(http));
  REQUIRE(cookies.Fetch(source.url).ok());
  CHECK_FALSE(cookies.Fetch(source.url).ok());  // now it holds a cookie
}

TEST_CASE("scrape redirect: a login's body does not follow a 307 to another origin") {
  ScriptedHttp http;
  Source source = KeySource();
  source.auth.kind = Auth::Kind::kLogin;
  source.auth.login = {"http://ap.local/login", "POST", "application/json", R"({"password":"pw"})", {}};
  http.answers = {Redirect(307, "http://evil.example/login")};
  SourceFetcher fetcher(source, EnvOf(http));
  Result<HttpResponse> response = fetcher.Fetch(source.url);
  REQUIRE_FALSE(response.ok());
  CHECK(response.status().message().starts_with("ap: login: POST http://ap.local/login redirected to http://evil.example/login"));
  CHECK(http.requests.size() == 1);
}

TEST_CASE("scrape redirect: a page link to another origin gets no credentials either") {
  ScriptedHttp http;
  Source source = KeySource();
  SourceFetcher fetcher(source, EnvOf(http));
  Result<HttpResponse> response = fetcher.Fetch("http://evil.example/metrics?page=2");
  REQUIRE_FALSE(response.ok());
  CHECK(response.status().message() ==
        "ap: the page http://evil.example/metrics?page=2 is on another origin (scheme, host or port) than the source's "
        "URL: the source's credentials are not sent there");
  CHECK(http.requests.empty());
}

TEST_CASE("scrape redirect: 303 turns a POST into a GET, and redirects are counted") {
  ScriptedHttp http;
  Source source = KeySource();
  source.method = "POST";
  source.body = "q=1";
  http.answers = {Redirect(303, "/result"), Ok()};
  SourceFetcher fetcher(source, EnvOf(http));
  REQUIRE(fetcher.Fetch(source.url).ok());
  CHECK(http.requests[1].method == "GET");
  CHECK(http.requests[1].body.empty());

  http.requests.clear();
  for (int i = 0; i <= kMaxRedirects; ++i) http.answers.push_back(Redirect(302, "/loop"));
  SourceFetcher looping(source, EnvOf(http));
  Result<HttpResponse> response = looping.Fetch(source.url);
  REQUIRE_FALSE(response.ok());
  CHECK(response.status().message() == "ap: GET http://ap.local/loop: more than 5 redirects");
  CHECK(http.requests.size() == kMaxRedirects + 1);
}

}  // namespace
}  // namespace evt::scrape
