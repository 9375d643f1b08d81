// A synthetic transaction: HTTP steps run in order, sharing variables,
// captures and cookies, as read from a flow file (flow_file.h). What the
// flow runner (flow_runner.h) executes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/duration.h"
#include "common/secret.h"
#include "common/value.h"
#include "engine/flow/flow_body.h"
#include "engine/flow/flow_template.h"
#include "engine/probe/check.h"
#include "engine/probe/pattern.h"

namespace evt::probe {

// One comparison on the value at a JSON pointer of the response body.
struct JsonExpectation {
  enum class Op { kEquals, kNotEquals, kExists, kMatches, kLess, kLessOrEqual, kGreater, kGreaterOrEqual };
  std::string pointer;  // RFC 6901, "" for the whole body
  Op op = Op::kEquals;
  Value value;                       // kEquals/kNotEquals: strings hold templates; kExists: a bool
  std::optional<Template> text;      // kEquals/kNotEquals of a string: the value rendered per run
  std::optional<Pattern> pattern;    // kMatches
  double number = 0;                 // kLess ... kGreaterOrEqual
};

// "equals", "not_equals", "exists", "matches", "lt", "le", "gt", "ge".
const char* JsonOpName(JsonExpectation::Op op);

// Where a captured variable comes from.
struct Capture {
  enum class Source { kJson, kHeader, kRegex };
  std::string variable;
  Source source = Source::kJson;
  std::string pointer;           // kJson
  std::string header;            // kHeader, lowercase
  std::optional<Pattern> regex;  // kRegex, over the body
  std::size_t group = 1;         // kRegex
  bool url_encode = true;        // percent-encoded where it lands in a URL (flow_url.h)
};

struct FlowStep {
  std::string name;
  std::string method = "GET";
  Template url;
  std::vector<std::pair<Template, Template>> headers;  // name, value
  std::optional<FlowBody> body;
  Duration timeout{10000};
  bool always = false;  // runs even after an earlier step failed: cleanup
  HttpExpectations expect;  // status, body regex, header regexes (checked by the transfer)
  std::vector<JsonExpectation> json;
  std::optional<Duration> max_latency;
  std::vector<Capture> captures;
};

// TLS and routing settings shared by every step of a flow.
struct FlowConnection {
  bool insecure = false;
  std::string ca_file;
  std::vector<std::string> resolve;
  std::string interface;
  bool follow_redirects = false;
};

struct Flow {
  std::string name;  // the "name" key, else the file name without .json
  std::string path;  // the flow file, as given
  Duration timeout{60000};
  std::map<std::string, std::string> variables;
  std::map<std::string, Secret> secrets;
  FlowConnection connection;
  std::vector<FlowStep> steps;
};

}  // namespace evt::probe
