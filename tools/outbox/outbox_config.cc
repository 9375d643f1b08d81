#include "tools/outbox/outbox_config.h"

#include <unistd.h>

#include <algorithm>
#include <array>

#include "common/config_object.h"
#include "common/listen_address.h"

namespace evt::outbox {
namespace {

constexpr const char* kDestinationTypes[] = {"http", "s3"};

Result<std::optional<TokenSpec>> ReadTokenSpec(const ConfigObject& o, const std::string& folder) {
  const Value* spec = o.Raw("token");
  if (spec == nullptr) return std::optional<TokenSpec>();
  if (!spec->is_object()) return o.Error("token", "expected {\"file\": PATH}, {\"env\": NAME} or {\"credential\": NAME}");
  return std::optional<TokenSpec>(TokenSpec{*spec, o.Where("token"), folder});
}

Result<std::int64_t> ReadBound(const ConfigObject& o, std::int64_t fallback) {
  EVT_ASSIGN_OR_RETURN(std::int64_t bound, o.Int("bound_bytes", fallback));
  if (bound < 1) return o.Error("bound_bytes", "expected a number of bytes above 0, got " + std::to_string(bound));
  return bound;
}

Result<QueueSpec> ReadQueue(const ConfigObject& o, const std::string& name, const std::string& folder) {
  QueueSpec q;
  q.name = name;
  EVT_ASSIGN_OR_RETURN(std::string cls, o.String("class"));
  std::optional<QueueClass> parsed = ParseQueueClass(cls);
  if (!parsed) return o.Error("class", "expected one of " + QueueClassNames() + ", got \"" + cls + "\"");
  q.cls = *parsed;
  EVT_ASSIGN_OR_RETURN(q.bound_bytes, ReadBound(o, kDefaultQueueBoundBytes));
  EVT_ASSIGN_OR_RETURN(q.destinations, o.StringArray("destinations", {}));
  EVT_ASSIGN_OR_RETURN(q.transforms, ReadQueueTransforms(o, folder));
  return q;
}

Result<DestinationSpec> ReadDestination(const ConfigObject& destinations, const std::string& name) {
  const Value* settings = destinations.Raw(name);
  // Only `type` is read here; the type's parser reads and finishes the rest.
  EVT_ASSIGN_OR_RETURN(ConfigObject o, ConfigObject::Borrowing(*settings, destinations.pointer() + "/" +
                                                                              EscapeJsonPointerToken(name),
                                                                destinations.origin()));
  EVT_ASSIGN_OR_RETURN(std::string type, o.String("type"));
  if (std::find(std::begin(kDestinationTypes), std::end(kDestinationTypes), type) == std::end(kDestinationTypes))
    return o.Error("type", "expected \"http\" or \"s3\", got \"" + type + "\"");
  return DestinationSpec{name, type, *settings, o.Where()};
}

Result<PeerSpec> ReadPeer(const ConfigObject& o, const std::string& name, const std::string& folder) {
  PeerSpec p;
  p.name = name;
  EVT_ASSIGN_OR_RETURN(p.url, o.String("url"));
  if (p.url.rfind("http://", 0) != 0 && p.url.rfind("https://", 0) != 0)
    return o.Error("url", "expected an http:// or https:// URL, got \"" + p.url + "\"");
  EVT_ASSIGN_OR_RETURN(p.token, ReadTokenSpec(o, folder));
  return p;
}

Result<ServeSpec> ReadServe(const ConfigObject& o, const std::string& folder) {
  ServeSpec s;
  EVT_ASSIGN_OR_RETURN(s.listen, o.String("listen", s.listen));
  EVT_ASSIGN_OR_RETURN(ListenAddress address, ParseListenAddress(s.listen, o.Where("listen")));
  s.loopback = IsLoopback(address);
  EVT_ASSIGN_OR_RETURN(s.token, ReadTokenSpec(o, folder));
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> tls, o.OptionalObject("tls"));
  if (tls) {
    EVT_ASSIGN_OR_RETURN(s.tls_cert, tls->Path("cert"));
    EVT_ASSIGN_OR_RETURN(s.tls_key, tls->Path("key"));
    EVT_ASSIGN_OR_RETURN(s.tls_client_ca, tls->OptionalPath("client_ca"));
  }
  if (!s.loopback && !s.token && !s.tls_client_ca)
    return o.Error("listen", "\"" + s.listen + "\" is not loopback: peers must authenticate, so add \"token\": "
                             "{\"file\": PATH} (mode 0600) or \"tls\": {\"cert\", \"key\", \"client_ca\"}");
  return s;
}

template <class Spec, class Reader>
Result<std::vector<Spec>> ReadNamedObjects(const ConfigObject& section, const char* key, Reader read) {
  std::vector<Spec> out;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> named, section.OptionalObject(key));
  if (!named) return out;
  for (const std::string& name : named->Keys()) {
    if (name.empty()) return named->Error("expected non-empty names");
    EVT_ASSIGN_OR_RETURN(ConfigObject o, named->Object(name));
    EVT_ASSIGN_OR_RETURN(Spec spec, read(o, name));
    out.push_back(std::move(spec));
  }
  return out;
}

