#include "common/json_writer.h"

#include <catch2/catch.hpp>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <thread>

#include "common/json_parse.h"
#include "common/process_state.h"

namespace evt {
namespace {

std::string Json(const Value& v) {
  Result<std::string> json = ToJson(v);
  INFO(json.status().message());
  REQUIRE(json.ok());
  return *json;
}

std::string ErrorOf(const Value& v) {
  Result<std::string> json = ToJson(v);
  if (json.ok()) return "written: " + *json;
  CHECK(json.status().code() == ExitCode::kDataErr);
  return json.status().message();
}

// Writes and reads back, and returns what came back.
Value RoundTrip(const Value& v) {
  Result<Value> back = ParseJson(Json(v), "round trip");
  INFO(back.status().message());
  REQUIRE(back.ok());
  return *back;
}

// What a FILE* received, read back from a temporary file.
std::string Contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[4096];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, got);
  return text;
}

}  // namespace

TEST_CASE("json writer: compact, keys in insertion order", "[json_writer]") {
  Value v = Value::object({{"kind", "probe"},
                           {"v", 1},
                           {"ok", false},
                           {"err", nullptr},
                           {"phases", Value::object({{"dns_ms", 1.5}, {"tcp_ms", 3}})},
                           {"tags", Value::array({"a", Value::array(), Value::object()})}});
  CHECK(Json(v) == R"({"kind":"probe","v":1,"ok":false,"err":null,"phases":{"dns_ms":1.5,"tcp_ms":3},"tags":["a",[],{}]})");
}

TEST_CASE("json writer: every control character is escaped", "[json_writer]") {
  std::string all;
  for (int c = 0; c < 0x20; ++c) all += static_cast<char>(c);
  all += "\"\\/\x7f";
  CHECK(Json(Value(all)) ==
        "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
        "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d"
        "\\u001e\\u001f\\\"\\\\/\x7f\"");
  CHECK(RoundTrip(Value(all)) == Value(all));
  // Non-ASCII, U+2028 and U+2029 included, passes as UTF-8.
  std::string text = "caf\xc3\xa9 \xe2\x80\xa8 \xe2\x80\xa9 \xf0\x9f\x98\x80";
  CHECK(Json(Value(text)) == "\"" + text + "\"");
  CHECK(Json(Value::object({{"a\nb", 1}})) == "{\"a\\nb\":1}");
}

// The writer skips eight bytes at a time where nothing needs escaping; a
// byte that does must be found at every offset of a word, beside the
// bytes next to it in value (and beside UTF-8), in a string of any length.
TEST_CASE("json writer: a byte to escape is found at every offset of a long string", "[json_writer]") {
  auto escaped = [](unsigned char c) -> std::string {
    if (c == '"') return "\\\"";
    if (c == '\\') return "\\\\";
    if (c == '\n') return "\\n";
    if (c == 0x1f) return "\\u001f";
    if (c == 0x00) return "\\u0000";
    return std::string(1, static_cast<char>(c));
  };
  const std::string filler = "ab\xc3\xa9" "cdefghijklmnopqrstuvwxy";  // 'é' is two bytes, never escaped
  for (unsigned char c : {0x00, 0x0a, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f}) {
    for (std::size_t length = 1; length <= 20; ++length) {
      for (std::size_t at = 0; at < length; ++at) {
        std::string text = filler.substr(0, length);
        if (static_cast<unsigned char>(text.back()) >= 0xC0) break;  // would end inside 'é'
        if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80 || (static_cast<unsigned char>(text[at]) >= 0xC0)) {
          continue;  // would split 'é'
        }
        text[at] = static_cast<char>(c);
        std::string want = "\"";
        for (char b : text) want += escaped(static_cast<unsigned char>(b));
        want += "\"";
        INFO("byte " << int(c) << " at " << at << " of " << length);
        CHECK(Json(Value(text)) == want);
      }
    }
  }
}

TEST_CASE("json writer: doubles round-trip exactly and stay doubles", "[json_writer]") {
  for (double d : {0.1, 1e300, -0.0, 5e-324, 123456789.125, 1.0, -2.5e-8, 1e21, 0.30000000000000004,
                   std::numeric_limits<double>::max(), std::numeric_limits<double>::min()}) {
    INFO(d);
    Value back = RoundTrip(Value(d));
    REQUIRE(back.type() == Value::Type::kDouble);
    CHECK(back.as_double() == d);
    CHECK(std::signbit(back.as_double()) == std::signbit(d));
  }
  CHECK(Json(Value(0.1)) == "0.1");
  CHECK(Json(Value(1.0)) == "1.0");
  CHECK(Json(Value(-0.0)) == "-0.0");
  CHECK(Json(Value(123456789.125)) == "123456789.125");
}

