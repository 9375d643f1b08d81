#include "common/lua/pattern_match.h"

#include <cctype>
#include <cstring>

namespace evt::lua {
namespace {

constexpr char kEsc = '%';
constexpr int kMaxDepth = 200;  // MAXCCALLS in lstrlib.c
constexpr char kSpecials[] = "^$*+?.([%-";

// Lua's strings end in '\0' and lstrlib reads that byte past the end; a
// subject or pattern here need not, so reads at the end say '\0'.
inline unsigned char PatAt(const MatchState& ms, const char* p) {
  return p < ms.p_end ? static_cast<unsigned char>(*p) : 0;
}
inline unsigned char SrcAt(const MatchState& ms, const char* s) {
  return s < ms.src_end ? static_cast<unsigned char>(*s) : 0;
}

const char* Fail(MatchState& ms, MatchError error) {
  if (ms.error == MatchError::kNone) ms.error = error;
  return nullptr;
}

// One step of work; false once the match must stop.
inline bool Step(MatchState& ms) {
  if (++ms.steps < kStepsPerCharge) return ms.error == MatchError::kNone;
  if (!SettleSteps(ms)) Fail(ms, MatchError::kStopped);
  return ms.error == MatchError::kNone;
}

bool MatchClass(int c, int cl) {
  bool res;
  switch (std::tolower(cl)) {
    case 'a': res = std::isalpha(c); break;
    case 'c': res = std::iscntrl(c); break;
    case 'd': res = std::isdigit(c); break;
    case 'g': res = std::isgraph(c); break;
    case 'l': res = std::islower(c); break;
    case 'p': res = std::ispunct(c); break;
    case 's': res = std::isspace(c); break;
    case 'u': res = std::isupper(c); break;
    case 'w': res = std::isalnum(c); break;
    case 'x': res = std::isxdigit(c); break;
    default: return cl == c;
  }
  return std::isupper(cl) ? !res : res;
}

// [set] from p (the '[') to ec (its ']').
bool MatchBracketClass(const MatchState& ms, int c, const char* p, const char* ec) {
  bool sig = true;
  if (PatAt(ms, p + 1) == '^') {
    sig = false;
    p++;
  }
  while (++p < ec) {
    if (*p == kEsc) {
      p++;
      if (MatchClass(c, PatAt(ms, p))) return sig;
    } else if (PatAt(ms, p + 1) == '-' && p + 2 < ec) {
      p += 2;
      if (static_cast<unsigned char>(*(p - 2)) <= c && c <= static_cast<unsigned char>(*p)) return sig;
    } else if (static_cast<unsigned char>(*p) == c) {
      return sig;
    }
  }
  return !sig;
}

// The end of the single-character class at p; nullptr on a malformed one.
const char* ClassEnd(MatchState& ms, const char* p) {
  switch (PatAt(ms, p++)) {
    case kEsc:
      if (p >= ms.p_end) return Fail(ms, MatchError::kEndsWithPercent);
      return p + 1;
    case '[':
      if (PatAt(ms, p) == '^') p++;
      do {
        if (p >= ms.p_end) return Fail(ms, MatchError::kMissingBracket);
        if (*(p++) == kEsc && p < ms.p_end) p++;
      } while (PatAt(ms, p) != ']');
      return p + 1;
    default:
      return p;
  }
}

bool SingleMatch(const MatchState& ms, const char* s, const char* p, const char* ep) {
  if (s >= ms.src_end) return false;
  int c = static_cast<unsigned char>(*s);
  switch (PatAt(ms, p)) {
    case '.': return true;
    case kEsc: return MatchClass(c, PatAt(ms, p + 1));
    case '[': return MatchBracketClass(ms, c, p, ep - 1);
    default: return PatAt(ms, p) == c;
  }
}

const char* MatchBalance(MatchState& ms, const char* s, const char* p) {
  if (p + 1 >= ms.p_end) return Fail(ms, MatchError::kMissingBalanceArgs);
  if (SrcAt(ms, s) != static_cast<unsigned char>(*p)) return nullptr;
  char open = *p;
  char close = *(p + 1);
  int depth = 1;
  while (++s < ms.src_end) {
    if (!Step(ms)) return nullptr;
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) {
      depth++;
    }
  }
  return nullptr;
}

const char* MaxExpand(MatchState& ms, const char* s, const char* p, const char* ep) {
  std::ptrdiff_t i = 0;
  while (SingleMatch(ms, s + i, p, ep)) {
    if (!Step(ms)) return nullptr;
    i++;
  }
  for (; i >= 0; i--) {
    if (const char* res = Match(ms, s + i, ep + 1)) return res;
    if (ms.error != MatchError::kNone) return nullptr;
  }
  return nullptr;
}

const char* MinExpand(MatchState& ms, const char* s, const char* p, const char* ep) {
  for (;;) {
    if (const char* res = Match(ms, s, ep + 1)) return res;
    if (ms.error != MatchError::kNone || !SingleMatch(ms, s, p, ep)) return nullptr;
    s++;
  }
}

const char* StartCapture(MatchState& ms, const char* s, const char* p, std::ptrdiff_t what) {
  if (ms.level >= kMaxCaptures) return Fail(ms, MatchError::kTooManyCaptures);
  ms.capture[ms.level].init = s;
  ms.capture[ms.level].len = what;
  ms.level++;
  const char* res = Match(ms, s, p);
  if (res == nullptr) ms.level--;
  return res;
}

const char* EndCapture(MatchState& ms, const char* s, const char* p) {
  int l = ms.level - 1;
  while (l >= 0 && ms.capture[l].len != kCapUnfinished) l--;
  if (l < 0) return Fail(ms, MatchError::kInvalidPatternCapture);
  ms.capture[l].len = s - ms.capture[l].init;
  const char* res = Match(ms, s, p);
  if (res == nullptr) ms.capture[l].len = kCapUnfinished;
  return res;
}

const char* MatchCapture(MatchState& ms, const char* s, int digit) {
  int l = digit - '1';
  if (l < 0 || l >= ms.level || ms.capture[l].len == kCapUnfinished) {
    ms.error_capture = l + 1;
    return Fail(ms, MatchError::kInvalidCaptureIndex);
  }
  auto len = static_cast<std::size_t>(ms.capture[l].len);
  if (static_cast<std::size_t>(ms.src_end - s) >= len && std::memcmp(ms.capture[l].init, s, len) == 0) {
    return s + len;
  }
  return nullptr;
}

// %b, %f and %0-%9 at p; `handled` false when p is an ordinary class
// such as %a.
const char* MatchEscape(MatchState& ms, const char* s, const char*& p, bool& handled, bool& again) {
  handled = true;
  switch (PatAt(ms, p + 1)) {
    case 'b':
      s = MatchBalance(ms, s, p + 2);
      if (s != nullptr) {
        p += 4;
        again = true;
      }
      return s;
    case 'f': {
      p += 2;
      if (PatAt(ms, p) != '[') return Fail(ms, MatchError::kMissingFrontierSet);
      const char* ep = ClassEnd(ms, p);
      if (ep == nullptr) return nullptr;
      int previous = s == ms.src_init ? 0 : static_cast<unsigned char>(*(s - 1));
      if (!MatchBracketClass(ms, previous, p, ep - 1) && MatchBracketClass(ms, SrcAt(ms, s), p, ep - 1)) {
        p = ep;
        again = true;
        return s;
      }
      return nullptr;
    }
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      s = MatchCapture(ms, s, PatAt(ms, p + 1));
      if (s != nullptr) {
        p += 2;
        again = true;
      }
      return s;
    default:
      handled = false;
      return s;
  }
}

// A single-character class with its optional suffix at p.
const char* MatchItem(MatchState& ms, const char* s, const char*& p, bool& again) {
  const char* ep = ClassEnd(ms, p);
  if (ep == nullptr) return nullptr;
  unsigned char suffix = PatAt(ms, ep);
  if (!SingleMatch(ms, s, p, ep)) {
    if (suffix == '*' || suffix == '?' || suffix == '-') {
      p = ep + 1;
      again = true;
      return s;
    }
    return nullptr;
  }
  switch (suffix) {
    case '?': {
      if (const char* res = Match(ms, s + 1, ep + 1)) return res;
      if (ms.error != MatchError::kNone) return nullptr;
      p = ep + 1;
      again = true;
      return s;
    }
    case '+': return MaxExpand(ms, s + 1, p, ep);
    case '*': return MaxExpand(ms, s, p, ep);
    case '-': return MinExpand(ms, s, p, ep);
    default:
      p = ep;
      again = true;
      return s + 1;
  }
}

}  // namespace

