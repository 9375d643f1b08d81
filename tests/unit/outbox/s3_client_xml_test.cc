#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <random>

#include "tools/outbox/s3_xml.h"

namespace evt::outbox {
namespace {

TEST_CASE("s3_xml: an error answer's Code and Message") {
  std::string xml =
      "<?xml version='1.0' encoding='UTF-8'?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request "
      "signature we calculated does not match the signature you provided. Check your key &amp; signing "
      "method.</Message><RequestId>tx1</RequestId></Error>";
  CHECK(S3XmlText(xml, "Code") == "SignatureDoesNotMatch");
  CHECK(S3XmlText(xml, "Message").value().ends_with("Check your key & signing method."));
  CHECK_FALSE(S3XmlText(xml, "UploadId").has_value());
  CHECK_FALSE(S3XmlText(xml, "Cod").has_value());  // a prefix of a name is not the name
}

TEST_CASE("s3_xml: blocks are found whole, then read with the same functions") {
  std::string xml =
      "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>"
      "<IsTruncated>true</IsTruncated><Contents><Key>a &lt;1&gt;</Key><Size>10</Size>"
      "<ETag>&quot;e1&quot;</ETag></Contents><Contents><Key>caf&#233;&#x20AC;</Key><Size>0</Size></Contents>"
      "<NextContinuationToken>tok</NextContinuationToken></ListBucketResult>";
  auto contents = S3XmlElements(xml, "Contents");
  REQUIRE(contents.size() == 2);
  CHECK(S3XmlText(contents[0], "Key") == "a <1>");
  CHECK(S3XmlText(contents[0], "ETag") == "\"e1\"");
  CHECK(S3XmlText(contents[1], "Key") == "caf\xC3\xA9\xE2\x82\xAC");
  CHECK(S3XmlText(xml, "NextContinuationToken") == "tok");
  CHECK(S3XmlText(xml, "ListBucketResult").has_value());  // with attributes
  CHECK(S3XmlElements("<Upload/><Upload >x</Upload>", "Upload") == std::vector<std::string_view>{"", "x"});
}

TEST_CASE("s3_xml: broken input gives what is whole, never more") {
  CHECK(S3XmlElements("<Key>a</Key><Key>unclosed", "Key") == std::vector<std::string_view>{"a"});
  CHECK(S3XmlElements("<Key", "Key").empty());
  CHECK(S3XmlElements("<Key attr", "Key").empty());
  CHECK(S3XmlElements("", "Key").empty());
  CHECK(S3XmlElements("<Key>x</Key>", "").empty());
  CHECK(S3XmlUnescape("&bogus; &amp &#0; &#xD800; &#99999999; &#x41;&") == "&bogus; &amp &#0; &#xD800; &#99999999; A&");
  CHECK(S3XmlEscape("\"a\"<&>'") == "&quot;a&quot;&lt;&amp;&gt;&apos;");
  CHECK(S3XmlUnescape(S3XmlEscape("\"e\" & <x>")) == "\"e\" & <x>");
}

TEST_CASE("s3_xml: random bytes never crash the scanner and results lie inside the input") {
  std::uint32_t seed = std::random_device{}();
  if (const char* replay = std::getenv("EVT_TEST_SEED")) seed = static_cast<std::uint32_t>(std::strtoul(replay, nullptr, 10));
  std::cout << "s3_client_xml_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  INFO("EVT_TEST_SEED=" << seed);
  std::mt19937 rng(seed);
  const std::string alphabet = "<>/&;#x Key Code Upload=\"'1aE";
  for (int round = 0; round < 2000; ++round) {
    std::string xml(rng() % 120, ' ');
    for (char& c : xml) c = alphabet[rng() % alphabet.size()];
    for (const char* name : {"Key", "Code", "Upload"}) {
      for (std::string_view found : S3XmlElements(xml, name)) {
        REQUIRE(found.data() >= xml.data());
        REQUIRE(found.data() + found.size() <= xml.data() + xml.size());
      }
      (void)S3XmlText(xml, name);
    }
  }
}

}  // namespace
}  // namespace evt::outbox
