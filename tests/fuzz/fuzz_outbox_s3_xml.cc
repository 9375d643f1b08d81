// Feeds arbitrary bytes to the S3 client's XML scanner as a store's answer:
// whatever it finds lies inside the input, and unescaping never grows text
// beyond the input (an entity or reference decodes to fewer bytes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tools/outbox/s3_xml.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  for (std::string_view name : {"Code", "Message", "UploadId", "ETag", "Key", "Contents", "Upload",
                                "NextContinuationToken", "IsTruncated"}) {
    for (std::string_view found : evt::outbox::S3XmlElements(xml, name)) {
      Require(found.data() >= xml.data() && found.data() + found.size() <= xml.data() + xml.size());
      for (std::string_view inner : evt::outbox::S3XmlElements(found, "Key")) {
        Require(inner.data() >= found.data() && inner.data() + inner.size() <= found.data() + found.size());
      }
      Require(evt::outbox::S3XmlUnescape(found).size() <= found.size());
    }
  }
  Require(evt::outbox::S3XmlUnescape(evt::outbox::S3XmlEscape(xml)) == xml);
  return 0;
}
