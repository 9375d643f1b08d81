#include "common/http_server.h"

#include <curl/curl.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "common/base64.h"
#include "common/http_libraries.h"
#include "common/process_state.h"

namespace evt {
namespace {

// Client settings for an https request.
struct TlsClient {
  std::string ca_file;
  std::string cert_file;  // empty: no client certificate
  std::string key_file;
};

struct Fetched {
  long status = 0;
  std::string body;
  std::string headers;
  CURLcode error = CURLE_OK;
};

std::size_t Append(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// One request with libcurl, as a peer would send it. `chunked` sends the
// body without a Content-Length, so only the server's count can bound it.
Fetched Fetch(const std::string& url, const std::string& method = "GET", const std::string& body = "",
              const std::vector<std::string>& headers = {}, bool chunked = false, const TlsClient* tls = nullptr) {
  Fetched fetched;
  CURL* curl = curl_easy_init();
  REQUIRE(curl != nullptr);
  curl_slist* list = nullptr;
  for (const auto& header : headers) list = curl_slist_append(list, header.c_str());
  if (chunked) list = curl_slist_append(list, "Transfer-Encoding: chunked");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    if (!chunked) curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &fetched.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &fetched.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  if (tls) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, tls->ca_file.c_str());
    if (!tls->cert_file.empty()) {
      curl_easy_setopt(curl, CURLOPT_SSLCERT, tls->cert_file.c_str());
      curl_easy_setopt(curl, CURLOPT_SSLKEY, tls->key_file.c_str());
    }
  }
  fetched.error = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &fetched.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return fetched;
}

// Echoes what it was given, and counts its calls, so a test can tell a
// request that reached the handler from one refused before it.
struct EchoHandler {
  std::atomic<int>* calls;
  HttpResponse operator()(const HttpRequest& request) const {
    ++*calls;
    HttpResponse answer;
    answer.content_type = "text/plain";
    const std::string* since = request.Query("since");
    auto agent = request.headers.find("x-peer");
    answer.body = request.method + " " + request.path + " since=" + (since ? *since : "-") +
                  " peer=" + (agent == request.headers.end() ? "-" : agent->second) + " body=" + request.body;
    return answer;
  }
};

std::unique_ptr<HttpServer> StartEcho(HttpServerOptions options, std::atomic<int>& calls) {
  auto started = HttpServer::Start(std::move(options), EchoHandler{&calls});
  REQUIRE(started.ok());
  return std::move(started).value();
}

std::string Url(const HttpServer& server, const std::string& path) { return "http://" + server.address() + path; }

// A CA, a server certificate for 127.0.0.1 and client certificates, one
// signed by the CA and one self-signed, made with the openssl command.
class TestPki {
 public:
  TestPki() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "evt-http-tls-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir_ = tmpl;
    const std::string key = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
    Openssl("req -x509" + key + " -keyout ca.key -out ca.pem -days 2 -subj /CN=evt-test-ca");
    std::ofstream(dir_ + "/san.ext") << "subjectAltName=IP:127.0.0.1\n";
    Signed("server", "/CN=127.0.0.1", " -extfile san.ext");
    Signed("client", "/CN=kiosk-b", "");
    Openssl("req -x509" + key + " -keyout rogue.key -out rogue.pem -days 2 -subj /CN=kiosk-b");
  }
  ~TestPki() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string File(const std::string& name) const { return dir_ + "/" + name; }
  std::string Read(const std::string& name) const {
    std::ifstream in(File(name));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  HttpTls ServerTls(bool with_client_ca) const {
    HttpTls tls;
    tls.cert_pem = Read("server.pem");
    tls.key_pem = Secret(Read("server.key"), "test");
    if (with_client_ca) tls.client_ca_pem = Read("ca.pem");
    return tls;
  }

 private:
  void Openssl(const std::string& args) const {
    std::string command = "cd '" + dir_ + "' && openssl " + args + " >/dev/null 2>&1";
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
  }
  void Signed(const std::string& name, const std::string& subject, const std::string& extra) const {
    Openssl("req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + name + ".key -out " + name +
            ".csr -subj " + subject);
    Openssl("x509 -req -in " + name + ".csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out " + name +
            ".pem" + extra);
  }
  std::string dir_;
};

}  // namespace

