#include "common/site_names.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/config.h"
#include "common/json_parse.h"

namespace evt {
namespace {

namespace fs = std::filesystem;

const Value* Find(const Value& document, std::initializer_list<std::string_view> keys) {
  const Value* at = &document;
  for (std::string_view key : keys) {
    at = at->find(key);
    if (at == nullptr) return nullptr;
  }
  return at;
}

std::string StringAt(const Value* object, std::string_view key) {
  const Value* v = object == nullptr ? nullptr : object->find(key);
  return v != nullptr && v->is_string() ? v->as_string() : "";
}

// Collects names in order, each once, skipping the empty one.
class NameList {
 public:
  void Add(std::string name, std::string description = "") {
    if (name.empty() || !seen_.insert(name).second) return;
    names_.push_back({std::move(name), std::move(description)});
  }
  // The keys of an object, each described by its member `describe_by`.
  void AddKeys(const Value* object, std::string_view describe_by = "") {
    if (object == nullptr || !object->is_object()) return;
    for (const auto& [key, value] : object->as_object()) {
      Add(key, describe_by.empty() ? "" : StringAt(&value, describe_by));
    }
  }
  // The member `key` of each object in an array.
  void AddMembers(const Value* array, std::string_view key) {
    if (array == nullptr || !array->is_array()) return;
    for (const Value& item : array->as_array()) Add(StringAt(&item, key));
  }
  std::vector<SiteName> Take() { return std::move(names_); }

 private:
  std::set<std::string> seen_;
  std::vector<SiteName> names_;
};

std::vector<std::string> ConfiguredRunbookDirs(const SiteDocument& site) {
  std::vector<std::string> dirs;
  const Value* configured = Find(site.document, {"runbook", "dirs"});
  if (configured == nullptr || !configured->is_array()) return dirs;
  for (const Value& dir : configured->as_array()) {
    if (!dir.is_string() || dir.as_string().empty()) continue;
    fs::path path(dir.as_string());
    dirs.push_back(path.is_absolute() ? path.string() : (fs::path(site.folder) / path).string());
  }
  return dirs;
}

// As `evt-runbook list` finds them: *.lua directly in each folder, the
// first folder holding a name wins.
void AddRunbooks(const std::vector<std::string>& dirs, NameList& names) {
  for (const std::string& dir : dirs) {
    std::error_code ec;
    std::vector<std::string> found;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".lua" && entry.is_regular_file(ec)) found.push_back(entry.path().stem());
    }
    std::sort(found.begin(), found.end());
    for (std::string& name : found) names.Add(std::move(name), dir);
  }
}

void AddEnergySources(const Value* budgets, NameList& names) {
  if (budgets == nullptr || !budgets->is_array()) return;
  for (const Value& budget : budgets->as_array()) {
    if (StringAt(&budget, "unit") == "energy") names.Add(StringAt(&budget, "source"), StringAt(&budget, "name"));
  }
}

std::string SelfDir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "" : self.parent_path().string();
}

}  // namespace

SiteDocument ReadSiteDocument(std::string_view config_flag, const EnvLookup& env) {
  SiteDocument site{Value::object(), ""};
  Result<std::string> path = FindConfigFile(config_flag, env);
  std::error_code ec;
  // Only a regular file: a FIFO named by mistake must not hang the shell.
  if (!path.ok() || !fs::is_regular_file(*path, ec)) return site;
  Result<Value> document = ParseJsonFile(*path);
  if (!document.ok() || !document->is_object()) return site;
  site.document = std::move(*document);
  site.folder = fs::absolute(*path, ec).lexically_normal().parent_path().string();
  return site;
}

std::vector<SiteName> SiteNamesOf(SiteNameKind kind, const SiteDocument& site,
                                  const std::vector<std::string>& shipped_runbook_dirs) {
  const Value& doc = site.document;
  NameList names;
  switch (kind) {
    case SiteNameKind::kNone:
      break;
    case SiteNameKind::kRunbook: {
      std::vector<std::string> dirs = ConfiguredRunbookDirs(site);
      dirs.insert(dirs.end(), shipped_runbook_dirs.begin(), shipped_runbook_dirs.end());
      AddRunbooks(dirs, names);
      break;
    }
    case SiteNameKind::kProbeTarget:
      names.AddKeys(Find(doc, {"probe", "targets"}), "check");
      break;
    case SiteNameKind::kScrapeSource:
      names.AddKeys(Find(doc, {"scrape", "sources"}));
      break;
    case SiteNameKind::kFailoverPath:
      names.AddMembers(Find(doc, {"failover", "paths"}), "name");
      break;
    case SiteNameKind::kFailoverRoute:
      names.AddMembers(Find(doc, {"failover", "routes"}), "name");
      break;
    case SiteNameKind::kOutboxQueue:
      names.AddKeys(Find(doc, {"outbox", "queues"}), "class");
      break;
    case SiteNameKind::kOutboxDestination:
      names.AddKeys(Find(doc, {"outbox", "destinations"}), "type");
      break;
    case SiteNameKind::kOutboxPeer:
      names.AddKeys(Find(doc, {"outbox", "peers"}), "url");
      break;
    case SiteNameKind::kGate:
      names.Add(StringAt(doc.find("token"), "gate"), "token.gate");
      break;
    case SiteNameKind::kKiosk:
      names.Add(StringAt(doc.find("price"), "kiosk"), "price.kiosk");
      names.Add(StringAt(doc.find("outbox"), "kiosk"), "outbox.kiosk");
      names.AddKeys(Find(doc, {"outbox", "peers"}), "url");
      break;
    case SiteNameKind::kBudgetResource:
      names.AddKeys(Find(doc, {"budget", "rates"}));
      break;
    case SiteNameKind::kEnergySource:
      AddEnergySources(Find(doc, {"budget", "budgets"}), names);
      break;
  }
  return names.Take();
}

std::vector<std::string> ShippedRunbookDirs() {
  std::vector<std::string> candidates;
  const std::string self = SelfDir();
  if (!self.empty()) candidates.push_back((fs::path(self) / ".." / "share" / "evt" / "runbooks").lexically_normal());
#ifdef EVT_RUNBOOK_SOURCE_DIR
  candidates.push_back(EVT_RUNBOOK_SOURCE_DIR);
#endif
  std::vector<std::string> dirs;
  std::error_code ec;
  for (const std::string& dir : candidates) {
    if (fs::is_directory(dir, ec)) {
      dirs.push_back(dir);
      break;  // an installed tree never mixes in the source's
    }
  }
  return dirs;
}

}  // namespace evt
