// The fitted layouts of common/table.h: priorities, middle cuts, wrapping
// and cards (doc/design.md §3.7).
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "common/color.h"
#include "common/table.h"
#include "common/table_fit.h"
#include "common/text_width.h"

namespace evt {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

int Widest(const std::string& text) {
  int widest = 0;
  for (const auto& line : Lines(StripStyles(text))) widest = std::max(widest, DisplayWidth(line));
  return widest;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* const kUrl8080 = "http://127.0.0.1:8080/health";
const char* const kUrl8081 = "http://127.0.0.1:8081/health";
const char* const kReason =
    "three probes in a row timed out after 2s each while the 5G slice was congested by the queue at the gate";

// The shape of failover's and probe's tables: a key, a state, a URL, a few
// numbers and a long reason.
Table PathTable() {
  Table t;
  t.AddColumn("path", {.priority = Priority::kKey});
  t.AddColumn("state", {.priority = Priority::kHigh});
  t.AddColumn("target", {.fit = Fit::kMiddle, .priority = Priority::kLow});
  t.AddColumn("rtt", {.align = Align::kRight});
  t.AddColumn("loss", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("reason", {.fit = Fit::kWrap});
  t.AddRow({"primary-uplink", {"down", Style::kBad}, kUrl8080, "—", "100%", kReason});
  t.AddRow({"slice-5g", {"up", Style::kOk}, kUrl8081, "41ms", "0.5%", "ok"});
  return t;
}

TEST_CASE("table fit: a table that fits is laid out as before", "[table_fit]") {
  const std::string out = PathTable().Render(false, 0);
  CHECK(Lines(out).size() == 3);
  CHECK(Contains(out, kUrl8080));
  CHECK(Contains(out, kReason));
  CHECK(PathTable().Render(false, Widest(out)) == out);
}

TEST_CASE("table fit: low-priority columns are left out first and named once under the table", "[table_fit]") {
  const std::string at70 = PathTable().Render(false, 70);
  CHECK(Contains(at70, "target"));
  CHECK_FALSE(Contains(at70, "100%"));
  CHECK(Lines(at70).back() == "not shown at this width: loss");
  const std::string out = PathTable().Render(false, 64);
  const auto lines = Lines(out);
  CHECK(lines[0] == "path            state   rtt  reason");
  CHECK_FALSE(Contains(out, "http"));
  CHECK_FALSE(Contains(out, "100%"));
  CHECK(lines.back() == "not shown at this width: target, loss");
  CHECK(Widest(out) <= 64);
}

TEST_CASE("table fit: the key column stays at every width", "[table_fit]") {
  for (int width = 20; width <= 140; ++width) {
    const std::string out = PathTable().Render(false, width);
    INFO("width " << width << "\n" << out);
    CHECK(Contains(out, "primary-uplink"));
    CHECK(Contains(out, "slice-5g"));
    CHECK(Widest(out) <= width);
  }
}

TEST_CASE("table fit: low-priority columns go before a higher one is cut", "[table_fit]") {
  // token keys list at 60 columns: the kid gives way in the middle, the state and the time stay whole.
  Table t;
  t.AddColumn("kid", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  t.AddColumn("alg", {.priority = Priority::kLow});
  t.AddColumn("state", {.priority = Priority::kHigh});
  t.AddColumn("private", {.priority = Priority::kLow});
  t.AddColumn("created");
  t.AddRow({"obgpTUfQsdHaBLl4_CCc7hoGUs_BLFvdUqW9LCoS8Fg", "EdDSA", "active", "yes", "07:19 +00:00"});
  t.AddRow({"nHSXwzhbWVUytfYFrNO5QOzKVYF0rOYoRBVKxr62pfw", "EdDSA", "published", "yes", "07:19 +00:00"});
  const std::string out = t.Render(false, 60);
  CHECK(out ==
        "kid                           alg    state      created\n"
        "obgpTUfQsdHaB…FvdUqW9LCoS8Fg  EdDSA  active     07:19 +00:00\n"
        "nHSXwzhbWVUyt…OYoRBVKxr62pfw  EdDSA  published  07:19 +00:00\n"
        "not shown at this width: private\n");
}

TEST_CASE("table fit: columns no row fills are left out before any other", "[table_fit]") {
  Table t;
  t.AddColumn("target", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  t.AddColumn("ms", {.priority = Priority::kHigh});
  t.AddColumn("latency", {.priority = Priority::kHigh});
  t.AddColumn("check", {.priority = Priority::kLow});
  t.AddColumn("detail", {.fit = Fit::kWrap});
  t.AddRow({kUrl8080, "", "   ", "http", "connection refused"});
  t.AddRow({kUrl8081, "", "", "http", "connection refused"});
  const std::string out = t.Render(false, 62);
  CHECK(out ==
        "target                        check  detail\n"
        "http://127.0.0.1:8080/health  http   connection refused\n"
        "http://127.0.0.1:8081/health  http   connection refused\n");
  // A card leaves out what says nothing.
  CHECK_FALSE(Contains(t.Render(false, 40), "latency"));
}

TEST_CASE("table fit: the line naming left-out columns wraps at the width", "[table_fit]") {
  Table t;
  t.AddColumn("key");
  for (const char* name : {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"}) {
    t.AddColumn(name, {.priority = Priority::kLow});
  }
  t.AddRow({std::string(30, 'k'), std::string(20, 'a'), std::string(20, 'b'), std::string(20, 'c'),
            std::string(20, 'd'), std::string(20, 'e'), std::string(20, 'f'), std::string(20, 'g'),
            std::string(20, 'h')});
  t.set_cards_below(0);
  const std::string out = t.Render(false, 50);
  CHECK(Widest(out) <= 50);
  CHECK(Contains(out, "\nnot shown at this width: bravo, charlie, delta,\necho, foxtrot, golf, hotel\n"));
}

TEST_CASE("table fit: without a named key the first column is kept", "[table_fit]") {
  Table t;
  t.set_cards_below(0);
  t.AddColumn("queue");
  t.AddColumn("destination", {.priority = Priority::kLow});
  t.AddColumn("note", {.priority = Priority::kHigh});
  t.AddRow({"orders-offline-kiosk-7", std::string(60, 'd'), std::string(30, 'n')});
  const std::string out = t.Render(false, 36);
  CHECK(Lines(out)[0] == "queue                   note");
  CHECK(Contains(out, "orders-offline-kiosk-7"));
}

TEST_CASE("table fit: a middle cut keeps two health URLs apart", "[table_fit]") {
  Table t;
  t.AddColumn("path");
  t.AddColumn("target", {.fit = Fit::kMiddle});
  t.AddColumn("detail");
  t.AddRow({"primary", kUrl8080, std::string(50, 'x')});
  t.AddRow({"slice-5g", kUrl8081, std::string(50, 'y')});
  const auto lines = Lines(t.Render(false, 60));
  REQUIRE(lines.size() == 3);
  // target and detail share what path leaves: 24 columns each.
  const std::string a = lines[1].substr(10, lines[1].find("  ", 10) - 10);
  const std::string b = lines[2].substr(10, lines[2].find("  ", 10) - 10);
  CHECK(a.starts_with("http"));
  CHECK(Contains(a, "…"));
  CHECK(a.ends_with("/health"));
  CHECK(a != b);
  CHECK(DisplayWidth(a) == 24);
}

TEST_CASE("table fit: a middle cut moves its split to keep texts apart", "[table_fit]") {
  // Split evenly, both would be "http:/…/health"; one more column of tail
  // tells them apart.
  CHECK(table_fit::MiddleCutDistinct({kUrl8080, kUrl8081}, 15) ==
        std::vector<std::string>{"http:/…0/health", "http:/…1/health"});
  CHECK(table_fit::MiddleCutDistinct({"ord-2026-12-07-kiosk-7-000123", "ord-2026-12-07-kiosk-7-000124"}, 20) ==
        std::vector<std::string>{"ord-2026-…k-7-000123", "ord-2026-…k-7-000124"});
  // Texts that are the same stay the same; texts that fit are not cut.
  CHECK(table_fit::MiddleCutDistinct({kUrl8080, kUrl8080, "short"}, 15) ==
        std::vector<std::string>{"http://…/health", "http://…/health", "short"});
}

TEST_CASE("table fit: a wrap column continues on the next lines of its row", "[table_fit]") {
  Table t;
  t.AddColumn("detected");
  t.AddColumn("event");
  t.AddColumn("reason", {.fit = Fit::kWrap});
  t.AddColumn("n", Align::kRight);
  t.AddRow({"05:01:02", "failover", kReason, "3"});
  t.AddRow({"05:03:00", "failback", "primary healthy for 60s", "1"});
  const std::string out = t.Render(false, 64);
  CHECK(out ==
        "detected  event     reason                                     n\n"
        "05:01:02  failover  three probes in a row timed out after 2s   3\n"
        "                    each while the 5G slice was congested by\n"
        "                    the queue at the gate\n"
        "05:03:00  failback  primary healthy for 60s                    1\n");
}

TEST_CASE("table fit: under 60 columns a table that does not fit becomes cards", "[table_fit]") {
  const std::string out = PathTable().Render(false, 40);
  CHECK(out ==
        "path: primary-uplink\n"
        "  state:  down\n"
        "  target: http://127.0.0.1:8080/health\n"
        "  rtt:    —\n"
        "  loss:   100%\n"
        "  reason: three probes in a row timed\n"
        "          out after 2s each while the 5G\n"
        "          slice was congested by the\n"
        "          queue at the gate\n"
        "path: slice-5g\n"
        "  state:  up\n"
        "  target: http://127.0.0.1:8081/health\n"
        "  rtt:    41ms\n"
        "  loss:   0.5%\n"
        "  reason: ok\n");
  CHECK(Widest(out) <= 40);
  // Narrower, the URLs are cut in the middle and stay apart.
  const std::string narrow = PathTable().Render(false, 32);
  CHECK(Contains(narrow, "  target: http://127…8080/health\n"));
  CHECK(Contains(narrow, "  target: http://127…8081/health\n"));
  CHECK(Widest(narrow) <= 32);
}

TEST_CASE("table fit: a table that fits stays a table under 60 columns", "[table_fit]") {
  Table t;
  t.AddColumn("kiosk");
  t.AddColumn("sold");
  t.AddRow({"gate-a", "12"});
  CHECK(t.Render(false, 40) == "kiosk   sold\ngate-a    12\n");
}

TEST_CASE("table fit: cards measure CJK in columns and keep colour out of the layout", "[table_fit]") {
  Table t;
  t.AddColumn("stand");
  t.AddColumn("note", {.fit = Fit::kWrap});
  t.AddRow({{"売店", Style::kOk}, {"売店売店売店売店売店売店売店売店売店売店売店売店売店売店売店売店", Style::kWarn}});
  const std::string plain = t.Render(false, 30);
  const std::string coloured = t.Render(true, 30);
  CHECK(coloured != plain);
  CHECK(StripStyles(coloured) == plain);
  CHECK(Widest(plain) <= 30);
  const auto lines = Lines(plain);
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0] == "stand: 売店");
  CHECK(lines[1].starts_with("  note:  売店"));
  for (const auto& line : lines) CHECK(DisplayWidth(line) <= 30);
}

TEST_CASE("table fit: colour codes in a narrowed table change no layout", "[table_fit]") {
  const Table t = PathTable();
  for (int width : {40, 59, 60, 70, 90, 120}) {
    INFO("width " << width);
    CHECK(StripStyles(t.Render(true, width)) == t.Render(false, width));
  }
}

}  // namespace
}  // namespace evt
