// libpq's functions as the hub calls them, each loading libpq.so.5 on its
// first call instead of the dynamic loader mapping it at every start: libpq
// brings libssl, libcrypto, Kerberos, LDAP and SASL with it, twelve
// libraries whose loading and relocation was the largest part of evt-price's
// cold start (doc/design.md §11), in every run of a tool that links the hub
// though almost no run syncs with it (doc/design.md §18).
//
// Only the functions the hub calls are here: a new one fails the link until
// it is added, rather than going back to loading libpq at start.
#include <dlfcn.h>
#include <errno.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdio>

#include "common/exit_code.h"

namespace {

constexpr const char* kLibpq = "libpq.so.5";

// The Debian package libpq5 is a dependency of evt, so it is missing only
// from a broken install: there is no Status to return from inside libpq's
// API, and the loader itself would have stopped the process at start.
[[noreturn]] void Unavailable(const char* what) {
  std::fprintf(stderr, "%s: the hub needs %s (Debian package libpq5): %s\n", program_invocation_short_name, kLibpq,
               what);
  std::fflush(stderr);
  _exit(static_cast<int>(evt::ExitCode::kUnavailable));
}

void* Libpq() {
  static void* const handle = [] {
    void* opened = dlopen(kLibpq, RTLD_NOW | RTLD_LOCAL);
    if (opened == nullptr) Unavailable(dlerror());
    return opened;
  }();
  return handle;
}

// `name` from libpq, typed like the declaration `Function` points to.
template <typename Function>
Function Loaded(Function /*declared*/, const char* name) {
  void* symbol = dlsym(Libpq(), name);
  if (symbol == nullptr) Unavailable(dlerror());
  return reinterpret_cast<Function>(symbol);
}

}  // namespace

extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expand_dbname) {
  static const auto real = Loaded(&PQconnectdbParams, "PQconnectdbParams");
  return real(keywords, values, expand_dbname);
}

void PQfinish(PGconn* conn) {
  static const auto real = Loaded(&PQfinish, "PQfinish");
  real(conn);
}

ConnStatusType PQstatus(const PGconn* conn) {
  static const auto real = Loaded(&PQstatus, "PQstatus");
  return real(conn);
}

char* PQerrorMessage(const PGconn* conn) {
  static const auto real = Loaded(&PQerrorMessage, "PQerrorMessage");
  return real(conn);
}

int PQsocket(const PGconn* conn) {
  static const auto real = Loaded(&PQsocket, "PQsocket");
  return real(conn);
}

char* PQhost(const PGconn* conn) {
  static const auto real = Loaded(&PQhost, "PQhost");
  return real(conn);
}

char* PQport(const PGconn* conn) {
  static const auto real = Loaded(&PQport, "PQport");
  return real(conn);
}

char* PQuser(const PGconn* conn) {
  static const auto real = Loaded(&PQuser, "PQuser");
  return real(conn);
}

char* PQdb(const PGconn* conn) {
  static const auto real = Loaded(&PQdb, "PQdb");
  return real(conn);
}

PQconninfoOption* PQconninfoParse(const char* conninfo, char** errmsg) {
  static const auto real = Loaded(&PQconninfoParse, "PQconninfoParse");
  return real(conninfo, errmsg);
}

void PQconninfoFree(PQconninfoOption* options) {
  static const auto real = Loaded(&PQconninfoFree, "PQconninfoFree");
  real(options);
}

void PQfreemem(void* ptr) {
  static const auto real = Loaded(&PQfreemem, "PQfreemem");
  real(ptr);
}

char* PQescapeIdentifier(PGconn* conn, const char* str, size_t len) {
  static const auto real = Loaded(&PQescapeIdentifier, "PQescapeIdentifier");
  return real(conn, str, len);
}

PGresult* PQexec(PGconn* conn, const char* query) {
  static const auto real = Loaded(&PQexec, "PQexec");
  return real(conn, query);
}

PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                       const char* const* paramValues, const int* paramLengths, const int* paramFormats,
                       int resultFormat) {
  static const auto real = Loaded(&PQexecParams, "PQexecParams");
  return real(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}

int PQconsumeInput(PGconn* conn) {
  static const auto real = Loaded(&PQconsumeInput, "PQconsumeInput");
  return real(conn);
}

PGnotify* PQnotifies(PGconn* conn) {
  static const auto real = Loaded(&PQnotifies, "PQnotifies");
  return real(conn);
}

ExecStatusType PQresultStatus(const PGresult* res) {
  static const auto real = Loaded(&PQresultStatus, "PQresultStatus");
  return real(res);
}

char* PQresultErrorField(const PGresult* res, int fieldcode) {
  static const auto real = Loaded(&PQresultErrorField, "PQresultErrorField");
  return real(res, fieldcode);
}

char* PQcmdTuples(PGresult* res) {
  static const auto real = Loaded(&PQcmdTuples, "PQcmdTuples");
  return real(res);
}

int PQntuples(const PGresult* res) {
  static const auto real = Loaded(&PQntuples, "PQntuples");
  return real(res);
}

char* PQfname(const PGresult* res, int field_num) {
  static const auto real = Loaded(&PQfname, "PQfname");
  return real(res, field_num);
}

char* PQgetvalue(const PGresult* res, int tup_num, int field_num) {
  static const auto real = Loaded(&PQgetvalue, "PQgetvalue");
  return real(res, tup_num, field_num);
}

int PQgetlength(const PGresult* res, int tup_num, int field_num) {
  static const auto real = Loaded(&PQgetlength, "PQgetlength");
  return real(res, tup_num, field_num);
}

int PQgetisnull(const PGresult* res, int tup_num, int field_num) {
  static const auto real = Loaded(&PQgetisnull, "PQgetisnull");
  return real(res, tup_num, field_num);
}

void PQclear(PGresult* res) {
  static const auto real = Loaded(&PQclear, "PQclear");
  real(res);
}

}  // extern "C"
