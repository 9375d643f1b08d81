// probe.dns_map: which addresses each name must resolve to in each
// environment (staging, live, ...), and which environment is active. DNS
// checks of a mapped name compare their answers against the active
// environment's addresses; evt-failover's templates read them as
// {{dns.NAME}}.
//
//   "probe": {"dns_map": {
//     "environment": "live",
//     "names": {"shop.example.net": {"staging": ["10.0.0.5"], "live": ["203.0.113.10"]}}}}
//
// See doc/design.md §5.5.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "common/config_object.h"
#include "common/status.h"
#include "engine/probe/check.h"

namespace evt::probe {

struct DnsMap {
  std::string environment;  // the active one; empty when the map has no names
  // name (lowercase, no trailing dot) -> environment -> addresses, each in
  // the text inet_ntop gives, so it compares equal to an answer.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> names;

  bool empty() const { return names.empty(); }
  // Every environment some name has addresses for, sorted.
  std::vector<std::string> Environments() const;
};

// Reads `dns_map` of the probe section, strictly; an absent key is an
// empty map. Config errors name the key: an address that is no IPv4 or
// IPv6 address, an environment with no addresses, a name missing from the
// active environment, an "environment" that no name has.
Result<DnsMap> ReadDnsMap(const ConfigObject& probe_section);

// The config's map (the probe section's dns_map alone, unchecked otherwise:
// for tools that read another section, such as evt-failover).
Result<DnsMap> ReadConfigDnsMap(const Config& config);

// `map` with another active environment (--environment); Usage error
// naming the known ones when no name has it.
Result<DnsMap> WithEnvironment(DnsMap map, const std::string& environment);

// What a `type` (A or AAAA) check of `name` must find in the active
// environment; nullopt when the map does not name it, or has no address of
// that family for it.
std::optional<DnsExpectation> ExpectationFor(const DnsMap& map, std::string_view name, std::string_view type);

// Empty when every answer is expected; else what is wrong, in words:
//   shop.example.net resolved to 10.0.0.5 (the staging address), expected
//   203.0.113.10 for live
std::string DnsMismatch(std::string_view name, const std::vector<std::string>& answers,
                        const DnsExpectation& expect);

// "dns.NAME" -> the active environment's addresses of NAME, space-separated.
std::map<std::string, std::string> DnsTemplateVars(const DnsMap& map);

}  // namespace evt::probe
