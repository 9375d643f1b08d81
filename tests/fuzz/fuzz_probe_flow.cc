// Feeds arbitrary bytes to evt-probe's flow file reader, as a site's flow
// file might hold them, and the bytes again as a response body to the
// step checks of whatever flow was read (captures, JSON comparisons), plus
// the template and JSON pointer parsers. Beyond "no crash, no hang, no
// sanitizer report" it checks what they promise: a flow read has steps
// with unique names, and a template renders its literal text unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "common/json_parse.h"
#include "engine/flow/flow_file.h"
#include "engine/flow/flow_step_checks.h"
#include "engine/flow/flow_template.h"
#include "engine/flow/json_pointer.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

const char* FuzzEnv(const char*) { return "fuzz-secret"; }

void CheckSteps(const evt::probe::Flow& flow, const std::string& body) {
  Require(!flow.steps.empty());
  std::set<std::string> names;
  evt::probe::ProbeResult response;
  response.ok = true;
  response.body = body;
  response.headers = {{"location", body.substr(0, 64)}};
  std::map<std::string, std::string> captured;
  for (const evt::probe::FlowStep& step : flow.steps) {
    Require(names.insert(step.name).second);
    evt::probe::CheckStepResponse(step, response, [](const std::string& n) { return n; }, captured);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  evt::probe::Template t = evt::probe::Template::Parse(input);
  if (t.References().empty() && input.find("{{") == std::string::npos)
    Require(t.Render([](const std::string&) { return std::string("?"); }) == input);
  evt::probe::SplitJsonPointer(input);
  evt::Result<evt::Value> document = evt::ParseJson(input, "fuzz.json");
  if (!document.ok()) return 0;
  evt::probe::ResolveJsonPointer(*document, "/steps/0/url");
  // A folder that does not exist: {"file": ...} secrets with relative
  // paths find nothing.
  evt::ConfigOrigin origin{"fuzz.json", "/nonexistent-evt-fuzz", FuzzEnv};
  evt::Result<evt::probe::Flow> flow = evt::probe::ParseFlow(*document, origin);
  if (flow.ok()) {
    CheckSteps(*flow, input);
  } else {
    Require(flow.status().code() == evt::ExitCode::kConfig);
    Require(flow.status().message().starts_with("fuzz.json"));
  }
  return 0;
}
