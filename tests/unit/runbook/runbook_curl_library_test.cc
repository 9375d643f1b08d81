#include "tools/runbook/curl_library.h"

#include <catch2/catch.hpp>

#include <string>

using evt::runbook::CurlLibrary;
using evt::runbook::LoadCurlLibrary;

TEST_CASE("runbook curl library: opened once, every entry point resolved", "[runbook]") {
  auto first = LoadCurlLibrary();
  REQUIRE(first.ok());
  auto second = LoadCurlLibrary();
  REQUIRE(second.ok());
  CHECK(*first == *second);
  const CurlLibrary& c = **first;
  CHECK(c.easy_init != nullptr);
  CHECK(c.easy_setopt != nullptr);
  CHECK(c.easy_perform != nullptr);
  CHECK(c.easy_getinfo != nullptr);
  CHECK(c.easy_cleanup != nullptr);
  CHECK(c.slist_append != nullptr);
  CHECK(c.slist_free_all != nullptr);
  REQUIRE(c.easy_strerror != nullptr);
  CHECK(std::string(c.easy_strerror(CURLE_OK)) == "No error");
}

TEST_CASE("runbook curl library: the resolved functions drive a transfer that fails cleanly", "[runbook]") {
  auto lib = LoadCurlLibrary();
  REQUIRE(lib.ok());
  const CurlLibrary& c = **lib;
  CURL* curl = c.easy_init();
  REQUIRE(curl != nullptr);
  curl_slist* headers = c.slist_append(nullptr, "X-Test: 1");
  REQUIRE(headers != nullptr);
  // A scheme outside the allowed list fails before any network access.
  CHECK(c.easy_setopt(curl, CURLOPT_URL, "ftp://127.0.0.1/") == CURLE_OK);
  CHECK(c.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK);
  CHECK(c.easy_setopt(curl, CURLOPT_HTTPHEADER, headers) == CURLE_OK);
  CHECK(c.easy_perform(curl) == CURLE_UNSUPPORTED_PROTOCOL);
  long http = -1;
  CHECK(c.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http) == CURLE_OK);
  CHECK(http == 0);
  c.slist_free_all(headers);
  c.easy_cleanup(curl);
}
