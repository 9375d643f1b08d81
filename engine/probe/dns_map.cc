#include "engine/probe/dns_map.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <set>

#include "common/ascii_case.h"

namespace evt::probe {
namespace {

std::string Joined(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

// The address as inet_ntop writes it ("2001:db8::1" for "2001:DB8:0::1"),
// so a config's spelling compares equal to c-ares' answer; nullopt when it
// is no address.
std::optional<std::string> CanonicalAddress(const std::string& text) {
  std::array<unsigned char, sizeof(in6_addr)> raw{};
  std::array<char, INET6_ADDRSTRLEN> out{};
  int family = text.find(':') == std::string::npos ? AF_INET : AF_INET6;
  if (inet_pton(family, text.c_str(), raw.data()) != 1) return std::nullopt;
  if (!inet_ntop(family, raw.data(), out.data(), out.size())) return std::nullopt;
  return std::string(out.data());
}

bool IsV6(const std::string& address) { return address.find(':') != std::string::npos; }

std::string NormalName(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return AsciiLowercase(name);
}

Result<std::vector<std::string>> ReadAddresses(const ConfigObject& name_object, const std::string& environment) {
  Result<std::vector<std::string>> texts = name_object.StringArray(environment);
  if (!texts.ok()) return texts.status();
  if (texts->empty()) return name_object.Error(environment, "expected at least one address");
  std::vector<std::string> addresses;
  for (const std::string& text : *texts) {
    std::optional<std::string> address = CanonicalAddress(text);
    if (!address) return name_object.Error(environment, "\"" + text + "\" is not an IPv4 or IPv6 address");
    addresses.push_back(*address);
  }
  return addresses;
}

// Every name lists every environment: a name the map forgot for live would
// otherwise pass a check of live unchecked.
Status CheckEveryNameHasEveryEnvironment(const DnsMap& map, const ConfigObject& names) {
  const std::vector<std::string> all = map.Environments();
  for (const auto& [name, by_environment] : map.names)
    for (const std::string& environment : all)
      if (!by_environment.contains(environment))
        return names.Error(name, "no addresses for \"" + environment + "\" (every name lists every environment: " +
                                     Joined(all, ", ") + ")");
  return Status::Ok();
}

}  // namespace

std::vector<std::string> DnsMap::Environments() const {
  std::set<std::string> all;
  for (const auto& [name, by_environment] : names)
    for (const auto& [environment, addresses] : by_environment) all.insert(environment);
  return {all.begin(), all.end()};
}

Result<DnsMap> ReadDnsMap(const ConfigObject& probe_section) {
  DnsMap map;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> section, probe_section.OptionalObject("dns_map"));
  if (!section) return map;
  EVT_ASSIGN_OR_RETURN(std::string environment, section->String("environment"));
  EVT_ASSIGN_OR_RETURN(ConfigObject names, section->Object("names"));
  for (const std::string& name : names.Keys()) {
    EVT_ASSIGN_OR_RETURN(ConfigObject name_object, names.Object(name));
    const std::string normal = NormalName(name);
    if (normal.empty() || map.names.contains(normal))
      return names.Error(name, normal.empty() ? "expected a DNS name" : "the same name as another key, \"" + normal + "\"");
    std::vector<std::string> environments = name_object.Keys();
    if (environments.empty()) return names.Error(name, "expected addresses per environment, such as \"live\": [...]");
    for (const std::string& env : environments) {
      EVT_ASSIGN_OR_RETURN(map.names[normal][env], ReadAddresses(name_object, env));
    }
  }
  EVT_RETURN_IF_ERROR(CheckEveryNameHasEveryEnvironment(map, names));
  const std::vector<std::string> known = map.Environments();
  if (std::find(known.begin(), known.end(), environment) == known.end())
    return section->Error("environment", "\"" + environment + "\" is not an environment of the names (known: " +
                                             (known.empty() ? "none" : Joined(known, ", ")) + ")");
  map.environment = environment;
  return map;
}

Result<DnsMap> ReadConfigDnsMap(const Config& config) {
  EVT_ASSIGN_OR_RETURN(ConfigObject section, config.Section("probe"));
  return ReadDnsMap(section);
}

Result<DnsMap> WithEnvironment(DnsMap map, const std::string& environment) {
  const std::vector<std::string> known = map.Environments();
  if (std::find(known.begin(), known.end(), environment) == known.end())
    return Status::Usage("--environment: \"" + environment + "\" is not an environment of probe.dns_map (known: " +
                         (known.empty() ? "none: the config has no dns_map" : Joined(known, ", ")) + ")");
  map.environment = environment;
  return map;
}

std::optional<DnsExpectation> ExpectationFor(const DnsMap& map, std::string_view name, std::string_view type) {
  auto entry = map.names.find(NormalName(name));
  if (entry == map.names.end()) return std::nullopt;
  const bool v6 = type == "AAAA";
  DnsExpectation expect;
  expect.environment = map.environment;
  for (const auto& [environment, addresses] : entry->second)
    for (const std::string& address : addresses) {
      if (IsV6(address) != v6) continue;
      if (environment == map.environment)
        expect.addresses.push_back(address);
      else
        expect.elsewhere.emplace_back(address, environment);
    }
  if (expect.addresses.empty()) return std::nullopt;
  return expect;
}

std::string DnsMismatch(std::string_view name, const std::vector<std::string>& answers, const DnsExpectation& expect) {
  std::vector<std::string> unexpected;
  for (const std::string& answer : answers) {
    if (std::find(expect.addresses.begin(), expect.addresses.end(), answer) != expect.addresses.end()) continue;
    auto other = std::find_if(expect.elsewhere.begin(), expect.elsewhere.end(),
                              [&](const auto& pair) { return pair.first == answer; });
    unexpected.push_back(answer + (other != expect.elsewhere.end() ? " (the " + other->second + " address)"
                                                                   : " (in no environment of the map)"));
  }
  if (unexpected.empty()) return "";
  return std::string(name) + " resolved to " + Joined(unexpected, ", ") + ", expected " +
         Joined(expect.addresses, ", ") + " for " + expect.environment;
}

std::map<std::string, std::string> DnsTemplateVars(const DnsMap& map) {
  std::map<std::string, std::string> vars;
  for (const auto& [name, by_environment] : map.names) {
    auto active = by_environment.find(map.environment);
    if (active != by_environment.end()) vars["dns." + name] = Joined(active->second, " ");
  }
  return vars;
}

}  // namespace evt::probe