// RFC 4648 §10's test vectors: the encoder Basic credentials are checked
// against (it replaced GnuTLS's, which was loaded at every start).
TEST_CASE("http server: base64 as RFC 4648 writes it") {
  CHECK(Base64Encode("") == "");
  CHECK(Base64Encode("f") == "Zg==");
  CHECK(Base64Encode("fo") == "Zm8=");
  CHECK(Base64Encode("foo") == "Zm9v");
  CHECK(Base64Encode("foob") == "Zm9vYg==");
  CHECK(Base64Encode("fooba") == "Zm9vYmE=");
  CHECK(Base64Encode("foobar") == "Zm9vYmFy");
  CHECK(Base64Encode(std::string("\xff\x00\xfe", 3)) == "/wD+");
}

// The server's libraries are not loaded until a server starts: this test
// binary links none of them, and they load on demand.
TEST_CASE("http server: libmicrohttpd and GnuTLS load on demand") { CHECK(HttpLibrariesLoad().ok()); }

TEST_CASE("http server: a request reaches the handler with its method, path, query, headers and body") {
  std::atomic<int> calls = 0;
  auto server = StartEcho(HttpServerOptions{}, calls);
  Fetched got = Fetch(Url(*server, "/v1/outbox/merge?since=17"), "POST", "{\"a\":1}\n", {"X-Peer: kiosk-b"});
  REQUIRE(got.error == CURLE_OK);
  CHECK(got.status == 200);
  CHECK(got.body == "POST /v1/outbox/merge since=17 peer=kiosk-b body={\"a\":1}\n");
  CHECK(calls == 1);
}

TEST_CASE("http server: a handler that throws is a 500, and the server goes on") {
  bool first = true;
  auto server = HttpServer::Start(HttpServerOptions{}, [&first](const HttpRequest&) {
    if (std::exchange(first, false)) throw std::runtime_error("boom");
    return HttpResponse{};
  });
  REQUIRE(server.ok());
  CHECK(Fetch(Url(**server, "/")).status == 500);
  CHECK(Fetch(Url(**server, "/")).status == 200);
}

TEST_CASE("http server: port 0 binds a free port and reports it") {
  std::atomic<int> calls = 0;
  auto first = StartEcho(HttpServerOptions{}, calls);
  auto second = StartEcho(HttpServerOptions{}, calls);
  CHECK(first->port() != 0);
  CHECK(second->port() != 0);
  CHECK(first->port() != second->port());
  CHECK(first->address() == "127.0.0.1:" + std::to_string(first->port()));
  CHECK(Fetch(Url(*second, "/")).status == 200);
}

TEST_CASE("http server: with a token, a request without it or with another gets 401 and the handler is not called") {
  std::atomic<int> calls = 0;
  HttpServerOptions options;
  options.token = Secret("s3cret-mesh-token", "test");
  auto server = StartEcho(std::move(options), calls);

  Fetched none = Fetch(Url(*server, "/v1/outbox/merge"), "POST", "line\n");
  CHECK(none.status == 401);
  CHECK(none.headers.find("WWW-Authenticate: Bearer") != std::string::npos);
  CHECK(Fetch(Url(*server, "/"), "GET", "", {"Authorization: Bearer s3cret-mesh-tokeN"}).status == 401);
  CHECK(Fetch(Url(*server, "/"), "GET", "", {"Authorization: Bearer s3cret-mesh-token-longer"}).status == 401);
  CHECK(Fetch(Url(*server, "/"), "GET", "", {"Authorization: Basic czNjcmV0"}).status == 401);
  CHECK(calls == 0);

  Fetched right = Fetch(Url(*server, "/"), "GET", "", {"Authorization: Bearer s3cret-mesh-token"});
  CHECK(right.status == 200);
  CHECK(calls == 1);
}

