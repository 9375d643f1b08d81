#include <catch2/catch.hpp>

#include <cstdio>
#include <map>

#include "common/text_width.h"
#include "tools/load/live_view.h"

namespace evt::load {
namespace {

ViewPoint Point(double achieved, double p99_ms) {
  ViewPoint p;
  p.seconds = 1;
  p.target_rate = 1000;
  p.achieved_rate = achieved;
  p.completed = static_cast<std::int64_t>(achieved);
  p.corrected_ms = {1.25, 3.5, p99_ms, 1020};
  p.uncorrected_ms = {1.2, 3.25, 12.5, 40.5};
  p.in_flight = 12;
  p.slip_p99_ms = 0.21;
  return p;
}

ViewHistory History(int seconds) {
  ViewHistory h;
  for (int i = 0; i < seconds; ++i) h.Add(Point(i % 2 == 0 ? 1000 : 500, i == seconds - 1 ? 980 : 20));
  return h;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return text;
}

TEST_CASE("live view: at 80 columns every figure on one screen") {
  ViewHistory h = History(4);
  ViewPoint now = h.points().back();
  now.errors[static_cast<std::size_t>(ErrorClass::k5xx)] = 3;
  now.errors[static_cast<std::size_t>(ErrorClass::kTimeout)] = 2;
  h.Add(now);
  std::string text = Joined(LiveViewLines(h, "http://127.0.0.1:8080/", 80));
  INFO(text);
  CHECK(text ==
        "evt-load http://127.0.0.1:8080/  5.0s\n"
        "rate  500/s of 1000/s ███████████████                50%\n"
        "rate  █▅█▅▅\n"
        "p99   ▁▁▁██\n"
        "ms                p50      p90      p99    p99.9\n"
        "corrected        1.25     3.50      980     1020\n"
        "uncorrected      1.20     3.25     12.5     40.5\n"
        "errors 1%  5xx 3  timeout 2  in flight 12  slip p99 0.21 ms  slipped 0\n"
        "held back 0\n");
}

TEST_CASE("live view: at 40 columns the same figures, narrower") {
  std::vector<std::string> lines = LiveViewLines(History(70), "http://shop.example.net/a/very/long/path/to/checkout", 40);
  std::string text = Joined(lines);
  INFO(text);
  for (const std::string& line : lines) CHECK(DisplayWidth(line) <= 40);
  CHECK(lines[0] == "evt-load http://shop.example.net…  1m10s");
  CHECK(lines[2].starts_with("rate  "));
  CHECK(DisplayWidth(lines[2]) == 40);  // the newest 34 seconds
  for (const char* figure : {"p99.9", "corr", "uncorr", "1.25", "980", "1020", "40.5", "errors none", "in flight 12",
                             "slip p99 0.21 ms", "slipped 0", "held back 0"})
    CHECK_THAT(text, Catch::Contains(figure));
}

TEST_CASE("live view: the sparklines keep the last 60 windows, and nothing is drawn before the first") {
  CHECK(LiveViewLines(ViewHistory(), "x", 80).empty());
  ViewHistory h = History(100);
  CHECK(h.points().size() == ViewHistory::kHistory);
  CHECK(h.elapsed_seconds() == 100);
  std::vector<std::string> lines = LiveViewLines(h, "x", 200);
  CHECK(DisplayWidth(lines[2]) == 6 + 60);
  CHECK(DisplayWidth(lines[3]) == 6 + 60);
}

TEST_CASE("live view: too narrow a terminal cuts lines rather than wrapping them") {
  for (int width : {10, 25, 39}) {
    for (const std::string& line : LiveViewLines(History(5), "http://127.0.0.1/", width)) {
      INFO(width << ": " << line);
      CHECK(DisplayWidth(line) <= width);
    }
  }
}

TEST_CASE("live view: a window without completions shows dashes, not zeros") {
  ViewHistory h;
  ViewPoint idle;
  idle.seconds = 1;
  idle.target_rate = 10;
  h.Add(idle);
  std::vector<std::string> lines = LiveViewLines(h, "x", 80);
  CHECK(lines[5] == "corrected           -        -        -        -");
}

TEST_CASE("live view: a window's figures, as the view keeps them") {
  LoadWindow w;
  w.seconds = 0.5;
  w.target_rate = 100;
  w.sent = 40;
  w.in_flight = 3;
  w.errors[static_cast<std::size_t>(ErrorClass::kConnect)] = 1;
  RequestOutcome o;
  o.intended = MicroTime(std::chrono::seconds(1'800'000'000));
  o.sent = o.intended + std::chrono::milliseconds(2);
  o.done = o.intended + std::chrono::milliseconds(10);
  w.Add(o);
  w.slip.RecordMillis(2);
  ViewPoint p = PointOf(w);
  CHECK(p.achieved_rate == 80);
  CHECK(p.completed == 1);
  CHECK(p.corrected_ms[2] == 10);
  CHECK(p.uncorrected_ms[0] == 8);
  CHECK(p.slip_p99_ms == 2);
  CHECK(p.errors[static_cast<std::size_t>(ErrorClass::kConnect)] == 1);
}

TEST_CASE("live view: redraws in place, over as many lines as it drew") {
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  LiveView view(out, "http://127.0.0.1/");
  LoadWindow w;
  REQUIRE(view.OnWindow(w).ok());
  REQUIRE(view.OnWindow(w).ok());
  std::rewind(out);
  std::string text;
  for (int c = std::fgetc(out); c != EOF; c = std::fgetc(out)) text += static_cast<char>(c);
  std::fclose(out);
  std::size_t lines = LiveViewLines(view.history(), "http://127.0.0.1/", 100).size();
  std::string back = "\x1b[" + std::to_string(lines) + "A\x1b[J";
  CHECK(text.find("\x1b[") == text.find(back));  // the first drawing moves nowhere
  CHECK(text.find(back) != std::string::npos);
  CHECK(text.starts_with("evt-load http://127.0.0.1/"));
}

TEST_CASE("live view: only on a terminal, and never with --json") {
  std::map<int, bool> terminal = {{1, true}, {2, true}};
  TerminalEnv env{[&](int fd) { return terminal[fd]; }, [](const char*) -> const char* { return nullptr; },
                  [](int) { return 80; }};
  CommonOptions options;
  CHECK(WantLiveView(options, env));
  options.json = true;
  CHECK_FALSE(WantLiveView(options, env));
  options.json = false;
  terminal[2] = false;
  CHECK_FALSE(WantLiveView(options, env));
  terminal[2] = true;
  terminal[1] = false;
  CHECK_FALSE(WantLiveView(options, env));
}

}  // namespace
}  // namespace evt::load
