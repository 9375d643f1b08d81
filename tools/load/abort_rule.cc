#include "tools/load/abort_rule.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "common/duration.h"
#include "common/number_text.h"

namespace evt::load {
namespace {

struct MetricName {
  std::string_view name;
  AbortMetric metric;
};
constexpr MetricName kMetrics[] = {{"p50", AbortMetric::kP50},     {"p90", AbortMetric::kP90},
                                   {"p99", AbortMetric::kP99},     {"p99.9", AbortMetric::kP999},
                                   {"max", AbortMetric::kMax},     {"slip", AbortMetric::kSlip},
                                   {"errors", AbortMetric::kErrors}};

std::string_view NameOf(AbortMetric metric) {
  for (const MetricName& m : kMetrics)
    if (m.metric == metric) return m.name;
  return "?";
}

// Splits an expression into words, with the comparison a word of its own
// whether or not spaces surround it.
class Tokens {
 public:
  explicit Tokens(std::string_view text) : rest_(text) {}

  std::string_view Next() {
    SkipSpaces();
    std::size_t n = 0;
    if (!rest_.empty() && IsOperatorChar(rest_[0])) {
      while (n < rest_.size() && IsOperatorChar(rest_[n])) ++n;
    } else {
      while (n < rest_.size() && rest_[n] != ' ' && !IsOperatorChar(rest_[n])) ++n;
    }
    std::string_view word = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return word;
  }

 private:
  static bool IsOperatorChar(char c) { return c == '>' || c == '<' || c == '=' || c == '!'; }
  void SkipSpaces() {
    while (!rest_.empty() && rest_[0] == ' ') rest_.remove_prefix(1);
  }
  std::string_view rest_;
};

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !(value >= 0)) return std::nullopt;
  return value;
}

Status ParseThreshold(std::string_view word, AbortRule& rule) {
  if (word.empty()) return Status::Usage("missing a value after the comparison");
  if (rule.metric != AbortMetric::kErrors) {
    Result<Duration> d = ParseDuration(word);
    if (!d.ok()) return Status::Usage("bad duration \"" + std::string(word) + "\"; expected a number with ms or s");
    rule.threshold = static_cast<double>(d->count());
    return Status::Ok();
  }
  rule.errors_as_ratio = word.back() == '%';
  std::optional<double> value = ParseNumber(rule.errors_as_ratio ? word.substr(0, word.size() - 1) : word);
  bool whole = rule.errors_as_ratio || (value && std::floor(*value) == *value);
  if (!value || !whole || (rule.errors_as_ratio && *value > 100))
    return Status::Usage("bad error threshold \"" + std::string(word) +
                         "\"; expected a percentage (\"1%\") or a count (\"50\")");
  rule.threshold = rule.errors_as_ratio ? *value / 100 : *value;
  return Status::Ok();
}

Status ParseWindowSpan(Tokens& tokens, AbortRule& rule) {
  std::string_view word = tokens.Next();
  if (word.empty()) return Status::Ok();
  if (word != "for") return Status::Usage("unexpected \"" + std::string(word) + "\"; expected \"for DURATION\" or the end");
  std::string_view span = tokens.Next();
  Result<Duration> d = ParseDuration(span);
  if (span.empty() || !d.ok() || d->count() <= 0)
    return Status::Usage("bad duration after for \"" + std::string(span) + "\"; expected e.g. 10s");
  rule.for_seconds = static_cast<double>(d->count()) / 1000;
  std::string_view extra = tokens.Next();
  if (!extra.empty()) return Status::Usage("unexpected \"" + std::string(extra) + "\" after the duration");
  return Status::Ok();
}

Status ParseInto(std::string_view text, AbortRule& rule) {
  Tokens tokens(text);
  std::string_view metric = tokens.Next();
  bool known = false;
  for (const MetricName& m : kMetrics) {
    if (m.name != metric) continue;
    rule.metric = m.metric;
    known = true;
  }
  if (!known)
    return Status::Usage("unknown metric \"" + std::string(metric) +
                         "\"; expected p50, p90, p99, p99.9, max, slip or errors");
  std::string_view op = tokens.Next();
  if (op != ">" && op != ">=")
    return Status::Usage("unknown comparison \"" + std::string(op) + "\"; expected > or >=");
  rule.or_equal = op == ">=";
  EVT_RETURN_IF_ERROR(ParseThreshold(tokens.Next(), rule));
  return ParseWindowSpan(tokens, rule);
}

// The figure a rule compares, from one window; nullopt without evidence.
std::optional<double> Observed(const AbortRule& rule, const LoadWindow& w) {
  if (w.completed == 0) return std::nullopt;
  auto ms = [](std::int64_t micros) { return static_cast<double>(micros) / 1000; };
  switch (rule.metric) {
    case AbortMetric::kP50: return ms(w.corrected.ValueAtPercentile(50));
    case AbortMetric::kP90: return ms(w.corrected.ValueAtPercentile(90));
    case AbortMetric::kP99: return ms(w.corrected.ValueAtPercentile(99));
    case AbortMetric::kP999: return ms(w.corrected.ValueAtPercentile(99.9));
    case AbortMetric::kMax: return ms(w.corrected.max());
    case AbortMetric::kSlip: return ms(w.slip.ValueAtPercentile(99));
    case AbortMetric::kErrors: {
      double errors = static_cast<double>(w.error_count());
      return rule.errors_as_ratio ? errors / static_cast<double>(w.completed) : errors;
    }
  }
  return std::nullopt;
}

std::string Figure(const AbortRule& rule, double value) {
  if (rule.metric != AbortMetric::kErrors) return ThreeDigitText(value) + " ms";
  if (rule.errors_as_ratio) return SignificantText(value * 100, 3) + "%";
  return FixedText(value, 0);
}

std::string Reason(const AbortRule& rule, double observed, double streak_seconds) {
  std::string reason = std::string(NameOf(rule.metric)) + " " + Figure(rule, observed) +
                       (rule.or_equal ? " >= " : " > ") + Figure(rule, rule.threshold);
  if (rule.for_seconds > 0) reason += " for " + SecondsDurationText(streak_seconds);
  return reason;
}

}  // namespace

Result<AbortRule> ParseAbortRule(std::string_view text) {
  AbortRule rule;
  rule.text = std::string(text);
  Status parsed = ParseInto(text, rule);
  if (!parsed.ok()) return parsed.Prefixed("--abort-if \"" + rule.text + "\"");
  return rule;
}

Result<AbortRules> AbortRules::Parse(const std::vector<std::string>& texts) {
  AbortRules rules;
  for (const std::string& text : texts) {
    EVT_ASSIGN_OR_RETURN(AbortRule rule, ParseAbortRule(text));
    rules.rules_.push_back(Watched{std::move(rule)});
  }
  return rules;
}

std::optional<std::string> AbortRules::Observe(const LoadWindow& window) {
  std::optional<std::string> reason;
  for (Watched& w : rules_) {
    std::optional<double> value = Observed(w.rule, window);
    if (!value) continue;
    bool over = w.rule.or_equal ? *value >= w.rule.threshold : *value > w.rule.threshold;
    w.streak_seconds = over ? w.streak_seconds + window.seconds : 0;
    // Window lengths are sums of fractions of a second: allow for rounding.
    if (over && !reason && w.streak_seconds + 1e-9 >= w.rule.for_seconds)
      reason = Reason(w.rule, *value, w.streak_seconds);
  }
  return reason;
}

}  // namespace evt::load
