#include "common/jsonl_reader.h"

#include <catch2/catch.hpp>
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/json_writer.h"
#include "common/process_state.h"

namespace evt {
namespace {

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t put = write(fd, data.data(), data.size());
    if (put <= 0) return false;  // the reader closed its end: stop quietly
    data.remove_prefix(static_cast<std::size_t>(put));
  }
  return true;
}

// A real pipe with a writer thread on the other end, so the reader meets
// short reads and records split across read(2) boundaries.
class Pipe {
 public:
  explicit Pipe(std::function<void(int)> produce) {
    std::signal(SIGPIPE, SIG_IGN);
    REQUIRE(pipe(fds_) == 0);
    writer_ = std::thread([this, produce] {
      produce(fds_[1]);
      close(fds_[1]);
    });
  }
  ~Pipe() {
    close(fds_[0]);  // a writer blocked on a full pipe now fails and ends
    writer_.join();
  }
  int read_fd() const { return fds_[0]; }

 private:
  int fds_[2];
  std::thread writer_;
};

std::function<void(int)> InChunks(std::string data, std::size_t chunk) {
  return [data, chunk](int fd) {
    for (std::size_t i = 0; i < data.size(); i += chunk)
      if (!WriteAll(fd, std::string_view(data).substr(i, chunk))) return;
  };
}

JsonlReaderOptions NeverStop(std::size_t max_line_bytes = std::size_t{1} << 20) {
  JsonlReaderOptions options;
  options.max_line_bytes = max_line_bytes;
  options.should_stop = nullptr;
  return options;
}

// Everything the reader says, one string per call: "LINE JSON" for a
// record, "error CODE: message" for a failure.
std::vector<std::string> ReadAll(JsonlReader& reader) {
  std::vector<std::string> said;
  for (int calls = 0; calls < 100000; ++calls) {
    Result<std::optional<JsonlRecord>> next = reader.Next();
    if (!next.ok()) {
      said.push_back("error " + std::to_string(ToInt(next.status().code())) + ": " + next.status().message());
      continue;
    }
    if (!*next) return said;
    said.push_back(std::to_string((*next)->line) + " " + *ToJson((*next)->value));
  }
  FAIL("the reader never reached the end");
  return said;
}

std::vector<std::string> ReadAll(std::string input, std::size_t chunk = 4096,
                                 JsonlReaderOptions options = NeverStop()) {
  Pipe pipe(InChunks(std::move(input), chunk));
  JsonlReader reader(pipe.read_fd(), "in", std::move(options));
  return ReadAll(reader);
}

using Said = std::vector<std::string>;

// Resident memory of this process, from /proc/self/statm.
std::size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace

TEST_CASE("jsonl reader: records with their line numbers, blank lines skipped", "[jsonl_reader]") {
  CHECK(ReadAll("{\"a\":1}\n\n   \n{\"b\":[true,null]}\n\t\n{}\n") ==
        Said{"1 {\"a\":1}", "4 {\"b\":[true,null]}", "6 {}"});
  CHECK(ReadAll("").empty());
  CHECK(ReadAll("\n\n").empty());
}

TEST_CASE("jsonl reader: CRLF endings and a last line without newline", "[jsonl_reader]") {
  CHECK(ReadAll("{\"a\":1}\r\n\r\n{\"b\":2}\r\n") == Said{"1 {\"a\":1}", "3 {\"b\":2}"});
  CHECK(ReadAll("{\"a\":1}\n{\"b\":2}") == Said{"1 {\"a\":1}", "2 {\"b\":2}"});
  CHECK(ReadAll("{\"b\":2}\r") == Said{"1 {\"b\":2}"});
}

TEST_CASE("jsonl reader: a malformed line is reported and the next one read", "[jsonl_reader]") {
  CHECK(ReadAll("{\"a\":1\n{\"a\":2}\n") ==
        Said{"error 65: in:1: unexpected end of input: an object or array is not closed", "2 {\"a\":2}"});
  CHECK(ReadAll("{\"a\":1}\n[1,2]\n42\n\"s\"\n{\"z\":0}\n") ==
        Said{"1 {\"a\":1}", "error 65: in:2: expected an object, got an array",
             "error 65: in:3: expected an object, got an integer", "error 65: in:4: expected an object, got a string",
             "5 {\"z\":0}"});
  CHECK(ReadAll("{\"a\":1} {\"b\":2}\n") == Said{"error 65: in:1: unexpected content after the JSON value"});
}

TEST_CASE("jsonl reader: an unclosed last line is not read on into stale buffer bytes", "[jsonl_reader]") {
  // Found by fuzz_jsonl_reader: the last line moved to the buffer's start
  // left a copy of its "[[[" behind, where simdjson looked for more input.
  std::string brackets(45, '[');
  CHECK(ReadAll("{\"after\":1}\n" + brackets) ==
        Said{"1 {\"after\":1}", "error 65: in:2: unexpected end of input: an object or array is not closed"});
}

