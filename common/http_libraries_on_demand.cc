// libmicrohttpd's and GnuTLS's functions as the HTTP server (http_server.cc)
// calls them, each loading its library on its first call instead of the
// dynamic loader mapping them at every start: libmicrohttpd brings GnuTLS
// and eight more libraries (p11-kit, nettle, gmp, idn2...), half of what
// evt-runbook loaded for a run that serves nothing (doc/design.md §11: the
// libraries a run does not use are not loaded at start). Only `serve` and
// the other listeners call them, after HttpServer::Start has checked that
// both load (HttpLibrariesLoad), so the exit below is for a library removed
// while the server runs.
//
// Only the functions the server calls are here: a new one fails the link
// until it is added, rather than going back to loading them at start.
#include <dlfcn.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>

#include "common/exit_code.h"
#include "common/http_libraries.h"

namespace evt {
namespace {

constexpr const char* kMicrohttpd = "libmicrohttpd.so.12";
constexpr const char* kGnutls = "libgnutls.so.30";

struct Opened {
  void* microhttpd = nullptr;
  void* gnutls = nullptr;
  std::string error;  // empty when both opened
};

const Opened& Libraries() {
  static const Opened opened = [] {
    Opened o;
    o.microhttpd = dlopen(kMicrohttpd, RTLD_NOW | RTLD_LOCAL);
    if (o.microhttpd == nullptr) {
      o.error = std::string(kMicrohttpd) + " (Debian package libmicrohttpd12): " + dlerror();
      return o;
    }
    o.gnutls = dlopen(kGnutls, RTLD_NOW | RTLD_LOCAL);
    if (o.gnutls == nullptr) o.error = std::string(kGnutls) + " (Debian package libgnutls30): " + dlerror();
    return o;
  }();
  return opened;
}

[[noreturn]] void Unavailable(const std::string& what) {
  std::fprintf(stderr, "%s: the HTTP server needs %s\n", program_invocation_short_name, what.c_str());
  std::fflush(stderr);
  _exit(static_cast<int>(ExitCode::kUnavailable));
}

// `name` from `library`, as a pointer of type `Function` (the declaration's,
// given through decltype, which takes no address the linker would want).
template <typename Function>
Function Loaded(void* Opened::*library, const char* name) {
  const Opened& opened = Libraries();
  if (!opened.error.empty()) Unavailable(opened.error);
  void* symbol = dlsym(opened.*library, name);
  if (symbol == nullptr) Unavailable(std::string(name) + ": " + dlerror());
  return reinterpret_cast<Function>(symbol);
}

}  // namespace

Status HttpLibrariesLoad() {
  const Opened& opened = Libraries();
  if (opened.error.empty()) return Status::Ok();
  return Status::Unavailable("the HTTP server needs " + opened.error);
}

}  // namespace evt

using evt::Loaded;
using evt::Opened;

extern "C" {

struct MHD_Response* MHD_create_response_from_buffer(size_t size, void* buffer, enum MHD_ResponseMemoryMode mode) {
  static const auto real = Loaded<decltype(&MHD_create_response_from_buffer)>(&Opened::microhttpd, "MHD_create_response_from_buffer");
  return real(size, buffer, mode);
}

enum MHD_Result MHD_add_response_header(struct MHD_Response* response, const char* header, const char* content) {
  static const auto real = Loaded<decltype(&MHD_add_response_header)>(&Opened::microhttpd, "MHD_add_response_header");
  return real(response, header, content);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection* connection, unsigned int status_code,
                                   struct MHD_Response* response) {
  static const auto real = Loaded<decltype(&MHD_queue_response)>(&Opened::microhttpd, "MHD_queue_response");
  return real(connection, status_code, response);
}

void MHD_destroy_response(struct MHD_Response* response) {
  static const auto real = Loaded<decltype(&MHD_destroy_response)>(&Opened::microhttpd, "MHD_destroy_response");
  real(response);
}

// The server asks only for information that takes no further argument
// (the TLS session), so none is passed on.
const union MHD_ConnectionInfo* MHD_get_connection_info(struct MHD_Connection* connection,
                                                        enum MHD_ConnectionInfoType info_type, ...) {
  static const auto real = Loaded<decltype(&MHD_get_connection_info)>(&Opened::microhttpd, "MHD_get_connection_info");
  return real(connection, info_type);
}

int MHD_get_connection_values(struct MHD_Connection* connection, enum MHD_ValueKind kind, MHD_KeyValueIterator iterator,
                              void* iterator_cls) {
  static const auto real = Loaded<decltype(&MHD_get_connection_values)>(&Opened::microhttpd, "MHD_get_connection_values");
  return real(connection, kind, iterator, iterator_cls);
}

const char* MHD_lookup_connection_value(struct MHD_Connection* connection, enum MHD_ValueKind kind, const char* key) {
  static const auto real = Loaded<decltype(&MHD_lookup_connection_value)>(&Opened::microhttpd, "MHD_lookup_connection_value");
  return real(connection, kind, key);
}

struct MHD_Daemon* MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void* apc_cls,
                                    MHD_AccessHandlerCallback dh, void* dh_cls, ...) {
  static const auto real = Loaded<decltype(&MHD_start_daemon_va)>(&Opened::microhttpd, "MHD_start_daemon_va");
  va_list options;
  va_start(options, dh_cls);
  struct MHD_Daemon* daemon = real(flags, port, apc, apc_cls, dh, dh_cls, options);
  va_end(options);
  return daemon;
}

void MHD_stop_daemon(struct MHD_Daemon* daemon) {
  static const auto real = Loaded<decltype(&MHD_stop_daemon)>(&Opened::microhttpd, "MHD_stop_daemon");
  real(daemon);
}

const gnutls_datum_t* gnutls_certificate_get_peers(gnutls_session_t session, unsigned int* list_size) {
  static const auto real = Loaded<decltype(&gnutls_certificate_get_peers)>(&Opened::gnutls, "gnutls_certificate_get_peers");
  return real(session, list_size);
}

int gnutls_certificate_verify_peers2(gnutls_session_t session, unsigned int* status) {
  static const auto real = Loaded<decltype(&gnutls_certificate_verify_peers2)>(&Opened::gnutls, "gnutls_certificate_verify_peers2");
  return real(session, status);
}

}  // extern "C"
