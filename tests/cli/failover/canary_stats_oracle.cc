// A test-only program (not a tool, not installed): runs the canary judge's
// statistics (common/rank_sum_test.h, common/count_test.h) on the cases of
// stdin and prints one JSON object per case, so canary_stats_r.sh can hold
// them against R's wilcox.test, fisher.test and prop.test on the same cases.
//
//   wilcox NAME X1,X2,... Y1,Y2,... [CONF]  {"case":..,"method":..,"W":..,"p":..,"estimate":..,"low":..,"high":..}
//   counts NAME X1 N1 X2 N2 [CONF]           {"case":..,"p":..,"estimate":..,"low":..,"high":..}
// CONF is the confidence level, 0.95 when absent.
// Doubles are printed in their shortest exact form.
#include <charconv>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "common/count_test.h"
#include "common/exit_code.h"
#include "common/messages.h"
#include "common/quoted.h"
#include "common/rank_sum_test.h"

namespace evt {
namespace {

std::string ShortestDouble(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

template <class T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseList(const std::string& text, std::vector<double>& out) {
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    double v = 0;
    if (!ParseNumber(item, v)) return false;
    out.push_back(v);
  }
  return !out.empty();
}

const char* MethodName(RankSumMethod method) {
  switch (method) {
    case RankSumMethod::kExact: return "exact";
    case RankSumMethod::kNormal: return "normal";
    case RankSumMethod::kConstantSamples: return "constant";
  }
  return "?";
}

// The optional last field: the confidence level.
Result<double> ConfLevel(std::istringstream& fields) {
  std::string text;
  double level = 0.95;
  if (fields >> text && !ParseNumber(text, level)) return Status::DataErr("expected a confidence level such as 0.99");
  return level;
}

Status RankSum(const std::string& name, std::istringstream& fields) {
  std::string xs;
  std::string ys;
  std::vector<double> x;
  std::vector<double> y;
  if (!(fields >> xs >> ys) || !ParseList(xs, x) || !ParseList(ys, y)) {
    return Status::DataErr("expected two comma-separated lists of numbers");
  }
  EVT_ASSIGN_OR_RETURN(double level, ConfLevel(fields));
  EVT_ASSIGN_OR_RETURN(RankSumResult r, RankSumTest(x, y, level));
  std::cout << "{\"case\":\"" << name << "\",\"method\":\"" << MethodName(r.method)
            << "\",\"W\":" << ShortestDouble(r.w) << ",\"p\":" << ShortestDouble(r.p_value)
            << ",\"estimate\":" << ShortestDouble(r.estimate) << ",\"low\":" << ShortestDouble(r.conf_low)
            << ",\"high\":" << ShortestDouble(r.conf_high) << "}\n";
  return Status::Ok();
}

Status Counts(const std::string& name, std::istringstream& fields) {
  std::string text[4];
  std::int64_t n[4] = {};
  for (int i = 0; i < 4; ++i) {
    if (!(fields >> text[i]) || !ParseNumber(text[i], n[i])) return Status::DataErr("expected X1 N1 X2 N2");
  }
  EVT_ASSIGN_OR_RETURN(double level, ConfLevel(fields));
  EVT_ASSIGN_OR_RETURN(CountTestResult r, CountTest(n[0], n[1], n[2], n[3], level));
  std::cout << "{\"case\":\"" << name << "\",\"p\":" << ShortestDouble(r.p_value)
            << ",\"estimate\":" << ShortestDouble(r.difference.estimate)
            << ",\"low\":" << ShortestDouble(r.difference.conf_low)
            << ",\"high\":" << ShortestDouble(r.difference.conf_high) << "}\n";
  return Status::Ok();
}

int Run() {
  std::string line;
  for (std::int64_t line_number = 1; std::getline(std::cin, line); ++line_number) {
    std::istringstream fields(line);
    std::string kind;
    std::string name;
    if (!(fields >> kind)) continue;
    fields >> name;
    Status s = kind == "wilcox"   ? RankSum(name, fields)
               : kind == "counts" ? Counts(name, fields)
                                  : Status::DataErr("expected \"wilcox\" or \"counts\", got " + QuotedForMessage(kind));
    if (!s.ok()) {
      PrintError("stdin:" + std::to_string(line_number) + ": " + s.message());
      return ToInt(s.code());
    }
  }
  return ToInt(ExitCode::kOk);
}

}  // namespace
}  // namespace evt

int main(int, char** argv) {
  evt::SetProgramName(argv[0]);
  return evt::Run();
}