Result<std::vector<DestinationSpec>> ReadDestinations(const ConfigObject& section) {
  std::vector<DestinationSpec> out;
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> named, section.OptionalObject("destinations"));
  if (!named) return out;
  for (const std::string& name : named->Keys()) {
    if (!named->Raw(name)->is_object()) return named->Error(name, "expected an object with \"type\"");
    EVT_ASSIGN_OR_RETURN(DestinationSpec spec, ReadDestination(*named, name));
    out.push_back(std::move(spec));
  }
  return out;
}

Status CheckQueueDestinations(const ConfigObject& section, const OutboxConfig& c) {
  for (const QueueSpec& q : c.queues)
    for (const std::string& d : q.destinations)
      if (c.FindDestination(d) == nullptr)
        return section.Error("queues", EscapeJsonPointerToken(q.name) + "/destinations: no destination \"" + d +
                                           "\" under /outbox/destinations");
  return Status::Ok();
}

template <class Spec>
const Spec* FindByName(const std::vector<Spec>& specs, const std::string& name) {
  for (const Spec& s : specs)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

Result<Secret> ResolveTokenSpec(const TokenSpec& spec, const EnvLookup& env) {
  return ResolveSecret(spec.spec, spec.where, spec.folder, env);
}

const QueueSpec* OutboxConfig::FindQueue(const std::string& name) const { return FindByName(queues, name); }
const DestinationSpec* OutboxConfig::FindDestination(const std::string& name) const {
  return FindByName(destinations, name);
}
const PeerSpec* OutboxConfig::FindPeer(const std::string& name) const { return FindByName(peers, name); }

std::string DefaultKioskName() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "localhost";
  return name.data();
}

Result<OutboxConfig> ReadOutboxConfig(const Config& config) {
  EVT_ASSIGN_OR_RETURN(ConfigObject section, config.Section("outbox"));
  OutboxConfig c;
  c.config_dir = config.folder();
  c.site = config.site().name;
  EVT_ASSIGN_OR_RETURN(c.kiosk, section.String("kiosk", DefaultKioskName()));
  if (c.kiosk.empty() || c.kiosk.find_first_of("\"\\\n\t ") != std::string::npos)
    return section.Error("kiosk", "expected a name without spaces, quotes or backslashes, got \"" + c.kiosk + "\"");
  EVT_ASSIGN_OR_RETURN(c.bound_bytes, ReadBound(section, kDefaultBoundBytes));
  EVT_ASSIGN_OR_RETURN(c.queues, ReadNamedObjects<QueueSpec>(section, "queues", [&](const ConfigObject& o,
                                                                                    const std::string& name) {
                         return ReadQueue(o, name, c.config_dir);
                       }));
  EVT_ASSIGN_OR_RETURN(c.destinations, ReadDestinations(section));
  EVT_RETURN_IF_ERROR(CheckQueueDestinations(section, c));
  const std::string folder = config.folder();
  EVT_ASSIGN_OR_RETURN(c.peers, ReadNamedObjects<PeerSpec>(section, "peers", [&](const ConfigObject& o,
                                                                                 const std::string& name) {
                         return ReadPeer(o, name, folder);
                       }));
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> serve, section.OptionalObject("serve"));
  if (serve) {
    EVT_ASSIGN_OR_RETURN(ServeSpec s, ReadServe(*serve, folder));
    c.serve = std::move(s);
  }
  EVT_ASSIGN_OR_RETURN(c.takeover_after, section.Duration("takeover_after", c.takeover_after));
  if (c.takeover_after <= Duration::zero())
    return section.Error("takeover_after", "expected a duration above zero such as \"2m\"");
  EVT_RETURN_IF_ERROR(section.Finish());
  return c;
}

}  // namespace evt::outbox
