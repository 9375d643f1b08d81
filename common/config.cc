#include "common/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/config_value.h"
#include "common/json_parse.h"
#include "common/time_display.h"

namespace evt {
namespace {

std::string_view EnvValue(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  return value ? std::string_view(value) : std::string_view();
}

// A file the user named: it must be there.
Result<std::string> NamedConfigFile(std::string_view path, std::string_view named_by) {
  std::string file(path);
  struct stat st;
  if (stat(file.c_str(), &st) != 0) {
    return Status::NoInput(file + ": config file not found (named by " + std::string(named_by) + ")");
  }
  if (S_ISDIR(st.st_mode)) {
    return Status::NoInput(file + ": is a directory, not a config file (named by " + std::string(named_by) + ")");
  }
  return file;
}

// $XDG_CONFIG_HOME/evt/event.json, or "" when neither it nor HOME is set.
std::string DefaultConfigFile(const EnvLookup& env) {
  std::string_view xdg = EnvValue(env, "XDG_CONFIG_HOME");
  if (!xdg.empty() && xdg.front() == '/') return JoinPath(xdg, "evt/event.json");
  std::string_view home = EnvValue(env, "HOME");
  if (!home.empty()) return JoinPath(home, ".config/evt/event.json");
  return "";
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
}

bool IsSection(std::string_view name) {
  for (std::string_view section : kConfigSections) {
    if (section == name) return true;
  }
  return false;
}

std::string AbsoluteFolder(const std::string& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (ec) absolute = path;
  return absolute.lexically_normal().parent_path().string();
}

std::string_view FileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

Status NotRegular(const std::string& path, mode_t mode) {
  return Status::Config(path + ": is " + std::string(FileKind(mode)) + ", not a regular file; a config is read only "
                        "from a regular file");
}

// Only a regular file is read as config: reading a FIFO waits for a writer
// that may never come, so every tool would hang without a word. The open is
// non-blocking and the check is made on what was opened, so a file swapped
// for a FIFO after the first look cannot hang us either. nullopt: nothing
// could be read (missing, a directory), for the JSON reader to say so as it
// does for every file.
Result<std::optional<std::string>> ReadRegularFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return NotRegular(path, st.st_mode);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return std::optional<std::string>();
  bool checked = fstat(fd, &st) == 0;
  if (!checked || !S_ISREG(st.st_mode)) {
    close(fd);
    if (!checked || S_ISDIR(st.st_mode)) return std::optional<std::string>();
    return NotRegular(path, st.st_mode);
  }
  std::string text;
  Status status;
  char chunk[64 * 1024];
  while (true) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) status = Status::NoInput(path + ": cannot read: " + std::strerror(errno));
    if (got <= 0) break;
    text.append(chunk, static_cast<std::size_t>(got));
    if (text.size() > kMaxJsonFileBytes) {
      status = Status::Config(path + ": larger than " + std::to_string(kMaxJsonFileBytes >> 20) + " MiB");
      break;
    }
  }
  close(fd);
  if (!status.ok()) return status;
  return std::optional<std::string>(std::move(text));
}

// JSON that does not parse is bad config, not bad data: exit 78, not 65.
Result<Value> ParseConfigFile(const std::string& path) {
  Result<std::optional<std::string>> text = ReadRegularFile(path);
  if (!text.ok()) return text.status();
  Result<Value> doc = *text ? ParseJson(**text, path) : ParseJsonFile(path);
  if (!doc.ok() && doc.status().code() == ExitCode::kDataErr) return Status::Config(doc.status().message());
  return doc;
}

Status CheckEventWindow(const ConfigObject& site, const Site& out) {
  if (out.starts_at && out.ends_at && *out.ends_at <= *out.starts_at) {
    return site.Error("ends_at",
                      FormatRfc3339(*out.ends_at) + " is not after starts_at " + FormatRfc3339(*out.starts_at));
  }
  return Status::Ok();
}

// site.timezone when the file leaves it out: the zone $TZ names when it is
// one of the tz database, else UTC (doc/design.md §17: tables show the
// site's time). A TZ that names no loadable zone never makes a config bad.
std::string DefaultSiteTimezone(const EnvLookup& env) {
  std::optional<std::string> name = ZoneNameFromTz(EnvValue(env, "TZ"));
  if (name && CachedTimeZone(*name).ok()) return *name;
  return "UTC";
}