TEST_CASE("http server: basic credentials (RFC 7617) let in the right user and password only") {
  std::atomic<int> calls = 0;
  HttpServerOptions options;
  options.basic = HttpBasicAuth{"alertmanager", Secret("pa:ss word", "test")};
  auto server = StartEcho(std::move(options), calls);

  Fetched none = Fetch(Url(*server, "/v1/alertmanager"), "POST", "{}");
  CHECK(none.status == 401);
  CHECK(none.headers.find("WWW-Authenticate: Basic realm=") != std::string::npos);
  // base64("alertmanager:pa:ss word") and near misses: another password, another user, the bearer scheme.
  CHECK(Fetch(Url(*server, "/"), "GET", "", {"Authorization: Basic YWxlcnRtYW5hZ2VyOnBhOnNzIHdvcmQx"}).status == 401);
  CHECK(Fetch(Url(*server, "/"), "GET", "", {"Authorization: Basic YWxlcnRtYW5hZ2VyMjpwYTpzcyB3b3Jk"}).status == 401);
  CHECK(Fetch(Url(*server, "/"), "GET", "", {"Authorization: Bearer pa:ss word"}).status == 401);
  CHECK(calls == 0);
  CHECK(Fetch(Url(*server, "/"), "GET", "", {"Authorization: Basic YWxlcnRtYW5hZ2VyOnBhOnNzIHdvcmQ="}).status == 200);
  CHECK(Fetch(Url(*server, "/"), "GET", "", {"Authorization: basic YWxlcnRtYW5hZ2VyOnBhOnNzIHdvcmQ="}).status == 200);
  CHECK(calls == 2);
}

TEST_CASE("http server: basic credentials are enough to listen off loopback") {
  std::atomic<int> calls = 0;
  HttpServerOptions options;
  options.listen = "0.0.0.0:0";
  options.basic = HttpBasicAuth{"am", Secret("pw", "test")};
  CHECK(HttpServer::Start(options, EchoHandler{&calls}).ok());
  CHECK_FALSE(BasicCredentialsMatch("Basic YW06cHc=", HttpBasicAuth{"a:m", Secret("pw", "test")}));
  CHECK(BasicCredentialsMatch("Basic YW06cHc=", HttpBasicAuth{"am", Secret("pw", "test")}));
}

TEST_CASE("http server: a body past the bound gets 413, declared or chunked, and the handler is not called") {
  std::atomic<int> calls = 0;
  HttpServerOptions options;
  options.max_body_bytes = 64;
  auto server = StartEcho(std::move(options), calls);
  std::string big(1000, 'x');
  CHECK(Fetch(Url(*server, "/"), "POST", big).status == 413);
  CHECK(Fetch(Url(*server, "/"), "POST", big, {}, /*chunked=*/true).status == 413);
  CHECK(calls == 0);
  CHECK(Fetch(Url(*server, "/"), "POST", std::string(64, 'y')).status == 200);
  CHECK(calls == 1);
}

TEST_CASE("http server: a listener off loopback without a token is refused with 78") {
  std::atomic<int> calls = 0;
  HttpServerOptions options;
  options.listen = "0.0.0.0:0";
  options.listen_where = "event.json: /outbox/serve/listen";
  auto refused = HttpServer::Start(options, EchoHandler{&calls});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ExitCode::kConfig);
  CHECK_THAT(refused.status().message(), Catch::Contains("event.json: /outbox/serve/listen") &&
                                             Catch::Contains("token"));

  options.token = Secret("t", "test");
  CHECK(HttpServer::Start(options, EchoHandler{&calls}).ok());
}

