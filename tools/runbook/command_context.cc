#include "tools/runbook/command_context.h"

#include <cstdlib>

#include "common/machine_clock.h"
#include "common/time_format.h"

namespace evt::runbook {

Result<SiteConfig> LoadSiteConfig(const CommonOptions& common) {
  SiteConfig site;
  Result<std::string> path = FindConfigFile(common.config);
  if (!path.ok()) {
    const char* env = std::getenv("EVT_CONFIG");
    bool asked = !common.config.empty() || (env != nullptr && *env != '\0');
    if (asked || path.status().code() != ExitCode::kConfig) return path.status();
    return site;
  }
  Result<Config> config = LoadConfig(*path);
  if (!config.ok()) return config.status();
  Result<Settings> settings = ReadSettings(*config);
  if (!settings.ok()) return settings.status();
  site.config.emplace(std::move(*config));
  site.settings = std::move(*settings);
  return site;
}

Value InfoRecord(const RunbookFile& file, const RunbookHeader& header) {
  Value record = Value::object({{"kind", "runbook.info"}, {"v", 1}, {"ts", FormatRfc3339(MachineClock().Now())},
                                {"name", file.name},     {"path", file.path}, {"hash", file.hash}});
  Value fields = HeaderFields(header);
  for (const auto& [key, value] : fields.as_object()) record.set(key, value);
  return record;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace evt::runbook
