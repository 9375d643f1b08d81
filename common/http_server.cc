#include "common/http_server.h"

#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "common/ascii_case.h"
#include "common/base64.h"
#include "common/http_libraries.h"
#include "common/process_state.h"

namespace evt {
namespace {

constexpr unsigned kConnectionTimeoutSeconds = 30;
constexpr unsigned kConnectionLimit = 64;

// What one request has gathered between libmicrohttpd's calls: the first
// call sees the headers, the next ones the body in pieces, the last none.
struct RequestState {
  std::string body;
  bool body_too_large = false;
};

struct ServerContext {
  HttpServerOptions options;
  HttpHandler handler;
};

MHD_Result Queue(MHD_Connection* connection, const HttpResponse& answer) {
  MHD_Response* response = MHD_create_response_from_buffer(answer.body.size(), const_cast<char*>(answer.body.data()),
                                                           MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, answer.content_type.c_str());
  for (const auto& [name, value] : answer.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
  MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(answer.status), response);
  MHD_destroy_response(response);
  return queued;
}

HttpResponse ErrorAnswer(int status, std::string_view error) {
  HttpResponse answer;
  answer.status = status;
  answer.body = "{\"error\":\"" + std::string(error) + "\"}\n";
  return answer;
}

HttpResponse Unauthorized(const HttpServerOptions& options) {
  HttpResponse answer = ErrorAnswer(401, options.basic && !options.token ? "credentials are required"
                                                                         : "a bearer token is required");
  if (options.token) answer.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"" + options.realm + "\"");
  if (options.basic) answer.headers.emplace_back("WWW-Authenticate", "Basic realm=\"" + options.realm + "\"");
  return answer;
}

// Every byte of `expected` is compared whatever `offered` holds, so the
// time taken tells an attacker neither a prefix nor the length.
bool SameInConstantTime(std::string_view offered, std::string_view expected) {
  unsigned char difference = offered.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    unsigned char offered_byte = i < offered.size() ? static_cast<unsigned char>(offered[i]) : 0;
    difference |= static_cast<unsigned char>(offered_byte ^ static_cast<unsigned char>(expected[i]));
  }
  return difference == 0 && !expected.empty();
}

// The credentials of an "Authorization: <scheme> <credentials>" header
// whose scheme (any case) is `scheme`, or nullopt.
std::optional<std::string_view> Credentials(const std::string& header, std::string_view scheme) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ' ||
      AsciiLowercase(header.substr(0, scheme.size())) != AsciiLowercase(std::string(scheme))) {
    return std::nullopt;
  }
  return std::string_view(header).substr(scheme.size() + 1);
}

const char* Lookup(MHD_Connection* connection, MHD_ValueKind kind, const char* key) {
  return MHD_lookup_connection_value(connection, kind, key);
}

bool BodyDeclaredTooLarge(MHD_Connection* connection, std::size_t bound) {
  const char* length = Lookup(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length == nullptr) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long declared = std::strtoull(length, &end, 10);
  return errno != 0 || declared > bound;
}

template <class Map>
MHD_Result CollectInto(void* map, MHD_ValueKind, const char* key, const char* value) {
  static_cast<Map*>(map)->insert_or_assign(key ? key : "", value ? value : "");
  return MHD_YES;
}

MHD_Result CollectHeader(void* map, MHD_ValueKind, const char* key, const char* value) {
  static_cast<std::map<std::string, std::string>*>(map)->insert_or_assign(AsciiLowercase(key ? key : ""),
                                                                           value ? value : "");
  return MHD_YES;
}

HttpRequest BuildRequest(MHD_Connection* connection, const char* url, const char* method, std::string body) {
  HttpRequest request;
  request.method = method;
  request.path = url;
  request.body = std::move(body);
  MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &request.headers);
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectInto<std::map<std::string, std::string>>,
                            &request.query);
  return request;
}

HttpResponse CallHandler(const ServerContext& context, const HttpRequest& request) {
  try {
    return context.handler(request);
  } catch (...) {
    return ErrorAnswer(500, "the handler failed");
  }
}

