#include "common/json_parse.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <unordered_set>
#include <utility>

#include <simdjson.h>

#include "common/json_writer.h"
#include "common/utf8.h"

namespace evt {

static_assert(kJsonPadding == simdjson::SIMDJSON_PADDING);

namespace {

namespace od = simdjson::ondemand;

// Objects up to this size are checked for duplicate keys by a linear scan,
// which beats hashing for the handful of keys a record has.
constexpr std::size_t kLinearKeyScan = 16;
// Room reserved up front in each object: growing from 1 to 8 members costs
// four reallocations, a measurable share of reading a record.
constexpr std::size_t kTypicalMembers = 8;

constexpr std::size_t kNoOffset = std::string_view::npos;
constexpr std::string_view kBadLiteral = "invalid literal (expected true, false or null)";

// What went wrong and where: a byte offset into the text, and the JSON
// pointer of the value, built while the walk unwinds.
struct JsonFailure {
  std::string what;
  std::size_t offset = kNoOffset;
  std::string pointer;

  void PrependKey(std::string_view key) { pointer.insert(0, JsonPointerToken(key)); }
  void PrependIndex(std::size_t index) { pointer.insert(0, "/" + std::to_string(index)); }
};

std::string_view DescribeJsonError(simdjson::error_code error) {
  switch (error) {
    case simdjson::EMPTY: return "expected a JSON value, got nothing";
    case simdjson::STRING_ERROR: return "invalid escape in string";
    case simdjson::UNESCAPED_CHARS: return "control character in string (it must be escaped)";
    case simdjson::UNCLOSED_STRING: return "unterminated string";
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return kBadLiteral;
    case simdjson::NUMBER_ERROR: return "invalid number";
    case simdjson::NUMBER_OUT_OF_RANGE: return "number out of range";
    case simdjson::DEPTH_ERROR: return "nesting too deep";
    case simdjson::TRAILING_CONTENT: return "unexpected content after the JSON value";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "unexpected end of input: an object or array is not closed";
    case simdjson::CAPACITY: return "document too large";
    case simdjson::MEMALLOC: return "out of memory";
    case simdjson::INCORRECT_TYPE:
    case simdjson::TAPE_ERROR:
    default: return "malformed JSON: a missing or extra comma, colon, quote, brace or bracket";
  }
}

std::string TooDeepMessage() { return "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels"; }

std::string DuplicateKeyMessage(std::string_view key) {
  std::string quoted;
  if (!AppendJsonString(quoted, key).ok()) quoted = "(a key)";
  return "duplicate key " + quoted + " in object";
}

// JSON's number grammar, to tell a number too big for 64 bits ("out of
// range") from one that is not a number at all.
bool LooksLikeJsonNumber(std::string_view token) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') ++i;
    return i > start;
  };
  if (i < token.size() && token[i] == '-') ++i;
  if (i < token.size() && token[i] == '0') ++i;
  else if (!digits()) return false;
  if (i < token.size() && token[i] == '.' && (++i, !digits())) return false;
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) return false;
  }
  while (i < token.size() && (token[i] == ' ' || token[i] == '\t' || token[i] == '\r' || token[i] == '\n')) ++i;
  return i == token.size();
}

// The text as a string-aware scan sees it: simdjson reports a truncated
// document as whatever it met last (often "invalid number"), and stage 1
// errors carry no position, so the real story comes from here.
struct TextShape {
  std::size_t open_string = kNoOffset;        // start of a string never closed
  std::size_t control_in_string = kNoOffset;  // first raw control character in a string
  int open_brackets = 0;                      // '{' and '[' minus '}' and ']'
  std::size_t last_token = 0;                 // start of the last token
};

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsJsonStructural(char c) { return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':'; }

TextShape ScanShape(std::string_view text) {
  TextShape shape;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      else if (static_cast<unsigned char>(c) < 0x20 && shape.control_in_string == kNoOffset) shape.control_in_string = i;
      continue;
    }
    if (IsJsonSpace(c)) continue;
    if (c == '"') {
      in_string = true;
      shape.open_string = i;
    }
    if (c == '{' || c == '[') ++shape.open_brackets;
    if (c == '}' || c == ']') --shape.open_brackets;
    if (c == '"' || IsJsonStructural(c) || IsJsonSpace(text[i - (i > 0)]) || IsJsonStructural(text[i - (i > 0)]))
      shape.last_token = i;
  }
  if (!in_string) shape.open_string = kNoOffset;
  return shape;
}

