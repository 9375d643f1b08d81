// ReadHubSettings (hub_sync.h): `site.hub` as libpq will take it, refused
// when it would put a password in a config file (doc/design.md §18).
#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/hub/hub_sync.h"

namespace evt::hub {
namespace {

bool IsUri(std::string_view text) {
  return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

// A bare word is a service name (pg_service.conf); libpq's own
// parser decides everything else.
bool IsServiceName(std::string_view text) {
  if (IsUri(text)) return false;
  for (char c : text) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_' || c == '.';
    if (!word) return false;
  }
  return true;
}

using ConninfoOptions = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

Status CheckConninfo(const std::string& conninfo, const std::string& where) {
  char* error = nullptr;
  ConninfoOptions options(PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  if (!options) {
    std::string why = error ? error : "out of memory";
    PQfreemem(error);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return Status::Config(where + ": expected a libpq service name or conninfo: " + why);
  }
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (std::string_view(option->keyword) == "password" && option->val != nullptr && option->val[0] != '\0') {
      return Status::Config(where +
                            ": the conninfo carries a password; put it in ~/.pgpass, the file PGPASSFILE "
                            "names or a service file (mode 0600), not in the config");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<HubSettings> HubSettingsFrom(const std::string& hub, std::string site, std::string where) {
  HubSettings settings;
  settings.where = std::move(where);
  settings.site = std::move(site);
  settings.conninfo = IsServiceName(hub) ? "service=" + hub : hub;
  EVT_RETURN_IF_ERROR(CheckConninfo(settings.conninfo, settings.where));
  return settings;
}

Result<std::optional<HubSettings>> ReadHubSettings(const Config& config) {
  const std::optional<std::string>& hub = config.site().hub;
  if (!hub) return std::optional<HubSettings>();
  EVT_ASSIGN_OR_RETURN(HubSettings settings, HubSettingsFrom(*hub, config.site().name, config.path() + ": /site/hub"));
  return std::optional<HubSettings>(std::move(settings));
}

}  // namespace evt::hub
