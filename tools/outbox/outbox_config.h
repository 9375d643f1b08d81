// The `outbox` section of the config (doc/design.md §15): this kiosk's name,
// the queues with their class and bound, the destinations they deliver to,
// the peers they replicate with and the replication server.
//
//   "outbox": {
//     "kiosk": "kiosk-a", "bound_bytes": 67108864,
//     "queues": {"orders": {"class": "critical", "bound_bytes": 33554432, "destinations": ["shop"]}},
//     "destinations": {"shop": {"type": "http", "url": "...", ...}},
//     "peers": {"kiosk-b": {"url": "http://10.0.0.12:7450", "token": {"file": "mesh.token"}}},
//     "serve": {"listen": "127.0.0.1:7450", "token": {"file": "mesh.token"}},
//     "takeover_after": "2m"}
//
// Reading the section checks every key strictly except a destination's
// own settings, which the destination type's parser reads (an http
// destination: ParseHttpDestination). Secrets are not read here, only
// where they are: ResolveTokenSpec reads one when it is needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/duration.h"
#include "common/secret.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/outbox/queue_class.h"

namespace evt::outbox {

inline constexpr std::int64_t kDefaultBoundBytes = 64 * 1024 * 1024;
inline constexpr std::int64_t kDefaultQueueBoundBytes = 16 * 1024 * 1024;

// A secret as the config names it ({"file": PATH}, {"env": NAME},
// {"credential": NAME}), read only when it is used.
struct TokenSpec {
  Value spec;          // the object as written
  std::string where;   // "event.json: /outbox/peers/kiosk-b/token", for messages
  std::string folder;  // what a relative file resolves against
};

// The secret `spec` names (common/secret.h's rules: a file must be 0600).
Result<Secret> ResolveTokenSpec(const TokenSpec& spec, const EnvLookup& env = SystemEnv);

struct DestinationSpec {
  std::string name;
  std::string type;  // "http" or "s3"
  Value settings;    // the whole object, read by the type's parser
  std::string where; // "event.json: /outbox/destinations/shop"
};

struct PeerSpec {
  std::string name;  // the peer's kiosk name
  std::string url;   // http:// or https://
  std::optional<TokenSpec> token;
};

struct ServeSpec {
  std::string listen = "127.0.0.1:7450";  // ADDR:PORT, [v6]:PORT (common/listen_address.h)
  bool loopback = true;                   // listen is 127.0.0.0/8 or ::1
  std::optional<TokenSpec> token;
  std::optional<std::string> tls_cert;  // PEM files, resolved against the config's folder
  std::optional<std::string> tls_key;        // a secret: its file must be 0600
  std::optional<std::string> tls_client_ca;  // clients must present a certificate it signed
};

struct OutboxConfig {
  std::string kiosk;  // default: the host name
  std::int64_t bound_bytes = kDefaultBoundBytes;
  std::vector<QueueSpec> queues;
  std::vector<DestinationSpec> destinations;
  std::vector<PeerSpec> peers;
  std::optional<ServeSpec> serve;
  Duration takeover_after = std::chrono::minutes(2);
  std::string config_dir;  // the config file's folder: templates and tokens resolve here
  std::string site;        // the site block's name: an s3 destination's default prefix

  const QueueSpec* FindQueue(const std::string& name) const;
  const DestinationSpec* FindDestination(const std::string& name) const;
  const PeerSpec* FindPeer(const std::string& name) const;
};

// Reads the section strictly. Config errors (78) name the file and the JSON
// pointer: unknown keys, a class that is not critical/degraded/
// non-essential, a bound under 1, a queue naming a destination that is not
// there, a destination type other than "http" or "s3", a serve address other than
// loopback without a token or TLS client certificates.
Result<OutboxConfig> ReadOutboxConfig(const Config& config);

// The default kiosk name: the host name, else "localhost".
std::string DefaultKioskName();

}  // namespace evt::outbox