// Whether the client presented a certificate the configured CA signed.
// libmicrohttpd only asks for one (GnuTLS's CERT_REQUEST); checking it is
// ours.
bool ClientCertificateVerified(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  if (info == nullptr || info->tls_session == nullptr) return false;
  auto session = static_cast<gnutls_session_t>(info->tls_session);
  unsigned int presented = 0;
  if (gnutls_certificate_get_peers(session, &presented) == nullptr || presented == 0) return false;
  unsigned int verdict = 0;
  return gnutls_certificate_verify_peers2(session, &verdict) == GNUTLS_E_SUCCESS && verdict == 0;
}

bool Authenticated(const ServerContext& context, MHD_Connection* connection) {
  const HttpServerOptions& options = context.options;
  if (options.tls && !options.tls->client_ca_pem.empty() && !ClientCertificateVerified(connection)) return false;
  if (!options.token && !options.basic) return true;
  const char* authorization = Lookup(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  const std::string header = authorization ? authorization : "";
  return (options.token && BearerTokenMatches(header, *options.token)) ||
         (options.basic && BasicCredentialsMatch(header, *options.basic));
}

// libmicrohttpd's access handler: authentication and the body bound are
// decided on the first call, before a byte of the body is read, so an
// unauthenticated peer cannot make us buffer anything.
MHD_Result Answer(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                  const char* upload_data, size_t* upload_data_size, void** request_cls) {
  const auto& context = *static_cast<const ServerContext*>(cls);
  auto* state = static_cast<RequestState*>(*request_cls);
  if (state == nullptr) {
    if (!Authenticated(context, connection)) return Queue(connection, Unauthorized(context.options));
    if (BodyDeclaredTooLarge(connection, context.options.max_body_bytes)) {
      return Queue(connection, ErrorAnswer(413, "the body is larger than this server accepts"));
    }
    *request_cls = new RequestState;
    return MHD_YES;
  }
  if (*upload_data_size != 0) {
    if (state->body.size() + *upload_data_size > context.options.max_body_bytes) {
      state->body_too_large = true;
      state->body.clear();
    } else if (!state->body_too_large) {
      state->body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (state->body_too_large) return Queue(connection, ErrorAnswer(413, "the body is larger than this server accepts"));
  HttpRequest request = BuildRequest(connection, url, method, std::move(state->body));
  return Queue(connection, CallHandler(context, request));
}

void Forget(void*, MHD_Connection*, void** request_cls, MHD_RequestTerminationCode) {
  delete static_cast<RequestState*>(*request_cls);
  *request_cls = nullptr;
}

Result<int> BindListener(const ListenAddress& address, std::string_view where) {
  int fd = socket(address.ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Unavailable(std::string(where) + ": cannot create a socket: " + std::strerror(errno));
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address.socket_address), address.length) != 0 ||
      listen(fd, 64) != 0) {
    int error = errno;
    close(fd);
    return Status::Unavailable(std::string(where) + ": cannot listen on " + address.host + ":" +
                               std::to_string(address.port) + ": " + std::strerror(error));
  }
  return fd;
}

std::uint16_t BoundPort(int fd) {
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) return 0;
  if (bound.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
}

// DESIGN's rule: nothing listens beyond this machine unauthenticated.
Status CheckAuthentication(const ListenAddress& listen, const HttpServerOptions& options) {
  bool client_certificates = options.tls && !options.tls->client_ca_pem.empty();
  if (!IsLoopback(listen) && !options.token && !options.basic && !client_certificates) {
    return Status::Config(options.listen_where + ": " + options.listen +
                          " is reachable from other machines; listening there needs a token or basic credentials "
                          "(from a 0600 file) or TLS client certificates, or listen on 127.0.0.1");
  }
  const std::optional<HttpTls>& tls = options.tls;
  if (tls && (tls->cert_pem.empty() || !tls->key_pem || tls->key_pem->bytes().empty())) {
    return Status::Config(options.listen_where + ": TLS needs a certificate and its key");
  }
  return Status::Ok();
}

// libmicrohttpd's options. The PEM texts are pointed to, not copied: they
// live in the server's context as long as the daemon.
std::vector<MHD_OptionItem> DaemonOptions(int fd, const std::optional<HttpTls>& tls) {
  std::vector<MHD_OptionItem> items = {
      {MHD_OPTION_LISTEN_SOCKET, fd, nullptr},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Forget), nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, kConnectionTimeoutSeconds, nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, kConnectionLimit, nullptr}};
  if (tls) {
    items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(tls->cert_pem.c_str())});
    items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(tls->key_pem->bytes().c_str())});
    if (!tls->client_ca_pem.empty()) {
      items.push_back({MHD_OPTION_HTTPS_MEM_TRUST, 0, const_cast<char*>(tls->client_ca_pem.c_str())});
    }
  }
  items.push_back({MHD_OPTION_END, 0, nullptr});
  return items;
}

}  // namespace

