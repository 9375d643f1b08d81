#include "engine/detect/raise_clear_rule.h"

#include <bit>
#include <string>

namespace evt::detect {
namespace {

Status ReadCountIn(const ConfigObject& o, std::string_view key, std::size_t low, std::size_t high,
                   std::string_view why, std::size_t& out) {
  EVT_ASSIGN_OR_RETURN(std::int64_t n, o.Int(key, static_cast<std::int64_t>(out)));
  if (n < static_cast<std::int64_t>(low) || n > static_cast<std::int64_t>(high)) {
    return o.Error(key, "expected " + std::to_string(low) + ".." + std::to_string(high) + std::string(why) +
                            ", got " + std::to_string(n));
  }
  out = static_cast<std::size_t>(n);
  return Status::Ok();
}

}  // namespace

Result<RuleSpec> ParseRuleSpec(const ConfigObject& o) {
  RuleSpec spec;
  EVT_ASSIGN_OR_RETURN(spec.raise_above, o.Ratio("raise_above", spec.raise_above));
  EVT_RETURN_IF_ERROR(ReadCountIn(o, "raise_window", 1, 32, "", spec.raise_window));
  EVT_RETURN_IF_ERROR(ReadCountIn(o, "raise_count", 1, spec.raise_window, " (raise_window)", spec.raise_count));
  EVT_ASSIGN_OR_RETURN(spec.clear_below, o.Ratio("clear_below", spec.clear_below));
  if (spec.clear_below > spec.raise_above) {
    return o.Error("clear_below", "expected at most raise_above (" + std::to_string(spec.raise_above) + ")");
  }
  EVT_RETURN_IF_ERROR(ReadCountIn(o, "clear_after", 1, 100000, "", spec.clear_after));
  return spec;
}

Value RuleSpecToValue(const RuleSpec& spec) {
  Value out = Value::object();
  out.set("raise_above", spec.raise_above);
  out.set("raise_count", spec.raise_count);
  out.set("raise_window", spec.raise_window);
  out.set("clear_below", spec.clear_below);
  out.set("clear_after", spec.clear_after);
  return out;
}

Transition RaiseClearRule::Update(const Score& score) {
  if (!score.warm) return Transition::kNone;
  std::uint32_t window_mask = spec_.raise_window == 32 ? ~0u : (1u << spec_.raise_window) - 1;
  above_bits_ = ((above_bits_ << 1) | (score.score > spec_.raise_above ? 1u : 0u)) & window_mask;
  below_run_ = score.score < spec_.clear_below ? below_run_ + 1 : 0;
  if (!raised_ && static_cast<std::size_t>(std::popcount(above_bits_)) >= spec_.raise_count) {
    raised_ = true;
    below_run_ = 0;
    return Transition::kRaise;
  }
  if (raised_ && below_run_ >= spec_.clear_after) {
    raised_ = false;
    above_bits_ = 0;
    return Transition::kClear;
  }
  return Transition::kNone;
}

}  // namespace evt::detect
