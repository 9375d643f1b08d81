#include "tools/budget/polkit_rule.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "common/json_writer.h"

namespace evt::budget {
namespace {

constexpr std::string_view kShedRunbook = "shed-non-essential";

// systemctl's verb and the verb polkit's org.freedesktop.systemd1.manage-units
// action carries for it (systemd's dbus-unit.c).
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kPolkitVerbs{{
    {"start", "start"},
    {"stop", "stop"},
    {"restart", "restart"},
    {"try-restart", "try-restart"},
    {"reload", "reload"},
    {"reload-or-restart", "reload-or-restart"},
    {"try-reload-or-restart", "reload-or-try-restart"},
}};

// Options that leave the units and the manager systemctl talks to as they
// are; any other (--user, -H, --machine, …) would make the rule name the
// wrong thing, or one that takes a value would be read as a unit.
constexpr std::array<std::string_view, 6> kHarmlessOptions{"--no-block", "--quiet", "-q", "--no-ask-password",
                                                          "--wait", "--no-warn"};

constexpr std::array<std::string_view, 11> kUnitSuffixes{".service", ".socket", ".target", ".device",
                                                         ".mount",   ".automount", ".swap", ".timer",
                                                         ".path",    ".slice",  ".scope"};

bool IsUnitNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '_' ||
         c == '.' || c == '\\' || c == '@' || c == '-';
}

bool IsSystemctl(const std::string& program) {
  return program == "systemctl" || (program.size() > 10 && program.ends_with("/systemctl"));
}

bool IsHarmlessOption(std::string_view option) {
  return std::find(kHarmlessOptions.begin(), kHarmlessOptions.end(), option) != kHarmlessOptions.end() ||
         option.starts_with("--job-mode=");
}

std::string KnownVerbs() {
  std::string known;
  for (const auto& [verb, polkit] : kPolkitVerbs) known += (known.empty() ? "" : ", ") + std::string(verb);
  return known;
}

using Grants = std::map<std::string, std::set<std::string>>;

// One command's units and verb, added to `grants`; `where` is its pointer.
Status AddCommand(const Value& command, const std::string& where, Grants& grants) {
  if (!command.is_array() || command.as_array().empty())
    return Status::Config(where + ": expected a command, an array of strings");
  std::vector<std::string> argv;
  for (const Value& arg : command.as_array()) {
    if (!arg.is_string()) return Status::Config(where + ": expected a command, an array of strings");
    argv.push_back(arg.as_string());
  }
  if (!IsSystemctl(argv[0])) return Status::Ok();  // not a unit: nothing for polkit to grant
  std::string verb;
  std::vector<std::string> units;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.starts_with("-")) {
      if (!IsHarmlessOption(arg))
        return Status::Config(where + ": systemctl " + arg +
                              ": an option that may change which units or which manager systemctl means; "
                              "the rule is written for the system manager's units named plainly");
      continue;
    }
    if (verb.empty()) {
      verb = arg;
      continue;
    }
    Result<std::string> unit = SystemctlUnitName(arg);
    if (!unit.ok()) return unit.status().Prefixed(where);
    units.push_back(std::move(*unit));
  }
  auto polkit = std::find_if(kPolkitVerbs.begin(), kPolkitVerbs.end(), [&](const auto& v) { return v.first == verb; });
  if (polkit == kPolkitVerbs.end())
    return Status::Config(where + ": systemctl " + (verb.empty() ? "without a verb" : verb) +
                          ": not a verb the rule grants (known: " + KnownVerbs() + ")");
  if (units.empty()) return Status::Config(where + ": systemctl " + verb + ": no unit named");
  for (const std::string& unit : units) grants[unit].insert(std::string(polkit->second));
  return Status::Ok();
}

Status AddCommands(const Value& commands, const std::string& where, Grants& grants) {
  if (!commands.is_object()) return Status::Config(where + ": expected an object {component: command}");
  for (const auto& [component, command] : commands.as_object())
    EVT_RETURN_IF_ERROR(AddCommand(command, where + JsonPointerToken(component), grants));
  return Status::Ok();
}