struct HttpServer::Daemon {
  ServerContext context;
  MHD_Daemon* daemon = nullptr;
};

const std::string* HttpRequest::Query(const std::string& key) const {
  auto found = query.find(key);
  return found == query.end() ? nullptr : &found->second;
}

bool BearerTokenMatches(const std::string& header, const Secret& token) {
  std::optional<std::string_view> offered = Credentials(header, "Bearer");
  return offered && SameInConstantTime(*offered, token.bytes());
}

bool BasicCredentialsMatch(const std::string& header, const HttpBasicAuth& basic) {
  std::optional<std::string_view> offered = Credentials(header, "Basic");
  if (!offered || basic.user.find(':') != std::string::npos) return false;
  std::string pair = basic.user + ":" + basic.password.bytes();
  std::string expected = Base64Encode(pair);
  bool same = SameInConstantTime(*offered, expected);
  std::fill(pair.begin(), pair.end(), '\0');
  std::fill(expected.begin(), expected.end(), '\0');
  return same;
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options, HttpHandler handler) {
  EVT_ASSIGN_OR_RETURN(ListenAddress listen, ParseListenAddress(options.listen, options.listen_where));
  EVT_RETURN_IF_ERROR(CheckAuthentication(listen, options));
  EVT_RETURN_IF_ERROR(HttpLibrariesLoad());
  EVT_ASSIGN_OR_RETURN(int fd, BindListener(listen, options.listen_where));
  std::unique_ptr<HttpServer> server(new HttpServer);
  server->listen_ = listen;
  server->port_ = BoundPort(fd);
  server->daemon_ = std::make_unique<Daemon>();
  ServerContext& context = server->daemon_->context;
  context = ServerContext{std::move(options), std::move(handler)};
  const std::optional<HttpTls>& tls = context.options.tls;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | (listen.ipv6 ? MHD_USE_IPv6 : 0) |
                   (tls ? MHD_USE_TLS : 0);
  std::vector<MHD_OptionItem> items = DaemonOptions(fd, tls);
  server->daemon_->daemon =
      MHD_start_daemon(flags, 0, nullptr, nullptr, &Answer, &context, MHD_OPTION_ARRAY, items.data(), MHD_OPTION_END);
  if (server->daemon_->daemon == nullptr) {
    close(fd);
    const std::string& where = context.options.listen_where;
    if (tls) {
      return Status::Config(where + ": cannot start TLS on " + server->address() +
                            ": check the certificate, its key and the client CA (PEM)");
    }
    return Status::Unavailable(where + ": cannot start the HTTP server on " + server->address());
  }
  return server;
}

HttpServer::~HttpServer() { Stop(); }

std::string HttpServer::address() const {
  std::string host = listen_.ipv6 ? "[" + listen_.host + "]" : listen_.host;
  return host + ":" + std::to_string(port_);
}

void HttpServer::ServeUntilStopped() {
  while (SleepUnlessStopRequested(std::chrono::hours(1))) {
  }
  Stop();
}

void HttpServer::Stop() {
  if (daemon_ && daemon_->daemon != nullptr) {
    MHD_stop_daemon(daemon_->daemon);
    daemon_->daemon = nullptr;
  }
}

}  // namespace evt