TEST_CASE("jsonl reader: duplicate keys, nested or spelled with escapes", "[jsonl_reader]") {
  CHECK(ReadAll("{\"a\":1,\"a\":2}\n{\"x\":{\"y\":{\"k\":1,\"k\":1}}}\n{\"a\":1,\"\\u0061\":2}\n{\"ok\":1}\n") ==
        Said{"error 65: in:1: duplicate key \"a\" in object", "error 65: in:2: duplicate key \"k\" in object at /x/y",
             "error 65: in:3: duplicate key \"a\" in object", "4 {\"ok\":1}"});
}

TEST_CASE("jsonl reader: invalid UTF-8 is an error, never passed through", "[jsonl_reader]") {
  CHECK(ReadAll("{\"s\":\"\xc3\x28\"}\n{\"s\":\"\xc0\xaf\"}\n{\"s\":\"\xc3\xa9\"}\n") ==
        Said{"error 65: in:1: invalid UTF-8", "error 65: in:2: invalid UTF-8", "3 {\"s\":\"\xc3\xa9\"}"});
}

TEST_CASE("jsonl reader: line numbers stay right after errors", "[jsonl_reader]") {
  std::string input;
  for (int i = 1; i <= 50; ++i) input += i % 7 == 0 ? "{bad\n" : i % 5 == 0 ? "\n" : "{\"i\":" + std::to_string(i) + "}\n";
  Said said = ReadAll(input, 3);
  REQUIRE(said.size() == 41);  // 50 lines, 9 blank (35 is a bad line)
  for (const std::string& s : said) {
    if (s.rfind("error", 0) == 0) {
      int line = std::stoi(s.substr(s.find("in:") + 3));
      CHECK(line % 7 == 0);
    } else {
      int line = std::stoi(s);
      CHECK(s == std::to_string(line) + " {\"i\":" + std::to_string(line) + "}");
    }
  }
}

TEST_CASE("jsonl reader: records split across reads in a real pipe", "[jsonl_reader]") {
  std::string input;
  Said expected;
  for (int i = 1; i <= 300; ++i) {
    std::string json = "{\"kind\":\"probe\",\"i\":" + std::to_string(i) + ",\"s\":\"caf\xc3\xa9 \\n\",\"ms\":1.25}";
    input += json + (i % 2 ? "\n" : "\r\n");
    expected.push_back(std::to_string(i) + " {\"kind\":\"probe\",\"i\":" + std::to_string(i) +
                       ",\"s\":\"caf\xc3\xa9 \\n\",\"ms\":1.25}");
  }
  for (std::size_t chunk : {1, 2, 7, 61, 4096}) {
    INFO("chunk " << chunk);
    CHECK(ReadAll(input, chunk) == expected);
  }
}

TEST_CASE("jsonl reader: over-long lines are refused and skipped", "[jsonl_reader]") {
  std::string sixteen = "{\"s\":\"0123456\"}";
  sixteen += " ";  // 16 bytes
  REQUIRE(sixteen.size() == 16);
  CHECK(ReadAll(sixteen + "\n" + sixteen + " \n" + sixteen + "\r\n{}\n", 2, NeverStop(16)) ==
        Said{"1 {\"s\":\"0123456\"}", "error 65: in:2: line longer than 16 bytes", "3 {\"s\":\"0123456\"}", "4 {}"});
  // At the end of input, without a newline.
  CHECK(ReadAll("{}\n" + std::string(100, ' ') + "x", 7, NeverStop(16)) ==
        Said{"1 {}", "error 65: in:2: line longer than 16 bytes"});
}

TEST_CASE("jsonl reader: a 50 MB line goes by in constant memory", "[jsonl_reader]") {
  constexpr std::size_t kLineBytes = 50u << 20;
  Pipe pipe([](int fd) {
    const std::string block(64 * 1024, 'x');
    if (!WriteAll(fd, "{\"s\":\"")) return;
    for (std::size_t sent = 0; sent < kLineBytes; sent += block.size())
      if (!WriteAll(fd, block)) return;
    WriteAll(fd, "\"}\n{\"after\":true}\n");
  });
  JsonlReader reader(pipe.read_fd(), "big", NeverStop(1024));
  std::size_t before = ResidentBytes();
  Said said = ReadAll(reader);
  std::size_t after = ResidentBytes();
  std::size_t growth = after > before ? after - before : 0;
  CHECK(said == Said{"error 65: big:1: line longer than 1024 bytes", "2 {\"after\":true}"});
  CHECK(growth < (8u << 20));
}