TEST_CASE("json writer: integers are exact at the limits", "[json_writer]") {
  const std::int64_t min = std::numeric_limits<std::int64_t>::min(), max = std::numeric_limits<std::int64_t>::max();
  const std::uint64_t umax = std::numeric_limits<std::uint64_t>::max();
  CHECK(Json(Value(min)) == "-9223372036854775808");
  CHECK(Json(Value(max)) == "9223372036854775807");
  CHECK(Json(Value(umax)) == "18446744073709551615");
  Value all = Value::array({min, max, umax, 0});
  Value back = RoundTrip(all);
  CHECK(back == all);
  CHECK(back.as_array()[0].as_int() == min);
  CHECK(back.as_array()[2].as_uint() == umax);
}

TEST_CASE("json writer: invalid UTF-8 is refused and the path named", "[json_writer]") {
  Value bad = Value::object({{"items", Value::array({1, Value::object({{"name", "\xc3\x28"}})})}});
  CHECK(ErrorOf(bad) == "invalid UTF-8 in string at /items/1/name");
  CHECK(ErrorOf(Value("\xc0\xaf")) == "invalid UTF-8 in string");        // overlong "/"
  CHECK(ErrorOf(Value("\xed\xa0\x80")) == "invalid UTF-8 in string");    // a surrogate
  CHECK(ErrorOf(Value::object({{"a", Value::object({{"\xff", 1}})}})) == "invalid UTF-8 in key at /a");
  std::string out = "kept";
  CHECK_FALSE(AppendJson(out, bad).ok());
  CHECK(out == "kept");
}

TEST_CASE("json writer: pointers escape ~ and / in keys", "[json_writer]") {
  CHECK(JsonPointerToken("a/b~c") == "/a~1b~0c");
  CHECK(ErrorOf(Value::object({{"a/b", Value::object({{"~", "\xff"}})}})) == "invalid UTF-8 in string at /a~1b/~0");
}

TEST_CASE("json writer: NaN and infinity are refused", "[json_writer]") {
  CHECK(ErrorOf(Value::object({{"ratio", std::nan("")}})) == "NaN cannot be written as JSON at /ratio");
  CHECK(ErrorOf(Value(std::numeric_limits<double>::infinity())) == "infinity cannot be written as JSON");
  CHECK(ErrorOf(Value::array({-std::numeric_limits<double>::infinity()})) ==
        "infinity cannot be written as JSON at /0");
}

TEST_CASE("json writer: nesting deeper than the reader accepts is refused", "[json_writer]") {
  auto nested = [](int depth) {
    Value v = Value::array();
    for (int i = 1; i < depth; ++i) v = Value::array({std::move(v)});
    return v;
  };
  CHECK(RoundTrip(nested(kMaxJsonDepth)) == nested(kMaxJsonDepth));
  CHECK(ErrorOf(nested(kMaxJsonDepth + 1)).find("nesting deeper than 256 levels at /0/0/") == 0);
}

TEST_CASE("json writer: record writer puts one record on each line", "[json_writer]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  RecordWriter writer(file, FlushPolicy::kBuffered);
  CHECK(writer.Write(Value::object({{"kind", "a"}, {"text", "x\ny"}})).ok());
  Status bad = writer.Write(Value::object({{"kind", "b"}, {"text", "\xff"}}));
  CHECK(bad.code() == ExitCode::kDataErr);
  CHECK(bad.message() == "invalid UTF-8 in string at /text");
  CHECK(writer.Write(Value::object({{"kind", "c"}})).ok());
  CHECK(writer.Flush().ok());
  CHECK(writer.records_written() == 2);
  CHECK(Contents(file) == "{\"kind\":\"a\",\"text\":\"x\\ny\"}\n{\"kind\":\"c\"}\n");
  std::fclose(file);
}

TEST_CASE("json writer: blocks of serialised lines keep their place among records", "[json_writer]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  RecordWriter writer(file, FlushPolicy::kBuffered);
  CHECK(writer.Write(Value::object({{"kind", "a"}})).ok());
  CHECK(writer.WriteSerializedLines("{\"n\":1}\n{\"n\":2}\n", 2).ok());
  // A block larger than the buffer, with a record still waiting before it
  // and with none: written out whole, in order.
  std::string big;
  while (big.size() < 200 * 1024) big += "{\"n\":3}\n";
  CHECK(writer.WriteSerializedLines(big, big.size() / 8).ok());
  CHECK(writer.WriteSerializedLines(big, big.size() / 8).ok());
  CHECK(writer.Write(Value::object({{"kind", "z"}})).ok());
  CHECK(writer.Flush().ok());
  CHECK(writer.records_written() == 4 + 2 * big.size() / 8);
  CHECK(Contents(file) == "{\"kind\":\"a\"}\n{\"n\":1}\n{\"n\":2}\n" + big + big + "{\"kind\":\"z\"}\n");
  std::fclose(file);

  std::FILE* full = std::fopen("/dev/full", "w");
  REQUIRE(full != nullptr);
  RecordWriter failing(full, FlushPolicy::kBuffered);
  CHECK(failing.WriteSerializedLines(big, 1).code() == ExitCode::kIoErr);
  CHECK(failing.WriteSerializedLines("{}\n", 1).code() == ExitCode::kIoErr);
  std::fclose(full);
}