// Stage 1 failed before any walk: find where.
JsonFailure DiagnoseUnparsedJson(std::string_view text, simdjson::error_code error) {
  JsonFailure failure{std::string(DescribeJsonError(error)), 0, {}};
  TextShape shape = ScanShape(text);
  if (error == simdjson::UTF8_ERROR) failure.offset = FindInvalidUtf8(text);
  if (error == simdjson::UNESCAPED_CHARS) failure.offset = shape.control_in_string;
  if (error == simdjson::UNCLOSED_STRING) failure.offset = shape.open_string;
  if (error == simdjson::EMPTY) failure.offset = text.size();
  if (failure.offset == kNoOffset) failure.offset = 0;
  return failure;
}

// A failure at the last token of a text that ends inside a string or an
// open object is the truncation, whatever simdjson called it.
JsonFailure RefineJsonFailure(std::string_view text, JsonFailure failure) {
  TextShape shape = ScanShape(text);
  if (failure.offset < shape.last_token) return failure;
  // Which object is unclosed is anyone's guess, so no pointer.
  if (shape.open_string != kNoOffset) return {"unterminated string", shape.open_string, {}};
  if (shape.open_brackets > 0)
    return {std::string(DescribeJsonError(simdjson::INCOMPLETE_ARRAY_OR_OBJECT)), text.size(), {}};
  return failure;
}

Status JsonFailureStatus(const JsonFailure& failure, std::string_view text, std::string_view source,
                         std::size_t first_line) {
  std::size_t offset = std::min(failure.offset, text.size());
  std::size_t line = first_line + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  std::string message = std::string(source) + ":" + std::to_string(line) + ": " + failure.what;
  if (!failure.pointer.empty()) message += " at " + failure.pointer;
  return Status::DataErr(std::move(message));
}

// Turns one simdjson document into a Value. On-Demand is lazy, so this must
// visit every value: an error is only found where the walk goes.
class Walker {
 public:
  Walker(od::document& doc, std::string_view text) : doc_(doc), text_(text) {}

  bool Root(Value& out);
  JsonFailure& failure() { return failure_; }

 private:
  bool Convert(od::value& v, int depth, Value& out);
  bool ConvertObject(od::value& v, int depth, Value& out);
  bool ConvertArray(od::value& v, int depth, Value& out);
  template <class V>
  bool ConvertScalar(V& v, od::json_type type, Value& out);
  template <class V>
  bool ConvertNumber(V& v, Value& out);
  bool CheckNothingFollows();

  bool Fail(std::string what, const char* at);
  bool Fail(simdjson::error_code error) { return Fail(std::string(DescribeJsonError(error)), Here()); }
  // Where the iterator stands: the best position simdjson can give.
  const char* Here();

  od::document& doc_;
  std::string_view text_;
  JsonFailure failure_;
};

bool Walker::Fail(std::string what, const char* at) {
  failure_.what = std::move(what);
  bool inside = at != nullptr && at >= text_.data() && at <= text_.data() + text_.size();
  failure_.offset = inside ? static_cast<std::size_t>(at - text_.data()) : text_.size();
  return false;
}

const char* Walker::Here() {
  simdjson::simdjson_result<const char*> location = doc_.current_location();
  return location.error() ? nullptr : location.value_unsafe();
}

bool Walker::Root(Value& out) {
  od::json_type type;
  if (auto error = doc_.type().get(type)) return Fail(error);
  if (type == od::json_type::object || type == od::json_type::array) {
    od::value root;
    if (auto error = doc_.get_value().get(root)) return Fail(error);
    if (!Convert(root, 1, out)) return false;
  } else if (!ConvertScalar(doc_, type, out)) {
    return false;
  }
  return CheckNothingFollows();
}

bool Walker::CheckNothingFollows() {
  simdjson::simdjson_result<const char*> location = doc_.current_location();
  if (location.error()) return true;  // OUT_OF_BOUNDS: the walk reached the end
  return Fail("unexpected content after the JSON value", location.value_unsafe());
}

bool Walker::Convert(od::value& v, int depth, Value& out) {
  od::json_type type;
  if (auto error = v.type().get(type)) return Fail(error);
  switch (type) {
    case od::json_type::object: return ConvertObject(v, depth, out);
    case od::json_type::array: return ConvertArray(v, depth, out);
    default: return ConvertScalar(v, type, out);
  }
}

bool IsDuplicateKey(const Object& members, std::string_view key,
                    std::optional<std::unordered_set<std::string>>& seen) {
  if (members.size() < kLinearKeyScan) {
    for (const Member& m : members)
      if (m.first == key) return true;
    return false;
  }
  if (!seen) seen.emplace(members.size() * 2).insert(members.begin()->first);
  if (seen->size() < members.size())
    for (const Member& m : members) seen->insert(m.first);
  return !seen->insert(std::string(key)).second;
}

