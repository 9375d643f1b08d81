// Lua 5.4 pattern matching (string.find, match, gmatch, gsub) with a step
// budget. Lua's own matcher backtracks without bound inside one C call
// ("a.-.-.-b" over a long subject runs for minutes) where no instruction
// hook can fire; this one counts its steps and asks the caller's budget
// every kStepsPerCharge steps whether to go on, so a deadline, a signal or
// an instruction limit ends the match.
//
// Same semantics as lstrlib.c: classes (%a %c %d %g %l %p %s %u %w %x and
// their complements), sets, the quantifiers * + - ?, captures and position
// captures, back-references %1-%9, %b and %f, anchors, the same error
// messages and the same limit of 200 nested calls ("pattern too complex").
//
// Never raises a Lua error and owns nothing that needs a destructor, so the
// Lua bindings (bounded_strlib.h) may raise after it returns. Character
// classes use <cctype> in the current locale, as Lua does.
#pragma once

#include <cstddef>
#include <cstdint>

namespace evt::lua {

inline constexpr int kMaxCaptures = 32;  // LUA_MAXCAPTURES
inline constexpr std::int64_t kStepsPerCharge = 4096;
inline constexpr std::ptrdiff_t kCapUnfinished = -1;
inline constexpr std::ptrdiff_t kCapPosition = -2;

// Told how many steps were taken since it was last asked; false stops the
// match (MatchError::kStopped). A POD so a MatchState can live in a Lua
// userdata (gmatch).
struct StepBudget {
  bool (*charge)(void* context, std::int64_t steps) = nullptr;
  void* context = nullptr;
};

enum class MatchError {
  kNone,
  kStopped,             // the budget said stop
  kEndsWithPercent,     // malformed pattern (ends with '%')
  kMissingBracket,      // malformed pattern (missing ']')
  kMissingBalanceArgs,  // malformed pattern (missing arguments to '%b')
  kMissingFrontierSet,  // missing '[' after '%f' in pattern
  kInvalidCaptureIndex, // invalid capture index %N (error_capture is N)
  kInvalidPatternCapture,
  kTooManyCaptures,
  kTooComplex,
};

struct Capture {
  const char* init;
  std::ptrdiff_t len;  // kCapUnfinished, kCapPosition or a length
};

struct MatchState {
  const char* src_init;
  const char* src_end;
  const char* p_end;
  int level;
  int depth_left;
  Capture capture[kMaxCaptures];
  StepBudget budget;
  std::int64_t steps;  // since the budget was last charged
  MatchError error;
  int error_capture;
};

// Prepares `ms` for subject [s, s + ls) and a pattern ending at p_end.
void PrepareMatch(MatchState& ms, const char* s, std::size_t ls, const char* p_end, StepBudget budget);
// Clears the captures before a match is tried at another position.
void ResetMatch(MatchState& ms);
// Matches pattern [p, p_end) at s: the end of the match, or nullptr when it
// does not match or an error stopped it (ms.error).
const char* Match(MatchState& ms, const char* s, const char* p);
// Charges the steps not yet charged; false when the budget says stop.
bool SettleSteps(MatchState& ms);

// The message Lua gives for `error` ("malformed pattern (missing ']')");
// kInvalidCaptureIndex's "%d" is left for the caller to fill.
const char* MatchErrorFormat(MatchError error);

// Whether a pattern has none of Lua's special characters (a plain find).
bool NoSpecials(const char* p, std::size_t lp);

}  // namespace evt::lua
