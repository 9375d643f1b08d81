// Reading JSON text into evt::Value, with simdjson On-Demand underneath.
//
// Stricter than JSON's RFC on purpose, because a record or a config that
// means two things must not mean either: duplicate keys in an object are an
// error, as are big integers that fit no 64-bit type, numbers out of double
// range, invalid UTF-8 and trailing content. Nesting deeper than
// kMaxJsonDepth is refused so hostile input cannot exhaust the stack.
//
// Every error is a Status::DataErr reading "SOURCE:LINE: what", e.g.
//   event.json:12: duplicate key "qty" in object at /carts/0
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace evt {

// Objects and arrays nest at most this deep; JsonWriter keeps the same limit
// so whatever it writes can be read back.
inline constexpr int kMaxJsonDepth = 256;

// Bytes that must be readable after the text handed to JsonParser::Parse.
// Equal to SIMDJSON_PADDING (checked where simdjson is included).
inline constexpr std::size_t kJsonPadding = 64;

// Parses one whole JSON document of any type. `source` names the text in
// messages (a file name, "<stdin>", "--data").
Result<Value> ParseJson(std::string_view text, std::string_view source);

// Reads and parses a JSON file (config files, flow files). A missing or
// unreadable file or a directory is Status::NoInput naming the path; a file
// over kMaxJsonFileBytes is DataErr; bad JSON is DataErr "path:line: what".
inline constexpr std::size_t kMaxJsonFileBytes = 64u << 20;
Result<Value> ParseJsonFile(const std::string& path);

// A reusable parser: keeps simdjson's buffers between documents, which is
// what makes reading millions of JSON Lines cheap. Not thread-safe.
class JsonParser {
 public:
  JsonParser();
  ~JsonParser();
  JsonParser(JsonParser&&) noexcept;
  JsonParser& operator=(JsonParser&&) noexcept;

  // Parses `text` as one document. `first_line` is the line number of its
  // first byte, so errors in a JSON Lines record name the record's line.
  // REQUIRES: kJsonPadding readable bytes follow text.data() + text.size(),
  // the first of them whitespace or NUL (a line's own "\n" will do): with
  // a truncated document simdjson On-Demand looks at that byte, and would
  // take a '[' there for more input.
  Result<Value> Parse(std::string_view text, std::string_view source, std::size_t first_line);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace evt
