#include "tools/scrape/command_context.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "common/json_writer.h"
#include "common/number_text.h"
#include "common/output_mode.h"
#include "common/process_state.h"
#include "common/state_dir.h"
#include "common/state_root.h"
#include "common/table.h"
#include "tools/scrape/metric_output.h"
#include "tools/scrape/render.h"

namespace evt::scrape {
namespace {

std::string HumanValue(const OutSample& s) { return ShortestText(s.value); }

std::string LabelText(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

}  // namespace

Result<Loaded> Load(const Options& options) {
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(options.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  EVT_ASSIGN_OR_RETURN(ScrapeConfig scrape, ReadScrapeConfig(config));
  Loaded loaded{std::move(scrape), std::nullopt, ""};
  EVT_ASSIGN_OR_RETURN(loaded.state_dir, ResolveStateDir(options.common));
  EVT_ASSIGN_OR_RETURN(SessionStore store, SessionStore::Open(loaded.state_dir));
  loaded.store.emplace(std::move(store));
  return loaded;
}

Result<std::vector<const Source*>> Chosen(const ScrapeConfig& config, const std::vector<std::string>& names) {
  std::vector<const Source*> out;
  std::string known;
  for (const Source& s : config.sources) known += (known.empty() ? "" : ", ") + s.name;
  if (config.sources.empty()) return Status::Config("scrape.sources: no sources in the config");
  if (names.empty()) {
    for (const Source& s : config.sources) out.push_back(&s);
    return out;
  }
  for (const std::string& name : names) {
    auto it = std::find_if(config.sources.begin(), config.sources.end(), [&](const Source& s) { return s.name == name; });
    if (it == config.sources.end()) return Status::Usage("no source named \"" + name + "\" in scrape.sources (known: " + known + ")");
    out.push_back(&*it);
  }
  return out;
}

Result<FetchEnv> MakeEnv(HttpClient& http, Loaded& loaded, const Options& options) {
  FetchEnv env{http, loaded.store ? &*loaded.store : nullptr, options.insecure,
               [](std::chrono::milliseconds d) { return SleepUnlessStopRequested(d); }, ""};
  if (options.render) {
    EVT_ASSIGN_OR_RETURN(env.renderer, FindRenderer());
  }
  return env;
}

void PrintTable(const std::vector<ScrapeOutcome>& outcomes) {
  Table t;
  t.AddColumn("source", {.fit = Fit::kMiddle, .priority = Priority::kHigh});
  t.AddColumn("metric", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  t.AddColumn("labels", {.fit = Fit::kWrap, .priority = Priority::kLow});
  t.AddColumn("value", {.align = Align::kRight, .priority = Priority::kKey});
  for (const ScrapeOutcome& o : outcomes) {
    Status read = ForEachSample(o, [&](const OutSample& s) {
      t.AddRow({o.source, s.name, LabelText(s.labels), HumanValue(s)});
      return Status::Ok();
    });
    if (!read.ok()) PrintError(read.message());
    t.AddRow({o.source, "up", "", {o.up ? "1" : "0", o.up ? Style::kOk : Style::kBad}});
  }
  std::cout << t.Render(ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO));
}

}  // namespace evt::scrape
