#include "tools/runbook/content_hash.h"

#include <catch2/catch.hpp>
#include <set>

namespace evt::runbook {
namespace {

TEST_CASE("runbook content hash: SHA-256 of the bytes, FIPS 180-2's vectors", "[runbook]") {
  CHECK(ContentHash("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(ContentHash("") == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(ContentHash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("runbook run id: 32 lowercase hex digits, a new one each time", "[runbook]") {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewRunId();
    CHECK(id.size() == 32);
    CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    ids.insert(id);
  }
  CHECK(ids.size() == 100);
}

}  // namespace
}  // namespace evt::runbook