bool Walker::ConvertObject(od::value& v, int depth, Value& out) {
  if (depth > kMaxJsonDepth) return Fail(TooDeepMessage(), v.raw_json_token().data());
  od::object object;
  if (auto error = v.get_object().get(object)) return Fail(error);
  Object members;
  members.reserve(kTypicalMembers);
  std::optional<std::unordered_set<std::string>> seen;
  for (auto field : object) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return Fail(error);
    if (IsDuplicateKey(members, key, seen)) return Fail(DuplicateKeyMessage(key), Here());
    od::value child;
    if (auto error = field.value().get(child)) return Fail(error);
    members.emplace_back(std::string(key), Value());
    if (!Convert(child, depth + 1, members.back().second)) {
      failure_.PrependKey(members.back().first);
      return false;
    }
  }
  out = Value(std::move(members));
  return true;
}

bool Walker::ConvertArray(od::value& v, int depth, Value& out) {
  if (depth > kMaxJsonDepth) return Fail(TooDeepMessage(), v.raw_json_token().data());
  od::array array;
  if (auto error = v.get_array().get(array)) return Fail(error);
  Array items;
  for (auto element : array) {
    od::value child;
    if (auto error = element.get(child)) return Fail(error);
    if (!Convert(child, depth + 1, items.emplace_back())) {
      failure_.PrependIndex(items.size() - 1);
      return false;
    }
  }
  out = Value(std::move(items));
  return true;
}

std::string_view TokenOf(od::value& v) { return v.raw_json_token(); }
std::string_view TokenOf(od::document& doc) {
  std::string_view token;
  return doc.raw_json_token().get(token) ? std::string_view() : token;
}

template <class V>
bool Walker::ConvertScalar(V& v, od::json_type type, Value& out) {
  switch (type) {
    case od::json_type::number: return ConvertNumber(v, out);
    case od::json_type::string: {
      const char* at = TokenOf(v).data();
      std::string_view s;
      if (auto error = v.get_string().get(s)) return Fail(std::string(DescribeJsonError(error)), at);
      out = Value(s);
      return true;
    }
    case od::json_type::boolean: {
      bool b;
      if (v.get_bool().get(b)) return Fail(std::string(kBadLiteral), TokenOf(v).data());
      out = Value(b);
      return true;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (v.is_null().get(is_null) || !is_null) return Fail(std::string(kBadLiteral), TokenOf(v).data());
      out = Value();
      return true;
    }
    default: return Fail("expected a value", Here());
  }
}

// 18446744073709551615, the largest uint64, has 20 digits.
constexpr std::size_t kMaxUint64Digits = 20;

std::size_t LeadingDigits(std::string_view token) {
  std::size_t n = 0;
  while (n < token.size() && token[n] >= '0' && token[n] <= '9') ++n;
  return n;
}

bool IsIntegerToken(std::string_view token) { return token.find_first_of(".eE") == std::string_view::npos; }

template <class V>
bool Walker::ConvertNumber(V& v, Value& out) {
  // Not get_number(): in simdjson 3.0.1 it returns 0 for decimals that take
  // its slow path, such as 999999999999999999.0 (simdjson issue #2099).
  std::string_view token = TokenOf(v);
  simdjson::error_code error;
  if (!IsIntegerToken(token)) {
    double d = 0;
    if (!(error = v.get_double().get(d))) out = Value(d);
  } else if (!token.empty() && token[0] == '-') {
    std::int64_t i = 0;
    if (!(error = v.get_int64().get(i))) out = Value(i);
  } else if (LeadingDigits(token) > kMaxUint64Digits) {
    // simdjson 3.0.1 reads the root scalar 100000000000000000000 as 1e19.
    error = simdjson::NUMBER_OUT_OF_RANGE;
  } else {
    std::uint64_t u = 0;
    if (!(error = v.get_uint64().get(u))) out = Value(u);
  }
  if (!error) return true;
  if (error != simdjson::TRAILING_CONTENT)  // a root number with more after it
    error = LooksLikeJsonNumber(token) ? simdjson::NUMBER_OUT_OF_RANGE : simdjson::NUMBER_ERROR;
  return Fail(std::string(DescribeJsonError(error)), token.data());
}

