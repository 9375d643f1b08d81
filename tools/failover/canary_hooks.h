// The canary's hooks (doc/design.md §19): runbooks run at its turning
// points, each as `evt-runbook run NAME` in a child process (never by
// linking the runbook core), and the person's confirmation before a
// promotion.
//
//   "hooks": {"pre_rollout": "canary-pre", "promote": "canary-promote",
//             "rollback": "canary-rollback", "confirm_promotion": true,
//             "timeout": "15m"}
//
// Every key is optional. A runbook sees the canary in its environment
// (a runbook's evt.tool and evt.exec children inherit it):
//   EVT_CANARY_HOOK      pre_rollout | promote | rollback
//   EVT_CANARY_ROUTE     the route
//   EVT_CANARY_TO        the canary member
//   EVT_CANARY_BASELINE  the baseline members, comma-separated
//   EVT_CANARY_STEP      the canary's percentage when the hook runs
//   EVT_CANARY_VERDICT   the last step's verdict ("pass", "fail", ...; "" before any step)
// Its exit status decides: a failing pre_rollout aborts the canary before
// any weight moves; a failing promote or rollback is reported and not
// retried (the weights have already moved; the runbook is a person's to
// finish).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/exit_code.h"
#include "common/status.h"

namespace evt::failover {

struct CanaryHooksSpec {
  std::optional<std::string> pre_rollout;  // runbook names
  std::optional<std::string> promote;
  std::optional<std::string> rollback;
  bool confirm_promotion = false;  // ask a person before going to 100 %
  Duration timeout{15 * 60 * 1000};  // per hook run, as evt-runbook's own default
};

// `failover.canary.hooks`, strictly: Config (78) naming the JSON pointer
// for an unknown key, an empty or non-string runbook name, a timeout not
// above 0.
Result<CanaryHooksSpec> ReadCanaryHooksSpec(const ConfigObject& hooks);

enum class CanaryHook { kPreRollout, kPromote, kRollback };
std::string_view CanaryHookName(CanaryHook hook);  // "pre_rollout", "promote", "rollback"

struct CanaryHookContext {
  std::string route;
  std::string to;                     // the canary member
  std::vector<std::string> baseline;  // the members that carried the route
  int step = 0;                       // percent
  std::string verdict;                // of the last step judged, "" before any
};

// How hooks run evt-runbook: the program, the options placed before
// `run` (the --config and --state-dir the canary runs with), and whether
// `--yes` is passed on (a headless canary run with --yes answers its
// runbooks' confirmations too).
struct RunbookProgram {
  std::string path;
  std::vector<std::string> global_args;
  bool yes = false;
};

// evt-runbook beside this binary (an installed evt asks its own sibling, a
// test the build's), else on PATH; Unavailable (69) when neither has it.
Result<RunbookProgram> FindRunbookProgram(std::vector<std::string> global_args, bool yes);

struct CanaryHookOutcome {
  CanaryHook hook = CanaryHook::kPreRollout;
  std::string runbook;  // "" when the config names none: nothing ran
  int exit_code = 0;
  Duration elapsed{0};
  // Ok when nothing ran or the runbook exited 0. Otherwise it names the
  // hook, the runbook and what happened, with the runbook's last line on
  // stderr: 1 when it exited non-zero, 75 when it ran past the timeout,
  // 69 when evt-runbook could not be started, 130/143 when we were stopped.
  Status status;
  bool ran() const { return !runbook.empty(); }
};

// Runs the hook's runbook, when the spec names one, and waits for it.
CanaryHookOutcome RunCanaryHook(const CanaryHooksSpec& spec, CanaryHook hook, const CanaryHookContext& context,
                                const RunbookProgram& program);

// The environment a hook's runbook gets ("EVT_CANARY_ROUTE=reads", ...).
std::vector<std::string> CanaryHookEnvironment(CanaryHook hook, const CanaryHookContext& context);

// Whether the canary may go to 100 %.
enum class PromotionConsent {
  kGiven,      // not asked for, --yes, or a person answered y
  kDeclined,   // a person answered anything else: roll back
  kNeedsYes,   // headless without --yes: hold at the last step, never promote silently
};

// A canary held for want of a confirmation exits with this: it did not
// fail, and a run with --yes (or on a terminal) can finish it.
inline constexpr ExitCode kAwaitingConfirmation = ExitCode::kTempFail;

// Where the question is put: a terminal on stdin, the question on stderr.
struct PromptIo {
  std::function<bool()> interactive;
  // Shows the question, returns the answer line (nullopt at end of input).
  std::function<std::optional<std::string>(std::string_view question)> ask;
};
const PromptIo& TerminalPromptIo();

// "promote NEW to 100 % of ROUTE? [y/N]" when the spec asks for a
// confirmation, --yes was not given and a person is there to answer.
PromotionConsent ConfirmPromotion(const CanaryHooksSpec& spec, const CanaryHookContext& context, bool yes,
                                  const PromptIo& io = TerminalPromptIo());

}  // namespace evt::failover
