// HAProxy's runtime API, spoken directly on its admin socket (no socat):
// one command per connection, as HAProxy's non-interactive mode expects,
// the reply read whole until HAProxy closes, under a deadline.
//
// Exit codes of the failures (common/exit_code.h):
//   69 unavailable  the socket is missing, or nothing accepts on it (HAProxy
//                   is not running, or was started without `stats socket`)
//   78 config       the path is not a socket, or this user may not use it
//                   (permission denied: the socket's mode or the daemon's user)
//   75 tempfail     no whole reply within the timeout
//   65 data         HAProxy refused the command: its own text, verbatim
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::failover {

// The seam the driver talks through, so its read/change/read-back and
// restore rules are tested against a fake HAProxy.
class HaproxyRuntime {
 public:
  virtual ~HaproxyRuntime() = default;
  // "haproxy:/run/evt/haproxy.sock": what errors and records name.
  virtual std::string Name() const = 0;
  // The reply to one command, whatever it says (a refusal is text too).
  virtual Result<std::string> Send(std::string_view command) = 0;
};

class HaproxySocket final : public HaproxyRuntime {
 public:
  HaproxySocket(std::string path, std::chrono::milliseconds timeout);
  std::string Name() const override;
  Result<std::string> Send(std::string_view command) override;

 private:
  std::string path_;
  std::chrono::milliseconds timeout_;
};

// Sends a command whose success is an empty reply (`set server`, `set map`,
// `add map`, `del map`): any text back is HAProxy refusing, returned as
// DataErr "haproxy:/sock: `set server reads/x weight 3`: No such server."
// with HAProxy's words as it wrote them (trailing newlines trimmed).
Status SendExpectingEmpty(HaproxyRuntime& runtime, std::string_view command);

// HAProxy's reply without its trailing newlines: how refusals are quoted.
std::string_view TrimReply(std::string_view reply);

}  // namespace evt::failover