// The fast path: simdjson's DOM parser dispatches at run time to the best
// kernel for the CPU (icelake, haswell, westmere), while On-Demand in
// Debian's simdjson 3.0.1 is compiled only for the "builtin" kernel, which
// is the scalar fallback on a plain x86-64 build. DOM is trusted only with
// documents it accepts and whose keys and depth we check here; anything
// else goes to the On-Demand walker, which decides the value or the error
// (with its position and pointer) exactly as before.
class DomConverter {
 public:
  // False when the document needs the On-Demand walker's verdict.
  bool Convert(simdjson::dom::element element, int depth, Value& out) {
    switch (element.type()) {
      case simdjson::dom::element_type::OBJECT: return ConvertObject(element.get_object().value_unsafe(), depth, out);
      case simdjson::dom::element_type::ARRAY: return ConvertArray(element.get_array().value_unsafe(), depth, out);
      case simdjson::dom::element_type::INT64: out = Value(element.get_int64().value_unsafe()); return true;
      case simdjson::dom::element_type::UINT64: out = Value(element.get_uint64().value_unsafe()); return true;
      case simdjson::dom::element_type::DOUBLE: out = Value(element.get_double().value_unsafe()); return true;
      case simdjson::dom::element_type::STRING: out = Value(element.get_string().value_unsafe()); return true;
      case simdjson::dom::element_type::BOOL: out = Value(element.get_bool().value_unsafe()); return true;
      case simdjson::dom::element_type::NULL_VALUE: out = Value(); return true;
    }
    return false;
  }

 private:
  bool ConvertObject(simdjson::dom::object object, int depth, Value& out) {
    if (depth > kMaxJsonDepth) return false;
    Object members;
    members.reserve(std::max<std::size_t>(object.size(), 1));
    std::optional<std::unordered_set<std::string>> seen;
    for (simdjson::dom::key_value_pair field : object) {
      if (IsDuplicateKey(members, field.key, seen)) return false;
      members.emplace_back(std::string(field.key), Value());
      if (!Convert(field.value, depth + 1, members.back().second)) return false;
    }
    out = Value(std::move(members));
    return true;
  }

  bool ConvertArray(simdjson::dom::array array, int depth, Value& out) {
    if (depth > kMaxJsonDepth) return false;
    Array items;
    items.reserve(array.size());
    for (simdjson::dom::element element : array) {
      if (!Convert(element, depth + 1, items.emplace_back())) return false;
    }
    out = Value(std::move(items));
    return true;
  }
};

}  // namespace

struct JsonParser::Impl {
  simdjson::dom::parser dom;
  od::parser parser;
};

JsonParser::JsonParser() : impl_(std::make_unique<Impl>()) {}
JsonParser::~JsonParser() = default;
JsonParser::JsonParser(JsonParser&&) noexcept = default;
JsonParser& JsonParser::operator=(JsonParser&&) noexcept = default;

Result<Value> JsonParser::Parse(std::string_view text, std::string_view source, std::size_t first_line) {
  Value out;
  simdjson::dom::element root;
  // realloc_if_needed = false: the text already carries kJsonPadding bytes.
  if (!impl_->dom.parse(text.data(), text.size(), false).get(root) && DomConverter().Convert(root, 1, out)) return out;
  JsonFailure failure;
  od::document doc;
  simdjson::error_code error =
      impl_->parser.iterate(text.data(), text.size(), text.size() + kJsonPadding).get(doc);
  if (error) {
    failure = DiagnoseUnparsedJson(text, error);
  } else {
    Walker walker(doc, text);
    if (walker.Root(out)) return out;
    failure = std::move(walker.failure());
  }
  return JsonFailureStatus(RefineJsonFailure(text, std::move(failure)), text, source, first_line);
}


namespace {

std::string LowercaseError(int error_number) {
  std::string text = std::strerror(error_number);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

// Reads a whole file into `text`, leaving kJsonPadding spare bytes after it.
Status ReadPaddedFile(const std::string& path, std::string& text, std::size_t& size) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NoInput(path + ": cannot open: " + LowercaseError(errno));
  struct stat info {};
  if (fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    close(fd);
    return Status::NoInput(path + ": is a directory, expected a JSON file");
  }
  constexpr std::size_t kChunk = 64 * 1024;
  size = 0;
  Status status;
  while (status.ok()) {
    if (size > kMaxJsonFileBytes) {
      status = Status::DataErr(path + ": larger than " + std::to_string(kMaxJsonFileBytes >> 20) + " MiB");
      break;
    }
    text.resize(size + kChunk + kJsonPadding);
    ssize_t got = read(fd, text.data() + size, kChunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) status = Status::NoInput(path + ": cannot read: " + LowercaseError(errno));
    if (got <= 0) break;
    size += static_cast<std::size_t>(got);
  }
  close(fd);
  return status;
}

}  // namespace

Result<Value> ParseJson(std::string_view text, std::string_view source) {
  std::string padded;
  padded.reserve(text.size() + kJsonPadding);
  padded.append(text).append(kJsonPadding, ' ');
  JsonParser parser;
  return parser.Parse(std::string_view(padded.data(), text.size()), source, 1);
}

Result<Value> ParseJsonFile(const std::string& path) {
  std::string text;
  std::size_t size = 0;
  EVT_RETURN_IF_ERROR(ReadPaddedFile(path, text, size));
  JsonParser parser;
  return parser.Parse(std::string_view(text.data(), size), path, 1);
}

}  // namespace evt
