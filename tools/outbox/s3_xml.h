// The few elements of S3's XML answers the client reads (Code, Message,
// UploadId, ETag, Key, Contents, Upload, NextContinuationToken, …), found
// by a bounded scanner rather than an XML library: the answers are flat,
// and any input, however broken, yields "not found", never a crash.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evt::outbox {

// The raw content of each <name>…</name> (or <name attr="…">…</name>) in
// `xml`, in order, not descending into a match: the blocks of <Contents>
// are found whole, then read with the same functions. An unclosed element
// ends the scan. <name/> has empty content.
std::vector<std::string_view> S3XmlElements(std::string_view xml, std::string_view name);

// The first element's text with the five predefined entities and numeric
// character references decoded; nullopt when there is none.
std::optional<std::string> S3XmlText(std::string_view xml, std::string_view name);

// The five entities (&lt; &gt; &amp; &quot; &apos;) and &#N; / &#xH;
// decoded; anything else is kept as written.
std::string S3XmlUnescape(std::string_view text);

// `text` with & < > " ' escaped, for request bodies (Complete's ETags).
std::string S3XmlEscape(std::string_view text);

}  // namespace evt::outbox