// `text` as an ECMAScript 5 string literal: JSON's, with the two line
// separators JSON allows raw but ES5 does not.
std::string JsString(std::string_view text) {
  std::string json;
  if (!AppendJsonString(json, text).ok()) return "\"\"";  // the config was read as UTF-8 already
  std::string out;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json.compare(i, 3, "\xE2\x80\xA8") == 0 || json.compare(i, 3, "\xE2\x80\xA9") == 0) {
      out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    out.push_back(json[i]);
  }
  return out;
}

}  // namespace

Result<std::string> SystemctlUnitName(std::string_view name) {
  if (name.empty() || name.starts_with("/") ||
      !std::all_of(name.begin(), name.end(), IsUnitNameChar) || name.size() > 255)
    return Status::Config("\"" + std::string(name) +
                          "\": not a unit name systemctl takes as it is (a path, or a character outside "
                          "letters, digits and :_.\\@-)");
  for (std::string_view suffix : kUnitSuffixes)
    if (name.size() > suffix.size() && name.ends_with(suffix)) return std::string(name);
  return std::string(name) + ".service";
}

Result<std::vector<UnitGrant>> ReadShedUnitGrants(const Config& config) {
  const std::string where = "/runbooks/" + std::string(kShedRunbook);
  const Value* runbooks = config.document().find("runbooks");
  const Value* shed = runbooks != nullptr && runbooks->is_object() ? runbooks->find(kShedRunbook) : nullptr;
  if (shed == nullptr) return Status::Config(config.path() + ": " + where + ": no shed config, so no unit to grant");
  if (!shed->is_object()) return Status::Config(config.path() + ": " + where + ": expected an object");
  Grants grants;
  for (std::string_view key : {"pause", "resume"}) {
    const Value* commands = shed->find(key);
    if (commands == nullptr) continue;
    Status added = AddCommands(*commands, where + "/" + std::string(key), grants);
    if (!added.ok()) return added.Prefixed(config.path());
  }
  if (grants.empty())
    return Status::Config(config.path() + ": " + where +
                          ": no pause or resume command runs systemctl, so no unit needs a polkit rule");
  std::vector<UnitGrant> out;
  for (auto& [unit, verbs] : grants) out.push_back(UnitGrant{unit, {verbs.begin(), verbs.end()}});
  return out;
}

std::string PolkitShedRule(const std::string& site, const std::vector<UnitGrant>& grants) {
  std::string out =
      "// polkit: the evt user may start and stop the units the budget governor\n"
      "// sheds, with the verbs the shed commands use, and nothing else.\n"
      "// evt-shed-non-essential.service runs as evt and pauses and resumes\n"
      "// components with systemctl (runbooks.shed-non-essential's pause and resume\n"
      "// commands in the config); without this rule systemd asks polkit, and\n"
      "// polkit says no to evt.\n"
      "//\n"
      "// Written by `evt-budget rules --polkit` for site " + JsString(site) + ". A site\n"
      "// with other components writes its own:\n"
      "//   evt-budget rules --polkit >/etc/polkit-1/rules.d/60-evt-shed.rules\n"
      "// which takes precedence over the packaged file of the same name. polkitd's\n"
      "// JavaScript is ECMAScript 5 (no let, no arrow functions), and every rules\n"
      "// file shares one global scope: hence the closure.\n"
      "polkit.addRule((function () {\n"
      "    var allowed = {\n";
  for (std::size_t i = 0; i < grants.size(); ++i) {
    out += "        " + JsString(grants[i].unit) + ": [";
    for (std::size_t v = 0; v < grants[i].verbs.size(); ++v) out += (v ? ", " : "") + JsString(grants[i].verbs[v]);
    out += std::string("]") + (i + 1 < grants.size() ? "," : "") + "\n";
  }
  out +=
      "    };\n"
      "    return function (action, subject) {\n"
      "        if (action.id !== \"org.freedesktop.systemd1.manage-units\" || subject.user !== \"evt\") {\n"
      "            return polkit.Result.NOT_HANDLED;\n"
      "        }\n"
      "        var unit = action.lookup(\"unit\");\n"
      "        if (Object.prototype.hasOwnProperty.call(allowed, unit) &&\n"
      "                allowed[unit].indexOf(action.lookup(\"verb\")) >= 0) {\n"
      "            return polkit.Result.YES;\n"
      "        }\n"
      "        return polkit.Result.NOT_HANDLED;\n"
      "    };\n"
      "})());\n";
  return out;
}

}  // namespace evt::budget
