#include "common/lua/bounded_strlib.h"

#include <lauxlib.h>
#include <lua.h>

#include <cctype>
#include <cstring>

#include "common/lua/pattern_match.h"

// Every function here may raise a Lua error (a longjmp in a C-built Lua),
// so nothing on their frames has a destructor: MatchState and the budget
// context are plain structs.
namespace evt::lua {
namespace {

constexpr int kConcatPerCharge = 1024;

struct BudgetContext {
  lua_State* L;
  const StrlibLimits* limits;
};

bool ChargeContext(void* context, std::int64_t steps) {
  auto* budget = static_cast<BudgetContext*>(context);
  return budget->limits->charge(budget->L, steps);
}

const StrlibLimits* LimitsOf(lua_State* L) {
  return static_cast<const StrlibLimits*>(lua_touserdata(L, lua_upvalueindex(1)));
}

int RaiseStop(lua_State* L, const StrlibLimits* limits) {
  limits->raise(L);
  return luaL_error(L, "stopped by a limit");  // a raise that returned
}

int RaiseMatchError(lua_State* L, const MatchState& ms, const StrlibLimits* limits) {
  if (ms.error == MatchError::kStopped) return RaiseStop(L, limits);
  return luaL_error(L, MatchErrorFormat(ms.error), ms.error_capture);
}

void SettleOrRaise(lua_State* L, MatchState& ms, const StrlibLimits* limits) {
  if (!SettleSteps(ms)) RaiseStop(L, limits);
}

// A string position as lstrlib's posrelatI: negative counts from the end,
// clipped to 1.
std::size_t StartPosition(lua_Integer pos, std::size_t len) {
  if (pos > 0) return static_cast<std::size_t>(pos);
  if (pos == 0) return 1;
  if (pos < -static_cast<lua_Integer>(len)) return 1;
  return len + static_cast<std::size_t>(pos) + 1;
}

// Pushes capture i (the whole match [s, e) when there are none and i is
// 0); returns its length, or kCapPosition after pushing the position.
std::ptrdiff_t GetCapture(lua_State* L, const MatchState& ms, int i, const char* s, const char* e,
                          const char** cap) {
  if (i >= ms.level) {
    if (i != 0) return luaL_error(L, "invalid capture index %%%d", i + 1);
    *cap = s;
    return e - s;
  }
  std::ptrdiff_t len = ms.capture[i].len;
  *cap = ms.capture[i].init;
  if (len == kCapUnfinished) return luaL_error(L, "unfinished capture");
  if (len == kCapPosition) lua_pushinteger(L, (ms.capture[i].init - ms.src_init) + 1);
  return len;
}

void PushCapture(lua_State* L, const MatchState& ms, int i, const char* s, const char* e) {
  const char* cap = nullptr;
  std::ptrdiff_t len = GetCapture(L, ms, i, s, e, &cap);
  if (len != kCapPosition) lua_pushlstring(L, cap, static_cast<std::size_t>(len));
}

// With s null, only the captures (find's extra results).
int PushCaptures(lua_State* L, const MatchState& ms, const char* s, const char* e) {
  int levels = (ms.level == 0 && s != nullptr) ? 1 : ms.level;
  luaL_checkstack(L, levels, "too many captures");
  for (int i = 0; i < levels; i++) PushCapture(L, ms, i, s, e);
  return levels;
}

const char* PlainFind(const char* s, std::size_t ls, const char* p, std::size_t lp) {
  if (lp == 0) return s;
  if (lp > ls) return nullptr;
  return static_cast<const char*>(memmem(s, ls, p, lp));
}

int FindAux(lua_State* L, bool find) {
  std::size_t ls = 0;
  std::size_t lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  std::size_t init = StartPosition(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || NoSpecials(p, lp))) {
    if (const char* found = PlainFind(s + init, ls - init, p, lp)) {
      lua_pushinteger(L, (found - s) + 1);
      lua_pushinteger(L, static_cast<lua_Integer>((found - s) + lp));
      return 2;
    }
    luaL_pushfail(L);
    return 1;
  }
  const StrlibLimits* limits = LimitsOf(L);
  BudgetContext budget{L, limits};
  MatchState ms;
  const char* s1 = s + init;
  bool anchor = lp > 0 && *p == '^';
  if (anchor) {
    p++;
    lp--;
  }
  PrepareMatch(ms, s, ls, p + lp, {ChargeContext, &budget});
  do {
    ResetMatch(ms);
    const char* res = Match(ms, s1, p);
    if (ms.error != MatchError::kNone) return RaiseMatchError(L, ms, limits);
    if (res != nullptr) {
      SettleOrRaise(L, ms, limits);
      if (!find) return PushCaptures(L, ms, s1, res);
      lua_pushinteger(L, (s1 - s) + 1);
      lua_pushinteger(L, res - s);
      return PushCaptures(L, ms, nullptr, nullptr) + 2;
    }
  } while (s1++ < ms.src_end && !anchor);
  SettleOrRaise(L, ms, limits);
  luaL_pushfail(L);
  return 1;
}

int Find(lua_State* L) { return FindAux(L, true); }
int MatchFn(lua_State* L) { return FindAux(L, false); }

struct GmatchState {
  const char* src;
  const char* p;
  const char* lastmatch;
  BudgetContext budget;
  MatchState ms;
};

// Upvalues: limits, subject, pattern, state.
int GmatchNext(lua_State* L) {
  auto* gm = static_cast<GmatchState*>(lua_touserdata(L, lua_upvalueindex(4)));
  gm->budget.L = L;
  for (const char* src = gm->src; src <= gm->ms.src_end; src++) {
    ResetMatch(gm->ms);
    const char* e = Match(gm->ms, src, gm->p);
    if (gm->ms.error != MatchError::kNone) return RaiseMatchError(L, gm->ms, gm->budget.limits);
    if (e != nullptr && e != gm->lastmatch) {
      gm->src = gm->lastmatch = e;
      SettleOrRaise(L, gm->ms, gm->budget.limits);
      return PushCaptures(L, gm->ms, src, e);
    }
  }
  SettleOrRaise(L, gm->ms, gm->budget.limits);
  return 0;
}

int Gmatch(lua_State* L) {
  std::size_t ls = 0;
  std::size_t lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  std::size_t init = StartPosition(luaL_optinteger(L, 3, 1), ls) - 1;
  lua_settop(L, 2);  // the closure keeps the strings alive
  auto* gm = static_cast<GmatchState*>(lua_newuserdatauv(L, sizeof(GmatchState), 0));
  if (init > ls) init = ls + 1;
  gm->budget = {L, LimitsOf(L)};
  PrepareMatch(gm->ms, s, ls, p + lp, {ChargeContext, &gm->budget});
  gm->src = s + init;
  gm->p = p;
  gm->lastmatch = nullptr;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_pushcclosure(L, GmatchNext, 4);
  return 1;
}

void AddReplacementString(lua_State* L, MatchState& ms, luaL_Buffer* b, const char* s, const char* e) {
  std::size_t l = 0;
  const char* news = lua_tolstring(L, 3, &l);
  const char* p = nullptr;
  while ((p = static_cast<const char*>(std::memchr(news, '%', l))) != nullptr) {
    luaL_addlstring(b, news, static_cast<std::size_t>(p - news));
    p++;
    if (*p == '%') {
      luaL_addchar(b, *p);
    } else if (*p == '0') {
      luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
    } else if (std::isdigit(static_cast<unsigned char>(*p))) {
      const char* cap = nullptr;
      std::ptrdiff_t len = GetCapture(L, ms, *p - '1', s, e, &cap);
      if (len == kCapPosition) {
        luaL_addvalue(b);
      } else {
        luaL_addlstring(b, cap, static_cast<std::size_t>(len));
      }
    } else {
      luaL_error(L, "invalid use of '%c' in replacement string", '%');
    }
    l -= static_cast<std::size_t>(p + 1 - news);
    news = p + 1;
  }
  luaL_addlstring(b, news, l);
}

// Adds the replacement for the match [s, e); true when it changed the text.
bool AddValue(lua_State* L, MatchState& ms, luaL_Buffer* b, const char* s, const char* e, int tr) {
  if (tr == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    int n = PushCaptures(L, ms, s, e);
    lua_call(L, n, 1);
  } else if (tr == LUA_TTABLE) {
    PushCapture(L, ms, 0, s, e);
    lua_gettable(L, 3);
  } else {
    AddReplacementString(L, ms, b, s, e);
    return true;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(b, s, static_cast<std::size_t>(e - s));
    return false;
  }
  if (!lua_isstring(L, -1)) luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  luaL_addvalue(b);
  return true;
}

int Gsub(lua_State* L) {
  std::size_t srcl = 0;
  std::size_t lp = 0;
  const char* src = luaL_checklstring(L, 1, &srcl);
  const char* p = luaL_checklstring(L, 2, &lp);
  const char* lastmatch = nullptr;
  int tr = lua_type(L, 3);
  lua_Integer max_s = luaL_optinteger(L, 4, static_cast<lua_Integer>(srcl) + 1);
  bool anchor = lp > 0 && *p == '^';
  lua_Integer n = 0;
  bool changed = false;
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                   "string/function/table");
  const StrlibLimits* limits = LimitsOf(L);
  BudgetContext budget{L, limits};
  MatchState ms;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (anchor) {
    p++;
    lp--;
  }
  PrepareMatch(ms, src, srcl, p + lp, {ChargeContext, &budget});
  while (n < max_s) {
    ResetMatch(ms);
    const char* e = Match(ms, src, p);
    if (ms.error != MatchError::kNone) return RaiseMatchError(L, ms, limits);
    if (e != nullptr && e != lastmatch) {
      n++;
      changed = AddValue(L, ms, &b, src, e, tr) || changed;
      src = lastmatch = e;
    } else if (src < ms.src_end) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  SettleOrRaise(L, ms, limits);
  if (!changed) {
    lua_pushvalue(L, 1);
  } else {
    luaL_addlstring(&b, src, static_cast<std::size_t>(ms.src_end - src));
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}

bool HasField(lua_State* L, const char* key, int n) {
  lua_pushstring(L, key);
  return lua_rawget(L, -n) != LUA_TNIL;
}

// ltablib's checktab for reading with a length: a table, or a value whose
// metatable has __index and __len.
void CheckReadableTable(lua_State* L) {
  if (lua_type(L, 1) == LUA_TTABLE) return;
  int n = 1;
  if (lua_getmetatable(L, 1) && HasField(L, "__index", ++n) && HasField(L, "__len", ++n)) {
    lua_pop(L, n);
    return;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
}

void AddField(lua_State* L, luaL_Buffer* b, lua_Integer i) {
  lua_geti(L, 1, i);
  if (!lua_isstring(L, -1)) {
    luaL_error(L, "invalid value (at index %I) in table for 'concat'", static_cast<LUAI_UACINT>(i));
  }
  luaL_addvalue(b);
}

int Concat(lua_State* L) {
  const StrlibLimits* limits = LimitsOf(L);
  CheckReadableTable(L);
  lua_Integer last = luaL_len(L, 1);
  std::size_t lsep = 0;
  const char* sep = luaL_optlstring(L, 2, "", &lsep);
  lua_Integer i = luaL_optinteger(L, 3, 1);
  last = luaL_optinteger(L, 4, last);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  lua_Integer added = 0;
  for (; i < last; i++) {
    AddField(L, &b, i);
    luaL_addlstring(&b, sep, lsep);
    if (++added % kConcatPerCharge == 0 && !limits->charge(L, kConcatPerCharge)) RaiseStop(L, limits);
  }
  if (i == last) AddField(L, &b, i);
  luaL_pushresult(&b);
  return 1;
}

void SetFunction(lua_State* L, int table, const char* name, lua_CFunction f, const StrlibLimits* limits) {
  lua_pushlightuserdata(L, const_cast<StrlibLimits*>(limits));
  lua_pushcclosure(L, f, 1);
  lua_setfield(L, table, name);
}

}  // namespace

void InstallBoundedStrlib(lua_State* L, int string_index, int table_index, const StrlibLimits* limits) {
  if (table_index != 0) SetFunction(L, lua_absindex(L, table_index), "concat", Concat, limits);
  if (string_index == 0) return;
  string_index = lua_absindex(L, string_index);
  SetFunction(L, string_index, "find", Find, limits);
  SetFunction(L, string_index, "match", MatchFn, limits);
  SetFunction(L, string_index, "gmatch", Gmatch, limits);
  SetFunction(L, string_index, "gsub", Gsub, limits);
}

}  // namespace evt::lua