void PrepareMatch(MatchState& ms, const char* s, std::size_t ls, const char* p_end, StepBudget budget) {
  ms.src_init = s;
  ms.src_end = s + ls;
  ms.p_end = p_end;
  ms.budget = budget;
  ms.steps = 0;
  ms.error = MatchError::kNone;
  ms.error_capture = 0;
  ResetMatch(ms);
}

void ResetMatch(MatchState& ms) {
  ms.level = 0;
  ms.depth_left = kMaxDepth;
}

bool SettleSteps(MatchState& ms) {
  std::int64_t steps = ms.steps;
  ms.steps = 0;
  return ms.budget.charge == nullptr || ms.budget.charge(ms.budget.context, steps);
}

const char* Match(MatchState& ms, const char* s, const char* p) {
  if (ms.depth_left-- == 0) return Fail(ms, MatchError::kTooComplex);
  bool again = true;
  while (again && s != nullptr && p != ms.p_end) {
    again = false;
    if (!Step(ms)) {
      s = nullptr;
      break;
    }
    switch (*p) {
      case '(':
        s = PatAt(ms, p + 1) == ')' ? StartCapture(ms, s, p + 2, kCapPosition)
                                     : StartCapture(ms, s, p + 1, kCapUnfinished);
        break;
      case ')':
        s = EndCapture(ms, s, p + 1);
        break;
      case '$':
        if (p + 1 == ms.p_end) {
          s = s == ms.src_end ? s : nullptr;
          break;
        }
        s = MatchItem(ms, s, p, again);
        break;
      case kEsc: {
        bool handled = false;
        const char* res = MatchEscape(ms, s, p, handled, again);
        s = handled ? res : MatchItem(ms, s, p, again);
        break;
      }
      default:
        s = MatchItem(ms, s, p, again);
    }
  }
  ms.depth_left++;
  return ms.error == MatchError::kNone ? s : nullptr;
}

const char* MatchErrorFormat(MatchError error) {
  switch (error) {
    case MatchError::kNone: return "no error";
    case MatchError::kStopped: return "pattern matching stopped by a limit";
    case MatchError::kEndsWithPercent: return "malformed pattern (ends with '%%')";
    case MatchError::kMissingBracket: return "malformed pattern (missing ']')";
    case MatchError::kMissingBalanceArgs: return "malformed pattern (missing arguments to '%%b')";
    case MatchError::kMissingFrontierSet: return "missing '[' after '%%f' in pattern";
    case MatchError::kInvalidCaptureIndex: return "invalid capture index %%%d";
    case MatchError::kInvalidPatternCapture: return "invalid pattern capture";
    case MatchError::kTooManyCaptures: return "too many captures";
    case MatchError::kTooComplex: return "pattern too complex";
  }
  return "pattern error";
}

bool NoSpecials(const char* p, std::size_t lp) {
  for (std::size_t i = 0; i < lp; ++i) {
    if (p[i] != '\0' && std::strchr(kSpecials, p[i]) != nullptr) return false;
  }
  return true;
}

}  // namespace evt::lua
