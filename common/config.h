// The site's config file: finding it, loading it, and handing each tool the
// `site` block and its own section. One JSON file can describe a whole site
// (see examples/event.json); each tool reads only `site` and its section.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/config_object.h"
#include "common/state_dir.h"  // EnvLookup, SystemEnv
#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt {

// The sections a config may hold besides "site", one per tool, plus
// "runbooks" where each runbook finds its own settings under its name.
inline constexpr std::string_view kConfigSections[] = {"probe",  "failover", "price",   "token",   "scrape",
                                                       "budget", "load",     "detect",  "outbox",
                                                       "runbook", "runbooks", "evt"};

// The "site" block: what every tool may need to know about the event.
struct Site {
  std::string name;                    // required, non-empty: "popup-berlin-01"
  std::string timezone = "UTC";        // an IANA name; checked by the tools that use it (time_zone.h);
                                       // absent from the file: $TZ's zone when it loads, else UTC
  std::optional<TimePoint> starts_at;  // when both are given, ends_at is after starts_at
  std::optional<TimePoint> ends_at;
  // The PostgreSQL hub the box syncs its grow-only sets with (doc/design.md
  // §18): a libpq service name or a conninfo without a password, checked
  // by evt::hub::ReadHubSettings (common/hub/hub_sync.h), not here, since
  // only the tools that sync link libpq. Absent: no hub, files only.
  std::optional<std::string> hub;
};

// The config file to read, first of: flag_value (--config), $EVT_CONFIG,
// then the XDG default: $XDG_CONFIG_HOME/evt/event.json, where an unset,
// empty or relative XDG_CONFIG_HOME means $HOME/.config (the XDG spec's
// rule; with XDG_CONFIG_HOME set, ~/.config is not searched).
// A file named by --config or $EVT_CONFIG that does not exist or is a
// directory is Status::NoInput naming it. With no such file at the default
// place, Status::Config saying where it looked and what to pass instead.
Result<std::string> FindConfigFile(std::string_view flag_value, const EnvLookup& env = SystemEnv);

class Config {
 public:
  // The path as given to LoadConfig; messages name the file this way.
  const std::string& path() const { return origin_.file; }
  // The absolute folder holding the file: relative paths resolve here.
  const std::string& folder() const { return origin_.folder; }
  const Site& site() const { return site_; }
  // The whole parsed file.
  const Value& document() const { return *document_; }

  // The section `name`, for the tool to read strictly and Finish(). An
  // absent section is an empty object, so the tool applies its defaults.
  // REQUIRES: name is one of kConfigSections (else Status::Internal).
  Result<ConfigObject> Section(std::string_view name) const;

 private:
  friend Result<Config> LoadConfig(const std::string& path, const EnvLookup& env);
  Config(ConfigOrigin origin, std::shared_ptr<const Value> document, Site site);

  ConfigOrigin origin_;
  std::shared_ptr<const Value> document_;
  Site site_;
};

// Reads and checks the config at `path`: JSON that ParseJsonFile accepts
// (no duplicate keys), an object whose keys are "site" and kConfigSections
// only, every section present an object, and a valid "site". `env` serves
// secrets the tools resolve later through Section().
// Only a regular file is read: a FIFO, socket or device is Status::Config
// at once, never a wait for a writer. Errors: a missing or unreadable file
// is Status::NoInput; everything else is Status::Config naming the file and
// the line or JSON pointer:
//   event.json: /sitee: unknown key (known: site, probe, ...)
Result<Config> LoadConfig(const std::string& path, const EnvLookup& env = SystemEnv);

}  // namespace evt
