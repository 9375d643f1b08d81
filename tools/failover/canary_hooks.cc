#include "tools/failover/canary_hooks.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "common/child_process.h"
#include "common/output_mode.h"
#include "tools/failover/action_config.h"

namespace evt::failover {
namespace {

constexpr std::string_view kRunbookBinary = "evt-runbook";

Result<std::optional<std::string>> ReadRunbookName(const ConfigObject& hooks, std::string_view key) {
  EVT_ASSIGN_OR_RETURN(std::optional<std::string> name, hooks.OptionalString(key));
  if (name && name->empty()) return hooks.Error(key, "expected a runbook name, got \"\"");
  return name;
}

const std::optional<std::string>& RunbookOf(const CanaryHooksSpec& spec, CanaryHook hook) {
  switch (hook) {
    case CanaryHook::kPreRollout:
      return spec.pre_rollout;
    case CanaryHook::kPromote:
      return spec.promote;
    case CanaryHook::kRollback:
      break;
  }
  return spec.rollback;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string LastLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  const std::size_t newline = text.rfind('\n');
  return std::string(newline == std::string_view::npos ? text : text.substr(newline + 1));
}

Status FailureOf(const ChildResult& result, const std::string& what, Duration timeout) {
  if (result.timed_out)
    return Status::TempFail(what + ": still running after " + FormatDuration(timeout) + ", ended");
  if (result.interrupted)
    return Status::WithCode(result.signal == SIGTERM ? ExitCode::kTerminated : ExitCode::kInterrupted,
                            what + ": interrupted");
  if (result.exit_code == 0) return Status::Ok();
  const std::string last = LastLine(result.err);
  return Status::CheckFailed(what + ": exit " + std::to_string(result.exit_code) + (last.empty() ? "" : ": " + last));
}

}  // namespace

Result<CanaryHooksSpec> ReadCanaryHooksSpec(const ConfigObject& hooks) {
  CanaryHooksSpec spec;
  EVT_ASSIGN_OR_RETURN(spec.pre_rollout, ReadRunbookName(hooks, "pre_rollout"));
  EVT_ASSIGN_OR_RETURN(spec.promote, ReadRunbookName(hooks, "promote"));
  EVT_ASSIGN_OR_RETURN(spec.rollback, ReadRunbookName(hooks, "rollback"));
  EVT_ASSIGN_OR_RETURN(spec.confirm_promotion, hooks.Bool("confirm_promotion", spec.confirm_promotion));
  EVT_ASSIGN_OR_RETURN(spec.timeout, hooks.Duration("timeout", spec.timeout));
  if (spec.timeout <= Duration::zero()) return hooks.Error("timeout", "expected a duration above 0");
  EVT_RETURN_IF_ERROR(hooks.Finish());
  return spec;
}

std::string_view CanaryHookName(CanaryHook hook) {
  switch (hook) {
    case CanaryHook::kPreRollout:
      return "pre_rollout";
    case CanaryHook::kPromote:
      return "promote";
    case CanaryHook::kRollback:
      break;
  }
  return "rollback";
}

Result<RunbookProgram> FindRunbookProgram(std::vector<std::string> global_args, bool yes) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::string path = (self.parent_path() / kRunbookBinary).string();
  if (ec || ::access(path.c_str(), X_OK) != 0) path = FindProgram(std::string(kRunbookBinary), ".").value_or("");
  if (path.empty()) return Status::Unavailable("canary hooks: evt-runbook not found beside evt-failover or on PATH");
  return RunbookProgram{path, std::move(global_args), yes};
}

std::vector<std::string> CanaryHookEnvironment(CanaryHook hook, const CanaryHookContext& context) {
  return {"EVT_CANARY_HOOK=" + std::string(CanaryHookName(hook)),
          "EVT_CANARY_ROUTE=" + context.route,
          "EVT_CANARY_TO=" + context.to,
          "EVT_CANARY_BASELINE=" + Joined(context.baseline),
          "EVT_CANARY_STEP=" + std::to_string(context.step),
          "EVT_CANARY_VERDICT=" + context.verdict};
}

CanaryHookOutcome RunCanaryHook(const CanaryHooksSpec& spec, CanaryHook hook, const CanaryHookContext& context,
                                const RunbookProgram& program) {
  CanaryHookOutcome outcome;
  outcome.hook = hook;
  const std::optional<std::string>& runbook = RunbookOf(spec, hook);
  if (!runbook) return outcome;
  outcome.runbook = *runbook;
  ChildRequest request;
  request.path = program.path;
  request.argv = {std::string(kRunbookBinary)};
  request.argv.insert(request.argv.end(), program.global_args.begin(), program.global_args.end());
  request.argv.insert(request.argv.end(), {"run", *runbook});
  if (program.yes) request.argv.push_back("--yes");
  request.env = CanaryHookEnvironment(hook, context);
  request.deadline = std::chrono::steady_clock::now() + spec.timeout;
  const std::string what = "canary hook " + std::string(CanaryHookName(hook)) + ": evt-runbook run " + *runbook;
  Result<ChildResult> result = RunChild(request);
  if (!result.ok()) {
    outcome.exit_code = ToInt(result.status().code());
    outcome.status = result.status().Prefixed(what);
    return outcome;
  }
  outcome.exit_code = result->exit_code;
  outcome.elapsed = result->elapsed;
  outcome.status = FailureOf(*result, what, spec.timeout);
  return outcome;
}

const PromptIo& TerminalPromptIo() {
  static const PromptIo io{
      [] { return IsTerminal(STDIN_FILENO); },
      [](std::string_view question) -> std::optional<std::string> {
        std::cerr << question << ' ' << std::flush;
        std::string line;
        if (!std::getline(std::cin, line)) return std::nullopt;
        return line;
      }};
  return io;
}

PromotionConsent ConfirmPromotion(const CanaryHooksSpec& spec, const CanaryHookContext& context, bool yes,
                                  const PromptIo& io) {
  if (!spec.confirm_promotion || yes) return PromotionConsent::kGiven;
  if (!io.interactive()) return PromotionConsent::kNeedsYes;
  const std::optional<std::string> answer =
      io.ask("promote " + context.to + " to 100 % of " + context.route + "? [y/N]");
  return answer && (*answer == "y" || *answer == "Y" || *answer == "yes") ? PromotionConsent::kGiven
                                                                          : PromotionConsent::kDeclined;
}

}  // namespace evt::failover
