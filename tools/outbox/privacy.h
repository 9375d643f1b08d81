// Privacy at the edge (a queue's "privacy" key, doc/design.md §15): what
// `put` does to a record before anything of it is stored, so a dropped
// field never reaches the spool, a peer or an object store. Fields are
// named by dotted paths ("headers.cookie": the member cookie of the object
// headers); a path that is not there is left alone.
//  - drop: the field goes.
//  - pseudonymise: the value becomes "hmac:" and 32 hex digits, HMAC-SHA256
//    under the site's key (truncated to 128 bits), so every kiosk of a site
//    maps a customer to the same pseudonym and joins still work, while
//    nobody without the key can go back. A value that is not a string is
//    keyed by its compact JSON.
//  - truncate_ip: an IPv4 address keeps its /24, an IPv6 one its /48, also
//    as "host:port" and "[v6]:port"; a value that is not an address (a
//    host name, a number) is left as it is.
// The envelope and the id (kind, v, ts, id) cannot be named: the id is what
// duplicates are found by.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_object.h"
#include "common/secret.h"
#include "common/status.h"
#include "common/value.h"

namespace evt::outbox {

// Where the site key is, read only when a put needs it (as a token is).
struct PrivacyKeySpec {
  Value spec;          // {"file": PATH}, {"env": NAME} or {"credential": NAME}
  std::string where;   // "event.json: /outbox/queues/telemetry/privacy/key"
  std::string folder;  // what a relative file resolves against
};

struct PrivacySpec {
  std::vector<std::string> drop;
  std::vector<std::string> pseudonymise;
  std::vector<std::string> truncate_ip;
  std::optional<PrivacyKeySpec> key;  // required when pseudonymise is not empty
};

// Reads a queue's "privacy" object strictly (78 naming the key): the three
// lists of dotted paths, none empty or naming kind, v, ts or id, and "key"
// when anything is pseudonymised.
Result<PrivacySpec> ReadPrivacySpec(const ConfigObject& o, const std::string& folder);

// "hmac:" and the first 32 hex digits of HMAC-SHA256(key, text).
std::string Pseudonym(const std::string& key, std::string_view text);

// The address with its host part zeroed (/24, /48), its port kept; nullopt
// when `text` is not an IP address, with or without a port.
std::optional<std::string> TruncatedIp(std::string_view text);

// A spec with its key read: what `put` applies to each record.
class Privacy {
 public:
  // Reads the key (common/secret.h's rules) when the spec pseudonymises.
  static Result<Privacy> Make(const PrivacySpec& spec, const EnvLookup& env = SystemEnv);
  // REQUIRES: record is an object.
  void Apply(Value& record) const;

 private:
  Privacy(PrivacySpec spec, std::optional<Secret> key) : spec_(std::move(spec)), key_(std::move(key)) {}
  PrivacySpec spec_;
  std::optional<Secret> key_;
};

}  // namespace evt::outbox