TEST_CASE("json writer: every-record policy flushes each record at once", "[json_writer]") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::FILE* out = fdopen(fds[1], "w");
  REQUIRE(out != nullptr);
  RecordWriter writer(out, FlushPolicy::kEveryRecord);
  REQUIRE(writer.Write(Value::object({{"kind", "decision"}})).ok());
  // Nothing else was written and the stream stays open: the bytes are
  // readable only if the writer flushed them.
  char buffer[64] = {};
  ssize_t got = read(fds[0], buffer, sizeof buffer);
  CHECK(std::string(buffer, got > 0 ? static_cast<std::size_t>(got) : 0) == "{\"kind\":\"decision\"}\n");
  std::fclose(out);
  close(fds[0]);
}

TEST_CASE("json writer: a full disk is an I/O error, and stays one", "[json_writer]") {
  std::FILE* full = std::fopen("/dev/full", "w");
  REQUIRE(full != nullptr);
  RecordWriter writer(full, FlushPolicy::kEveryRecord);
  Status status = writer.Write(Value::object({{"kind", "x"}}));
  CHECK(status.code() == ExitCode::kIoErr);
  CHECK(status.message() == "write error: no space left on device");
  CHECK_FALSE(writer.reader_gone());
  CHECK(writer.Write(Value::object({{"kind", "y"}})).code() == ExitCode::kIoErr);
  std::fclose(full);

  std::FILE* buffered_full = std::fopen("/dev/full", "w");
  REQUIRE(buffered_full != nullptr);
  RecordWriter buffered(buffered_full, FlushPolicy::kBuffered);
  CHECK(buffered.Write(Value::object({{"kind", "x"}})).ok());  // still in the writer's buffer
  CHECK(buffered.Flush().code() == ExitCode::kIoErr);
  std::fclose(buffered_full);
}

TEST_CASE("json writer: a reader that went away is told apart", "[json_writer]") {
  std::signal(SIGPIPE, SIG_IGN);  // what InstallSignalHandlers() does in a tool
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  close(fds[0]);
  std::FILE* out = fdopen(fds[1], "w");
  REQUIRE(out != nullptr);
  RecordWriter writer(out, FlushPolicy::kEveryRecord);
  Status status = writer.Write(Value::object({{"kind", "x"}}));
  CHECK(status.code() == ExitCode::kIoErr);
  CHECK(status.message() == "write error: broken pipe");
  CHECK(writer.reader_gone());
  std::fclose(out);
}

TEST_CASE("json writer: a reader gone from stdout is noted for the whole process", "[json_writer]") {
  std::signal(SIGPIPE, SIG_IGN);
  ResetProcessStateForTesting();
  std::fflush(stdout);
  int saved_stdout = dup(STDOUT_FILENO);
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  close(fds[0]);
  dup2(fds[1], STDOUT_FILENO);
  close(fds[1]);
  RecordWriter writer;  // stdout, flushing every record
  Status status = writer.Write(Value::object({{"kind", "x"}}));
  bool gone = ReaderGone();
  dup2(saved_stdout, STDOUT_FILENO);
  close(saved_stdout);
  std::clearerr(stdout);
  ResetProcessStateForTesting();
  CHECK(status.code() == ExitCode::kIoErr);
  CHECK(writer.reader_gone());
  CHECK(gone);
}

}  // namespace evt

namespace evt {
namespace {
void IgnoreTestSignal(int) {}
}  // namespace

// SIGTERM must let the tool finish the record it is writing: a signal that
// interrupts a write blocked on a full pipe must not lose the record.
TEST_CASE("json writer: a signal during a blocked write loses nothing", "[json_writer]") {
  struct sigaction action {};
  action.sa_handler = IgnoreTestSignal;  // no SA_RESTART, as InstallSignalHandlers() does
  sigemptyset(&action.sa_mask);
  struct sigaction previous {};
  sigaction(SIGUSR1, &action, &previous);

  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::FILE* out = fdopen(fds[1], "w");
  REQUIRE(out != nullptr);
  const std::string big(1 << 20, 'x');  // far more than a pipe holds
  Status written = Status::Internal("not run");
  std::thread writing([&] {
    RecordWriter writer(out, FlushPolicy::kEveryRecord);
    written = writer.Write(Value::object({{"kind", "big"}, {"data", big}}));
  });
  // Interrupt the blocked write many times before anything is read.
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    pthread_kill(writing.native_handle(), SIGUSR1);
  }
  std::string received;
  char chunk[65536];
  while (received.empty() || received.back() != '\n') {
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n <= 0) break;
    received.append(chunk, static_cast<std::size_t>(n));
    pthread_kill(writing.native_handle(), SIGUSR1);
  }
  writing.join();
  std::fclose(out);
  close(fds[0]);
  sigaction(SIGUSR1, &previous, nullptr);
  CHECK(written.ok());
  CHECK(received == "{\"kind\":\"big\",\"data\":\"" + big + "\"}\n");
}

}  // namespace evt
