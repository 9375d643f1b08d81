// What evt-scrape keeps between runs, per source: the session a login
// gave (cookies and/or a token) and the last pagination cursor. In
// <state_dir>/scrape.db (owner-only, see common/store.h); the SQL stays here.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "common/store.h"

namespace evt::scrape {

struct Session {
  std::vector<std::pair<std::string, std::string>> cookies;  // name -> value
  std::string token;                                          // from a JSON login reply
  bool empty() const { return cookies.empty() && token.empty(); }
};

class SessionStore {
 public:
  static Result<SessionStore> Open(const std::string& state_dir);
  static Result<SessionStore> OpenMemory();

  Result<Session> LoadSession(const std::string& source);
  // Replaces the source's session in one transaction.
  Status SaveSession(const std::string& source, const Session& session);
  Status ForgetSession(const std::string& source);

  Result<std::optional<std::string>> LoadCursor(const std::string& source);
  Status SaveCursor(const std::string& source, const std::string& cursor, TimePoint saved_at);

 private:
  explicit SessionStore(Store store) : store_(std::move(store)) {}
  Store store_;
};

}  // namespace evt::scrape
