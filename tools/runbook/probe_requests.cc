#include "tools/runbook/probe_requests.h"

#include <algorithm>
#include <string_view>

#include "common/json_parse.h"

namespace evt::runbook {
namespace {

// Exactly these: probe sends a method as written, and "get" is not GET.
bool IsReadMethod(const std::string& method) { return method == "GET" || method == "HEAD"; }

// Options that change what is measured or printed, never what is sent or
// written (--format is -o's old spelling, kept while it parses). Not
// here: --data, --data-file (a body), --textfile (a file).
constexpr std::string_view kHarmless[] = {
    "--json", "--config", "--state-dir", "--on-error", "--errors-as-records", "-h", "--help",
    "--interval", "--fast-interval", "--count", "--watch", "--window", "--concurrency", "-o", "--output", "--format",
    "--timeout", "--interface", "-4", "--ipv4", "-6", "--ipv6", "--server", "--type",
    "-H", "--header", "--expect-status", "--expect-body", "--expect-header", "--resolve",
    "-L", "--follow", "-k", "--insecure", "--cacert", "--reuse", "--min-hit-ratio", "--name"};

bool OptionsOnlyRead(const CallPlan& plan) {
  for (const ParsedOption& option : plan.options) {
    if (option.name == "-X" || option.name == "--method") {
      if (!IsReadMethod(option.value)) return false;
    } else if (std::find(std::begin(kHarmless), std::end(kHarmless), option.name) == std::end(kHarmless)) {
      return false;
    }
  }
  return true;
}

bool FlowFileOnlyReads(const std::string& path) {
  Result<Value> flow = ParseJsonFile(path);
  if (!flow.ok() || !flow->is_object()) return false;
  const Value* steps = flow->find("steps");
  if (steps == nullptr || !steps->is_array()) return false;
  for (const Value& step : steps->as_array()) {
    if (!step.is_object()) return false;
    const Value* method = step.find("method");
    if (method != nullptr && (!method->is_string() || !IsReadMethod(method->as_string()))) return false;
  }
  return true;
}

bool TargetOnlyReads(const Value& target, const std::string& folder) {
  const Value* check = target.find("check");
  if (check == nullptr || !check->is_string()) return false;
  const std::string& kind = check->as_string();
  if (kind == "tcp" || kind == "dns") return true;
  if (kind == "http" || kind == "cdn") {
    const Value* method = target.find("method");
    bool reads = method == nullptr || (method->is_string() && IsReadMethod(method->as_string()));
    return reads && target.find("body") == nullptr;
  }
  const Value* flow = target.find("flow");
  if (kind != "flow" || flow == nullptr || !flow->is_string()) return false;
  const std::string& path = flow->as_string();
  return FlowFileOnlyReads(path.starts_with("/") ? path : folder + "/" + path);
}

bool TargetsOnlyRead(const std::vector<std::string>& named, const Config* config) {
  if (config == nullptr) return false;
  const Value* probe = config->document().find("probe");
  const Value* targets = probe != nullptr ? probe->find("targets") : nullptr;
  if (targets == nullptr || !targets->is_object()) return false;
  for (const auto& [name, target] : targets->as_object()) {
    bool probed = named.empty() || std::find(named.begin(), named.end(), name) != named.end();
    if (probed && !TargetOnlyReads(target, config->folder())) return false;
  }
  return std::all_of(named.begin(), named.end(), [&](const std::string& name) { return targets->find(name) != nullptr; });
}

}  // namespace

bool ProbeSendsOnlyReads(const CallPlan& plan, const Config* config) {
  const std::string& command = plan.command;
  if (command != "tcp" && command != "dns" && command != "http" && command != "cdn" && command != "flow" &&
      command != "run") {
    return false;
  }
  if (!OptionsOnlyRead(plan)) return false;
  if (command == "run") return TargetsOnlyRead(plan.operands, config);
  if (command != "flow") return true;
  if (plan.operands.empty()) return false;
  return std::all_of(plan.operands.begin(), plan.operands.end(),
                     [](const std::string& path) { return path != "-" && FlowFileOnlyReads(path); });
}

}  // namespace evt::runbook
