// The keys a verifier may use, found by kid. The kid is only ever a key
// into this in-memory map: never a path, a URL or a query (RFC 8725 §3.10).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tools/token/key.h"

namespace evt::token {

class KeySet {
 public:
  // Fails (DataErr) when a key with the same kid is already in the set:
  // two keys under one name would make verification ambiguous.
  Status Add(Key key);
  // nullptr when no key has this kid.
  const Key* Find(std::string_view kid) const;

  const std::vector<Key>& keys() const { return keys_; }
  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  // True when any key is a private key or an HMAC secret.
  bool has_secrets() const;

 private:
  std::vector<Key> keys_;
  std::map<std::string, std::size_t, std::less<>> by_kid_;
};

}  // namespace evt::token
