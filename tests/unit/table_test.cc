#include "common/table.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "common/color.h"
#include "common/sparkline.h"
#include "common/text_width.h"

namespace evt {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Table PathTable() {
  Table t;
  t.AddColumn("path");
  t.AddColumn("state");
  t.AddColumn("loss");
  t.AddRow({"uplink", {"up", Style::kOk}, "0.2%"});
  t.AddRow({"5g-slice", {"degraded", Style::kWarn}, "12.5%"});
  t.AddRow({"mesh", {"down", Style::kBad}, "100%"});
  return t;
}

TEST_CASE("table: aligns columns, numbers to the right", "[table]") {
  CHECK(PathTable().Render(false, 0) ==
        "path      state      loss\n"
        "uplink    up         0.2%\n"
        "5g-slice  degraded  12.5%\n"
        "mesh      down       100%\n");
}

TEST_CASE("table: explicit alignment overrides the guess", "[table]") {
  Table t;
  t.AddColumn("id", Align::kLeft);
  t.AddColumn("name", Align::kRight);
  t.AddRow({"7", "a"});
  t.AddRow({"123", "gate"});
  CHECK(t.Render(false, 0) ==
        "id   name\n"
        "7       a\n"
        "123  gate\n");
}

TEST_CASE("table: wide characters and combining marks line up by display width", "[table]") {
  Table t;
  t.AddColumn("stand");
  t.AddColumn("sold");
  t.AddRow({"売店", "3"});
  t.AddRow({"Cafe\xCC\x81", "12"});
  t.AddRow({"🎫 gate", "140"});
  const std::string out = t.Render(false, 0);
  CHECK(out ==
        "stand    sold\n"
        "売店        3\n"
        "Cafe\xCC\x81       12\n"
        "🎫 gate   140\n");
  for (const auto& line : Lines(out)) CHECK(DisplayWidth(line) == 13);
}

TEST_CASE("table: the widest column is cut with an ellipsis to fit max_width", "[table]") {
  const std::string detail = "resolver 10.0.0.1 answered in 3ms after two retries on the secondary uplink path";
  Table t;
  t.AddColumn("check");
  t.AddColumn("detail");
  t.AddRow({"dns", detail});
  t.AddRow({"tcp", "ok"});
  const std::string out = t.Render(false, 64);
  CHECK(out ==
        "check  detail\n"
        "dns    " + TruncateToWidth(detail, 57) + "\n"
        "tcp    ok\n");
  CHECK(TruncateToWidth(detail, 57).ends_with("…"));
  for (const auto& line : Lines(out)) CHECK(DisplayWidth(line) <= 64);
}

TEST_CASE("table: truncation never splits a wide character", "[table]") {
  std::string stalls;
  for (int i = 0; i < 40; ++i) stalls += "売店";
  Table t;
  t.AddColumn("name");
  t.AddRow({stalls});
  const auto lines = Lines(t.Render(false, 62));
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].ends_with("売店…"));
  CHECK(DisplayWidth(lines[1]) == 61);
}

TEST_CASE("table: narrows the widest columns in turn when several are long", "[table]") {
  Table t;
  t.AddColumn("a");
  t.AddColumn("b");
  const std::string a(40, 'a');
  const std::string b(48, 'b');
  t.AddRow({a, b});
  const auto lines = Lines(t.Render(false, 70));
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == TruncateToWidth(a, 34) + "  " + TruncateToWidth(b, 34));
}

TEST_CASE("table: a table that cannot fit even its key keeps one column per cell", "[table]") {
  Table t;
  t.set_cards_below(0);
  t.AddColumn("first");
  t.AddColumn("second");
  t.AddRow({"xxxxxx", "y"});
  CHECK(t.Render(false, 3) ==
        "fi…\n"
        "xx…\n"
        "no…\n");
}

TEST_CASE("table: colour changes no layout", "[table]") {
  const Table t = PathTable();
  const std::string plain = t.Render(false, 0);
  const std::string coloured = t.Render(true, 0);
  CHECK(coloured != plain);
  CHECK(coloured.find("\x1b[31mdown\x1b[0m") != std::string::npos);
  CHECK(coloured.find("\x1b[1mpath\x1b[0m") != std::string::npos);
  CHECK(StripStyles(coloured) == plain);
  CHECK(StripStyles(t.Render(true, 17)) == t.Render(false, 17));
  CHECK(plain.find('\x1b') == std::string::npos);
}

TEST_CASE("table: data cannot break lines or inject escape sequences", "[table]") {
  Table t;
  t.AddColumn("vendor");
  t.AddColumn("n");
  t.AddRow({"evil\n\x1b[2Jname", "1"});
  t.AddRow({"bad\xFFutf8", "2"});
  const std::string out = t.Render(true, 0);
  CHECK(Lines(out).size() == 3);
  CHECK(out.find("\x1b[2J") == std::string::npos);
  CHECK(out.find("evil\uFFFD\uFFFD[2Jname") != std::string::npos);
  CHECK(out.find("bad\uFFFDutf8") != std::string::npos);
}

TEST_CASE("table: short rows are padded and long rows keep every cell", "[table]") {
  Table t;
  t.AddColumn("k");
  t.AddColumn("v");
  t.AddRow({"a"});
  t.AddRow({"b", "2", "extra"});
  CHECK(t.Render(false, 0) ==
        "k  v\n"
        "a\n"
        "b  2  extra\n");
}

TEST_CASE("table: no trailing spaces and empty tables", "[table]") {
  Table empty;
  CHECK(empty.Render(true, 80).empty());
  Table header_only;
  header_only.AddColumn("path");
  header_only.AddColumn("loss");
  CHECK(header_only.Render(false, 80) == "path  loss\n");
  for (const auto& line : Lines(PathTable().Render(false, 0))) CHECK(line.back() != ' ');
}

TEST_CASE("table: sparklines and bars fit in cells", "[table]") {
  Table t;
  t.AddColumn("path");
  t.AddColumn("rtt");
  t.AddColumn("budget");
  const std::vector<double> rtt = {10, 20, 80};
  t.AddRow({"uplink", Sparkline(rtt), Bar(0.5, 4)});
  t.AddRow({"5g", Sparkline(std::vector<double>{}), Bar(1, 4)});
  CHECK(t.Render(false, 0) ==
        "path    rtt  budget\n"
        "uplink  ▁▂█  ██\n"
        "5g           ████\n");
}

}  // namespace
}  // namespace evt