TEST_CASE("jsonl reader: a line just under the limit is read whole, beyond the first buffer", "[jsonl_reader]") {
  std::string text(600 * 1024, 'y');
  std::string line = "{\"s\":\"" + text + "\"}";
  Said said = ReadAll(line + "\n{}\n", 65536, NeverStop(line.size()));
  REQUIRE(said.size() == 2);
  CHECK(said[0] == "1 " + line);
  CHECK(said[1] == "2 {}");
  CHECK(ReadAll(line + "\n{}\n", 65536, NeverStop(line.size() - 1))[0] ==
        "error 65: in:1: line longer than " + std::to_string(line.size() - 1) + " bytes");
}

TEST_CASE("jsonl reader: opening files, stdin's name, missing input", "[jsonl_reader]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("evt-jsonl-reader-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "in.jsonl").string();
  std::ofstream(path) << "{\"a\":1}\n[]\n";
  Result<JsonlReader> file = JsonlReader::Open(path, NeverStop());
  REQUIRE(file.ok());
  CHECK(ReadAll(*file) == Said{"1 {\"a\":1}", "error 65: " + path + ":2: expected an object, got an array"});

  Result<JsonlReader> missing = JsonlReader::Open((dir / "nope.jsonl").string());
  CHECK(missing.status().code() == ExitCode::kNoInput);
  CHECK(missing.status().message() == (dir / "nope.jsonl").string() + ": cannot open: no such file or directory");
  Result<JsonlReader> directory = JsonlReader::Open(dir.string());
  CHECK(directory.status().code() == ExitCode::kNoInput);

  Result<JsonlReader> stdin_reader = JsonlReader::Open("-");
  REQUIRE(stdin_reader.ok());
  CHECK(stdin_reader->name() == "<stdin>");
  Pipe pipe(InChunks("x\n", 2));
  JsonlReader named(pipe.read_fd(), "-", NeverStop());
  CHECK(ReadAll(named)[0].rfind("error 65: <stdin>:1: ", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("jsonl reader: a read error is an I/O error and ends the stream", "[jsonl_reader]") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  JsonlReader reader(fds[1], "out", NeverStop());  // the write end cannot be read
  CHECK(ReadAll(reader) == Said{"error 74: out: read error: bad file descriptor"});
  close(fds[0]);
  close(fds[1]);
}

namespace {
std::atomic<bool> g_stop_asked{false};
void OnTestSignal(int) { g_stop_asked = true; }
}  // namespace

TEST_CASE("jsonl reader: a signal stops a reader waiting on a quiet pipe", "[jsonl_reader]") {
  struct sigaction action {};
  action.sa_handler = OnTestSignal;  // no SA_RESTART, as InstallSignalHandlers() does
  sigemptyset(&action.sa_mask);
  struct sigaction previous {};
  sigaction(SIGUSR1, &action, &previous);
  g_stop_asked = false;

  int fds[2];
  REQUIRE(pipe(fds) == 0);
  REQUIRE(write(fds[1], "{\"a\":1}\n{\"partial\":", 19) == 19);  // then silence, the writer stays open
  JsonlReaderOptions options = NeverStop();
  options.should_stop = [] { return g_stop_asked.load(); };
  JsonlReader reader(fds[0], "quiet", options);

  // Signals until the reader returns, so none can slip in before read(2).
  pthread_t reading_thread = pthread_self();
  std::atomic<bool> done{false};
  std::thread interrupter([reading_thread, &done] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      pthread_kill(reading_thread, SIGUSR1);
    }
  });
  Said said = ReadAll(reader);
  done = true;
  interrupter.join();
  CHECK(said == Said{"1 {\"a\":1}"});  // the partial record is not made up into one
  CHECK(reader.stopped());
  sigaction(SIGUSR1, &previous, nullptr);
  close(fds[0]);
  close(fds[1]);
}

TEST_CASE("jsonl reader: by default a requested stop ends the stream", "[jsonl_reader]") {
  ResetProcessStateForTesting();
  Pipe pipe(InChunks("{\"a\":1}\n", 8));
  JsonlReader reader(pipe.read_fd(), "in");
  RequestStop(SIGTERM);
  Result<std::optional<JsonlRecord>> next = reader.Next();
  ResetProcessStateForTesting();
  REQUIRE(next.ok());
  CHECK_FALSE(next->has_value());
  CHECK(reader.stopped());
}

// A stop that lands after the reader checked for one but before it blocks
// must still end the wait: the self-pipe wakes the poll. (Here the stop is
// requested from another thread, which never interrupts the read with
// EINTR: only the wakeup can end it.)
TEST_CASE("jsonl reader: a stop while blocked on a quiet pipe wakes it", "[jsonl_reader]") {
  ResetProcessStateForTesting();
  EnableStopWakeup();
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  JsonlReader reader(fds[0], "quiet");
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    RequestStop(SIGTERM);
  });
  Result<std::optional<JsonlRecord>> next = reader.Next();
  stopper.join();
  ResetProcessStateForTesting();
  close(fds[0]);
  close(fds[1]);
  REQUIRE(next.ok());
  CHECK_FALSE(next->has_value());
  CHECK(reader.stopped());
}