TEST_CASE("http server: TLS with client certificates lets in only a certificate the CA signed") {
  TestPki pki;
  std::atomic<int> calls = 0;
  HttpServerOptions options;
  options.listen = "0.0.0.0:0";  // client certificates are authentication enough off loopback
  options.tls = pki.ServerTls(/*with_client_ca=*/true);
  auto server = StartEcho(std::move(options), calls);
  std::string url = "https://127.0.0.1:" + std::to_string(server->port()) + "/v1/outbox/hello";

  TlsClient signed_client{pki.File("ca.pem"), pki.File("client.pem"), pki.File("client.key")};
  Fetched good = Fetch(url, "GET", "", {}, false, &signed_client);
  INFO(curl_easy_strerror(good.error));
  CHECK(good.status == 200);
  CHECK(calls == 1);

  TlsClient anonymous{pki.File("ca.pem"), "", ""};
  TlsClient rogue{pki.File("ca.pem"), pki.File("rogue.pem"), pki.File("rogue.key")};
  for (const TlsClient* client : {&anonymous, &rogue}) {
    Fetched refused = Fetch(url, "GET", "", {}, false, client);
    CHECK((refused.status == 401 || refused.error != CURLE_OK));
  }
  CHECK(Fetch(Url(*server, "/")).status != 200);  // plain HTTP gets no answer from a TLS port
  CHECK(calls == 1);
}

TEST_CASE("http server: TLS without client certificates still asks for the token") {
  TestPki pki;
  std::atomic<int> calls = 0;
  HttpServerOptions options;
  options.tls = pki.ServerTls(/*with_client_ca=*/false);
  options.token = Secret("mesh", "test");
  auto server = StartEcho(std::move(options), calls);
  std::string url = "https://127.0.0.1:" + std::to_string(server->port()) + "/";
  TlsClient client{pki.File("ca.pem"), "", ""};
  CHECK(Fetch(url, "GET", "", {}, false, &client).status == 401);
  CHECK(Fetch(url, "GET", "", {"Authorization: Bearer mesh"}, false, &client).status == 200);
  CHECK(calls == 1);

  HttpServerOptions no_key;
  no_key.tls = HttpTls{pki.Read("server.pem"), std::nullopt, ""};
  auto refused = HttpServer::Start(no_key, EchoHandler{&calls});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ExitCode::kConfig);
  HttpServerOptions garbage;
  garbage.tls = HttpTls{"not a certificate", Secret("not a key", "test"), ""};
  auto bad = HttpServer::Start(garbage, EchoHandler{&calls});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ExitCode::kConfig);
}

TEST_CASE("http server: bad addresses are 78, a port in use is 69") {
  std::atomic<int> calls = 0;
  for (std::string bad : {"127.0.0.1", "kiosk.lan:80", "127.0.0.1:70000", "[::1:80", "1.2.3:80", ":80"}) {
    HttpServerOptions options;
    options.listen = bad;
    auto refused = HttpServer::Start(options, EchoHandler{&calls});
    INFO(bad);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == ExitCode::kConfig);
  }
  auto taken = StartEcho(HttpServerOptions{}, calls);
  HttpServerOptions again;
  again.listen = taken->address();
  auto busy = HttpServer::Start(again, EchoHandler{&calls});
  REQUIRE_FALSE(busy.ok());
  CHECK(busy.status().code() == ExitCode::kUnavailable);
}

TEST_CASE("http server: loopback is 127/8 and ::1, not the wildcard") {
  auto loopback = [](const char* text) { return IsLoopback(*ParseListenAddress(text, "t")); };
  CHECK(loopback("127.0.0.1:1"));
  CHECK(loopback("127.3.2.1:1"));
  CHECK(loopback("[::1]:1"));
  CHECK(loopback("localhost:7450"));
  CHECK(loopback("[::ffff:127.0.0.1]:1"));
  CHECK_FALSE(loopback("0.0.0.0:1"));
  CHECK_FALSE(loopback("[::]:1"));
  CHECK_FALSE(loopback("10.0.0.12:7450"));
}

TEST_CASE("http server: ServeUntilStopped returns when SIGTERM is requested") {
  std::atomic<int> calls = 0;
  auto server = StartEcho(HttpServerOptions{}, calls);
  EnableStopWakeup();  // as InstallSignalHandlers does in a tool
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    RequestStop(SIGTERM);
  });
  server->ServeUntilStopped();
  stopper.join();
  ResetProcessStateForTesting();
  CHECK(Fetch(Url(*server, "/")).error == CURLE_COULDNT_CONNECT);
}

}  // namespace evt