Result<Site> ReadSite(const ConfigObject& root, const EnvLookup& env) {
  Result<ConfigObject> site = root.Object("site");
  if (!site.ok()) return site.status();
  Site out;
  Result<std::string> name = site->String("name");
  if (!name.ok()) return name.status();
  if (name->empty()) return site->Error("name", "expected the site's name, got an empty string");
  out.name = *name;
  Result<std::string> timezone = site->String("timezone", DefaultSiteTimezone(env));
  if (!timezone.ok()) return timezone.status();
  if (timezone->empty()) return site->Error("timezone", "expected an IANA time zone such as \"Europe/Berlin\"");
  out.timezone = *timezone;
  Result<std::optional<TimePoint>> starts_at = site->OptionalTime("starts_at");
  if (!starts_at.ok()) return starts_at.status();
  out.starts_at = *starts_at;
  Result<std::optional<TimePoint>> ends_at = site->OptionalTime("ends_at");
  if (!ends_at.ok()) return ends_at.status();
  out.ends_at = *ends_at;
  EVT_RETURN_IF_ERROR(CheckEventWindow(*site, out));
  // Used where the state root is chosen (state_root.h); checked here so a
  // bad value is a config error for every tool.
  Result<std::optional<std::string>> state_dir = site->OptionalPath("state_dir");
  if (!state_dir.ok()) return state_dir.status();
  Result<std::optional<std::string>> hub = site->OptionalString("hub");
  if (!hub.ok()) return hub.status();
  if (*hub && (*hub)->empty()) {
    return site->Error("hub", "expected a libpq service name such as \"evt-hub\" or a conninfo, got an empty string");
  }
  out.hub = *hub;
  return out;
}

// Sections are only looked at here (the tools read them), so asking for
// them through Raw() keeps their insides out of root.Finish().
Status CheckSections(const ConfigObject& root) {
  for (std::string_view name : kConfigSections) {
    const Value* section = root.Raw(name);
    if (section != nullptr && !section->is_object()) return ConfigExpected(root.Where(name), "an object", *section);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> FindConfigFile(std::string_view flag_value, const EnvLookup& env) {
  if (!flag_value.empty()) return NamedConfigFile(flag_value, "--config");
  if (std::string_view named = EnvValue(env, "EVT_CONFIG"); !named.empty()) return NamedConfigFile(named, "EVT_CONFIG");
  std::string fallback = DefaultConfigFile(env);
  if (fallback.empty()) return Status::Config("no config file: pass --config FILE or set EVT_CONFIG");
  if (!IsRegularFile(fallback)) {
    return Status::Config("no config file: looked for " + fallback + "; pass --config FILE or set EVT_CONFIG");
  }
  return fallback;
}

Config::Config(ConfigOrigin origin, std::shared_ptr<const Value> document, Site site)
    : origin_(std::move(origin)), document_(std::move(document)), site_(std::move(site)) {}

Result<ConfigObject> Config::Section(std::string_view name) const {
  if (!IsSection(name)) return Status::Internal("config: \"" + std::string(name) + "\" is not a config section");
  const Value* section = document_->find(name);
  return ConfigObject::FromValue(section ? *section : Value::object(), "/" + std::string(name), origin_);
}

Result<Config> LoadConfig(const std::string& path, const EnvLookup& env) {
  Result<Value> doc = ParseConfigFile(path);
  if (!doc.ok()) return doc.status();
  ConfigOrigin origin{path, AbsoluteFolder(path), env};
  auto document = std::make_shared<const Value>(std::move(*doc));
  Result<ConfigObject> root = ConfigObject::FromValue(*document, "", origin);
  if (!root.ok()) return root.status();
  // Unknown top-level keys first: "sitee" explains a missing "site".
  root->Raw("site");
  EVT_RETURN_IF_ERROR(CheckSections(*root));
  EVT_RETURN_IF_ERROR(root->Finish());
  Result<Site> site = ReadSite(*root, env);
  if (!site.ok()) return site.status();
  EVT_RETURN_IF_ERROR(root->Finish());
  return Config(std::move(origin), std::move(document), std::move(*site));
}

}  // namespace evt