TEST_CASE("process state: an interval sleep ends early on a stop", "[process_state]") {
  ResetProcessStateForTesting();
  EnableStopWakeup();
  CHECK(SleepUnlessStopRequested(std::chrono::milliseconds(20)));
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    RequestStop(SIGINT);
  });
  auto start = std::chrono::steady_clock::now();
  bool slept_fully = SleepUnlessStopRequested(std::chrono::seconds(30));
  auto waited = std::chrono::steady_clock::now() - start;
  stopper.join();
  ResetProcessStateForTesting();
  CHECK_FALSE(slept_fully);
  CHECK(waited < std::chrono::seconds(10));
}

TEST_CASE("jsonl reader: take_line takes the lines it wants, the others are parsed as usual", "[jsonl_reader]") {
  std::vector<std::string> taken;
  JsonlReaderOptions options = NeverStop();
  options.take_line = [&taken](std::string_view line, std::size_t number) {
    if (line.find("take") == std::string_view::npos) return false;
    taken.push_back(std::to_string(number) + " " + std::string(line));
    return true;
  };
  CHECK(ReadAll("{\"take\":1}\n{\"a\":1}\n\n{\"take\":2}\r\n{take me, not JSON}\n{\"b\":\n{\"c\":3}", 7,
                std::move(options)) ==
        Said{"2 {\"a\":1}", "error 65: in:6: unexpected end of input: an object or array is not closed",
             "7 {\"c\":3}"});
  // Blank lines are not offered; line endings are not part of the line.
  CHECK(taken == std::vector<std::string>{"1 {\"take\":1}", "4 {\"take\":2}", "5 {take me, not JSON}"});
}

}  // namespace evt

namespace evt {
namespace {

// What a writer that buffers relies on: the hook runs before every read,
// so after each record the tool handled, before the reader can block.
TEST_CASE("jsonl reader: before_read is called before each read, after the records read so far", "[jsonl_reader]") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::vector<std::string> events;
  JsonlReaderOptions options = NeverStop();
  options.before_read = [&events] { events.push_back("before read"); };
  JsonlReader reader(fds[0], "in", std::move(options));
  auto next = [&] {
    Result<std::optional<JsonlRecord>> record = reader.Next();
    REQUIRE(record.ok());
    events.push_back(*record ? "record " + std::to_string((*record)->line) : "end");
  };
  REQUIRE(WriteAll(fds[1], "{\"a\":1}\n"));
  next();
  REQUIRE(WriteAll(fds[1], "{\"a\":2}\n{\"a\":3}\n"));
  next();
  next();  // already in the buffer: no read
  close(fds[1]);
  next();
  close(fds[0]);
  CHECK(events == std::vector<std::string>{"before read", "record 1", "before read", "record 2", "record 3",
                                           "before read", "end"});
}

// The reader's buffer is not zeroed when made; the bytes simdjson reads
// past a line that ends the data must still be defined: the data read
// before, or zeros, never what the allocator left there. M_PERTURB fills
// new heap memory with 0xa5 ^ 0xff (the buffer is kept off mmap, which
// M_PERTURB does not fill).
TEST_CASE("jsonl reader: the padding after a last line without newline holds no allocator leftovers", "[jsonl_reader]") {
  static constexpr char kFill = static_cast<char>(0xa5 ^ 0xff);
  REQUIRE(mallopt(M_MMAP_THRESHOLD, 64 << 20) == 1);
  REQUIRE(mallopt(M_PERTURB, 0xa5) == 1);
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::vector<std::string> leftovers_after;
  JsonlReaderOptions options = NeverStop();
  options.take_line = [&leftovers_after](std::string_view line, std::size_t) {
    std::string_view padding(line.data() + line.size(), kJsonPadding);
    leftovers_after.push_back(std::string(line) + " " + std::to_string(std::count(padding.begin(), padding.end(), kFill)));
    return true;
  };
  {
    JsonlReader reader(fds[0], "in", std::move(options));
    REQUIRE(mallopt(M_PERTURB, 0) == 1);
    REQUIRE(WriteAll(fds[1], "{\"a\":1}\n{\"b\":2}"));
    close(fds[1]);
    while (true) {
      Result<std::optional<JsonlRecord>> record = reader.Next();
      REQUIRE(record.ok());
      if (!*record) break;
    }
  }
  close(fds[0]);
  REQUIRE(mallopt(M_MMAP_THRESHOLD, 128 * 1024) == 1);
  CHECK(leftovers_after == std::vector<std::string>{"{\"a\":1} 0", "{\"b\":2} 0"});
}

}  // namespace
}  // namespace evt
