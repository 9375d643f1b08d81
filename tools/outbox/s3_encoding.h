// The canonical spellings SigV4 signs, built here because Debian's libcurl
// 7.88.1 signs the URL as given: object keys and query parameters are
// percent-encoded once, by S3's rules, and the query is sorted.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evt::outbox {

// S3's URI encoding: every byte but A-Z a-z 0-9 - . _ ~ becomes %XX with
// upper-case hex (UTF-8 bytes one by one); '/' is kept when `keep_slash`
// (an object key's path) and encoded otherwise (a query value).
std::string S3UriEncode(std::string_view bytes, bool keep_slash);

// "/BUCKET/KEY" with the key encoded, slashes kept.
std::string S3ObjectPath(std::string_view bucket, std::string_view key);

using S3QueryParams = std::vector<std::pair<std::string, std::string>>;

// "a=1&list-type=2&prefix=x%2Fy&uploads=": names and values encoded, sorted
// by encoded name then value, a valueless parameter written with its "=".
// Empty for no parameters.
std::string S3CanonicalQuery(S3QueryParams params);

}  // namespace evt::outbox
