// --abort-if: the rules that stop a load run which is hurting the site
// ("p99>800ms for 10s", "errors>1%"), and the watch that applies them to
// each second's window as it closes.
//
// Grammar: METRIC OP VALUE [for DURATION], spaces optional around OP.
//   METRIC  p50 | p90 | p99 | p99.9 | max   corrected latency (from the schedule)
//           slip                             the window's p99 schedule slip
//           errors                           failed requests, as a share ("1%")
//                                            of those completed, or a count ("50")
//   OP      > | >=
//   VALUE   a duration ("800ms", "1.5s") for latency and slip; "N%" or "N" for errors
//   for D   the condition must hold over consecutive windows covering D
//           (window lengths summed); without it, one window is enough.
// A window in which no request completed carries no evidence: it neither
// extends nor breaks a streak.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tools/load/load_window.h"

namespace evt::load {

enum class AbortMetric { kP50, kP90, kP99, kP999, kMax, kSlip, kErrors };

struct AbortRule {
  std::string text;  // as given, for messages
  AbortMetric metric = AbortMetric::kP99;
  bool or_equal = false;      // ">=" rather than ">"
  double threshold = 0;       // ms for latency and slip; a ratio 0..1 or a count for errors
  bool errors_as_ratio = false;
  double for_seconds = 0;     // 0: a single window fires it
};

// A usage error (exit 2) naming the expression and the token that is wrong:
//   --abort-if "p98>800ms": unknown metric "p98"; expected p50, p90, p99, p99.9, max, slip or errors
Result<AbortRule> ParseAbortRule(std::string_view text);

class AbortRules {
 public:
  AbortRules() = default;
  // Every expression parsed; the first bad one is the error.
  static Result<AbortRules> Parse(const std::vector<std::string>& texts);

  // Feeds one closed window to every rule, in order. Returns why the run
  // must stop when a rule fires ("p99 1234 ms > 800 ms for 10 s"), else
  // nullopt. A rule that fired keeps firing while its condition holds.
  std::optional<std::string> Observe(const LoadWindow& window);

  bool empty() const { return rules_.empty(); }

 private:
  struct Watched {
    AbortRule rule;
    double streak_seconds = 0;
  };
  std::vector<Watched> rules_;
};

}  // namespace evt::load
