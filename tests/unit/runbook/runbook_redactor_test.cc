// Secrets are cut out of what leaves the process, also when encoded.
#include <catch2/catch.hpp>

#include "tools/runbook/redactor.h"

using evt::runbook::Redactor;

TEST_CASE("runbook redactor: a secret is cut out raw and in its common encodings", "[runbook]") {
  Redactor redactor;
  redactor.Add("p@ss word/42");
  CHECK(redactor.Apply("raw p@ss word/42.") == "raw <redacted>.");
  CHECK(redactor.Apply("b64 cEBzcyB3b3JkLzQy") == "b64 <redacted>");
  CHECK(redactor.Apply("hex 7040737320776f72642f3432") == "hex <redacted>");
  CHECK(redactor.Apply("HEX 7040737320776F72642F3432") == "HEX <redacted>");
  CHECK(redactor.Apply("url p%40ss%20word%2F42") == "url <redacted>");
  CHECK(redactor.Apply("form p%40ss+word%2f42") == "form <redacted>");
  CHECK(redactor.Apply("nothing here: ss word") == "nothing here: ss word");
}

TEST_CASE("runbook redactor: a secret inside longer base64 is cut at any alignment", "[runbook]") {
  Redactor redactor;
  redactor.Add("hunter2-canary");
  // Basic auth with user names of 5, 1 and 3 bytes: all three alignments.
  for (const char* header : {"Authorization: Basic YWRtaW46aHVudGVyMi1jYW5hcnk=",
                             "Authorization: Basic YTpodW50ZXIyLWNhbmFyeQ==",
                             "Authorization: Basic YWJjOmh1bnRlcjItY2FuYXJ5"}) {
    std::string shown = redactor.Apply(header);
    CHECK(shown.find("<redacted>") != std::string::npos);
    CHECK(shown.find("aHVudGVyMi1jYW5hcnk") == std::string::npos);
    CHECK(shown.find("odW50ZXIyLWNhbmFye") == std::string::npos);
  }
}

TEST_CASE("runbook redactor: short encodings are left alone", "[runbook]") {
  Redactor redactor;
  redactor.Add("ab");  // hex 6162, base64 YWI
  CHECK(redactor.Apply("6162 YWI ab") == "6162 YWI <redacted>");
}
