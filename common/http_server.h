// A small HTTP/1.1 server over libmicrohttpd, for the tools that answer on
// the network: evt-outbox serve (peers pull and push replica lines), later
// evt-runbook serve and the front door's page. It owns what every such
// listener must get right once: where it may listen (doc/design.md: off
// loopback only with authentication, else 78), who may call it (a bearer
// token compared in constant time, and/or a TLS client certificate signed
// by a given CA; a request without them gets 401 and never reaches the
// handler), how much it reads (a body past the bound gets 413), and a clean
// stop. TLS is GnuTLS through libmicrohttpd (Debian builds it with HTTPS).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/listen_address.h"
#include "common/secret.h"
#include "common/status.h"

namespace evt {

struct HttpRequest {
  std::string method;  // "GET", "POST"
  std::string path;    // "/v1/outbox/export", without the query
  std::map<std::string, std::string> query;  // decoded; a repeated key keeps the last value
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;

  // The query value of `key`, or nullptr.
  const std::string* Query(const std::string& key) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Called once per request, on the server's one thread: handlers never run
// concurrently, so a handler may use a store opened by the caller as long as
// nothing else uses it while the server runs. It must not throw.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// TLS for a listener, as PEM text (the caller reads the files; the key
// as a Secret, from a 0600 file).
struct HttpTls {
  std::string cert_pem;  // the server's certificate (chain)
  std::optional<Secret> key_pem;
  // When set, a client must present a certificate this CA signed, checked
  // on every request (401 otherwise).
  std::string client_ca_pem;
};

// HTTP basic authentication (RFC 7617), for clients that offer nothing
// else: Alertmanager's http_config.basic_auth.
struct HttpBasicAuth {
  std::string user;
  Secret password;
};

struct HttpServerOptions {
  std::string listen = "127.0.0.1:0";
  std::string listen_where = "--listen";  // names the setting in messages
  // With a token, every request must carry "Authorization: Bearer <token>".
  std::optional<Secret> token;
  // With basic credentials, "Authorization: Basic base64(user:password)"
  // is accepted too (either one will do when both are set).
  std::optional<HttpBasicAuth> basic;
  std::optional<HttpTls> tls;
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  // The realm of the 401's WWW-Authenticate header.
  std::string realm = "evt";
};

class HttpServer {
 public:
  // Binds and starts answering on a thread of its own.
  // - An address that does not parse, or one off loopback with neither a
  //   token nor client certificates, is Status::Config (78): DESIGN's rule
  //   that nothing listens on the network unauthenticated. So is TLS
  //   without a certificate or key, or one GnuTLS will not load.
  // - A port in use or another bind failure is Status::Unavailable (69).
  static Result<std::unique_ptr<HttpServer>> Start(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();  // stops, waiting for a request in progress
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port bound, the kernel's choice when the address asked for 0.
  std::uint16_t port() const { return port_; }
  // "127.0.0.1:41234", "[::1]:7450": the address with the port bound.
  std::string address() const;

  // Blocks until SIGINT or SIGTERM asks the process to stop
  // (common/process_state.h), then stops answering. In-flight requests end
  // first.
  void ServeUntilStopped();
  void Stop();

 private:
  struct Daemon;
  HttpServer() = default;

  std::unique_ptr<Daemon> daemon_;
  ListenAddress listen_;
  std::uint16_t port_ = 0;
};

// Whether `header` is "Bearer <token>" for this token, compared in time
// that does not depend on where the bytes first differ.
bool BearerTokenMatches(const std::string& header, const Secret& token);
// Whether `header` is "Basic <base64 of user:password>" for these
// credentials, compared the same way.
bool BasicCredentialsMatch(const std::string& header, const HttpBasicAuth& basic);

}  // namespace evt
