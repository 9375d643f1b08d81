// libcurl, opened on the first notification rather than linked: libcurl and
// the thirty-odd libraries it pulls in (TLS, Kerberos, LDAP, IDN, ...) cost a
// run a few milliseconds of loading and relocation at start, and most runs
// send nothing (doc/design.md §11: libraries a run does not use
// are not loaded at start).
#pragma once

#include <curl/curl.h>

#include "common/status.h"

namespace evt::runbook {

// The libcurl entry points SendHttp uses, resolved from libcurl.so.4.
struct CurlLibrary {
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// Opens libcurl once per process (thread-safe) and keeps it open; later
// calls return the same table, or the same error (Unavailable, naming the
// library or the missing symbol).
Result<const CurlLibrary*> LoadCurlLibrary();

}  // namespace evt::runbook
