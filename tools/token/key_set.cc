#include "tools/token/key_set.h"
#include "common/quoted.h"

#include <algorithm>
#include <utility>


namespace evt::token {

Status KeySet::Add(Key key) {
  if (by_kid_.count(key.kid()) != 0) {
    return Status::DataErr("kid " + QuotedForMessage(key.kid()) + ": two keys share this kid");
  }
  by_kid_.emplace(key.kid(), keys_.size());
  keys_.push_back(std::move(key));
  return Status::Ok();
}

const Key* KeySet::Find(std::string_view kid) const {
  auto it = by_kid_.find(kid);
  return it == by_kid_.end() ? nullptr : &keys_[it->second];
}

bool KeySet::has_secrets() const {
  return std::any_of(keys_.begin(), keys_.end(), [](const Key& k) { return k.is_secret(); });
}

}  // namespace evt::token
