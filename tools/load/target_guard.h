// A load may only hit what is this machine's or what the site named: a
// typo in a URL must not put a drop's peak on someone else's shop. The
// check runs on the host's resolved addresses before any connect.
#pragma once

#include <map>
#include <set>
#include <string>

#include "common/status.h"
#include "tools/load/load_config.h"

namespace evt::load {

class TargetGuard {
 public:
  explicit TargetGuard(const LoadSection& section);

  // Ok when `url`'s host is listed in load.targets, or every address it
  // resolves to is one of this machine's (loopback or an interface's).
  // Status::Config (exit 78) otherwise, naming the host, the foreign
  // address and where to list it. Decisions are kept per host.
  Status Allow(const std::string& url);

 private:
  Status Decide(const std::string& host);

  const LoadSection& section_;
  std::set<std::string> local_addresses_;  // numeric, as inet_ntop writes them
  std::map<std::string, Status> decided_;
};

// The host part of an absolute http(s) URL as libcurl parses it, lowercase
// and without IPv6 brackets; Usage error for a URL it cannot parse.
Result<std::string> UrlHost(const std::string& url);

}  // namespace evt::load
