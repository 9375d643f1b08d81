#include "engine/flow/flow_file.h"

#include <filesystem>
#include <set>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/quoted.h"
#include "engine/flow/json_pointer.h"
#include "engine/probe/headers.h"

namespace evt::probe {
namespace {

constexpr std::size_t kMaxSteps = 100;

bool IsName(std::string_view name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') || name[0] == '_'))
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

const char* kNameRule = "expected a name of letters, digits, \"_\" and \"-\", starting with a letter or \"_\"";

// Reads a flow, tracking which variables a step may refer to: the flow's
// variables and secrets, the builtins, and what earlier steps capture.
class FlowReader {
 public:
  explicit FlowReader(Flow& flow) : flow_(flow) {
    for (const char* name : kBuiltinVariables) known_.insert(name);
  }

  Status Read(const ConfigObject& top) {
    EVT_RETURN_IF_ERROR(ReadHeader(top));
    EVT_RETURN_IF_ERROR(ReadVariables(top));
    EVT_RETURN_IF_ERROR(ReadSecrets(top));
    EVT_RETURN_IF_ERROR(ReadConnection(top));
    Result<std::vector<ConfigObject>> steps = top.ObjectArray("steps");
    if (!steps.ok()) return steps.status();
    if (steps->empty()) return top.Error("steps", "expected at least one step");
    if (steps->size() > kMaxSteps) return top.Error("steps", "at most " + std::to_string(kMaxSteps) + " steps");
    std::set<std::string> step_names;
    for (const ConfigObject& o : *steps) {
      FlowStep step;
      EVT_RETURN_IF_ERROR(ReadStep(o, step));
      if (!step_names.insert(step.name).second) return o.Error("name", "a second step named \"" + step.name + "\"");
      flow_.steps.push_back(std::move(step));
    }
    return top.Finish();
  }

 private:
  Status ReadHeader(const ConfigObject& top) {
    Result<std::string> name = top.String("name", std::filesystem::path(flow_.path).stem().string());
    if (!name.ok()) return name.status();
    if (name->empty()) return top.Error("name", "expected a non-empty name");
    flow_.name = *name;
    Result<Duration> timeout = top.Duration("timeout", Duration(60000));
    if (!timeout.ok()) return timeout.status();
    if (timeout->count() <= 0) return top.Error("timeout", "must be more than 0s");
    flow_.timeout = *timeout;
    return Status::Ok();
  }

  Status Define(const ConfigObject& o, const std::string& name) {
    if (!IsName(name)) return o.Error(name, std::string(kNameRule) + ", got " + QuotedForMessage(name));
    if (!known_.insert(name).second) return o.Error(name, "\"" + name + "\" is already a variable, secret or capture");
    return Status::Ok();
  }

  Status ReadVariables(const ConfigObject& top) {
    Result<std::optional<ConfigObject>> vars = top.OptionalObject("variables");
    if (!vars.ok()) return vars.status();
    if (!*vars) return Status::Ok();
    for (const std::string& name : (*vars)->Keys()) {
      EVT_RETURN_IF_ERROR(Define(**vars, name));
      Result<std::string> value = (*vars)->String(name);
      if (!value.ok()) return value.status();
      flow_.variables[name] = *value;
    }
    return Status::Ok();
  }

  Status ReadSecrets(const ConfigObject& top) {
    Result<std::optional<ConfigObject>> secrets = top.OptionalObject("secrets");
    if (!secrets.ok()) return secrets.status();
    if (!*secrets) return Status::Ok();
    for (const std::string& name : (*secrets)->Keys()) {
      EVT_RETURN_IF_ERROR(Define(**secrets, name));
      Result<Secret> secret = (*secrets)->Secret(name);
      if (!secret.ok()) return secret.status();
      flow_.secrets.emplace(name, std::move(*secret));
    }
    return Status::Ok();
  }

  Status ReadConnection(const ConfigObject& top) {
    FlowConnection& c = flow_.connection;
    Result<bool> insecure = top.Bool("insecure", false);
    Result<bool> follow = top.Bool("follow_redirects", false);
    Result<std::optional<std::string>> ca_file = top.OptionalPath("ca_file");
    Result<std::vector<std::string>> resolve = top.StringArray("resolve", {});
    Result<std::string> interface = top.String("interface", "");
    for (const Status* s : {&insecure.status(), &follow.status(), &ca_file.status(), &resolve.status(),
                            &interface.status()})
      if (!s->ok()) return *s;
    c.insecure = *insecure;
    c.follow_redirects = *follow;
    if (*ca_file) c.ca_file = **ca_file;
    c.resolve = *resolve;
    c.interface = *interface;
    return Status::Ok();
  }

  // A template whose every reference is known at this point of the flow.
  Result<Template> ReadTemplate(const ConfigObject& o, const std::string& key, const std::string& text) {
    Template t = Template::Parse(text);
    EVT_RETURN_IF_ERROR(CheckKnown(o, key, t.References()));
    return t;
  }

  Status CheckKnown(const ConfigObject& o, const std::string& key, const std::vector<std::string>& names) const {
    for (const std::string& name : names)
      if (!known_.contains(name))
        return o.Error(key, "{" + name + "}: no variable, secret or earlier step's capture has this name");
    return Status::Ok();
  }

  Status ReadRequest(const ConfigObject& o, FlowStep& step) {
    Result<std::string> method = o.String("method", "GET");
    if (!method.ok()) return method.status();
    if (method->empty() || method->find_first_of(" \t\r\n") != std::string::npos)
      return o.Error("method", "expected an HTTP method such as GET or POST, got " + QuotedForMessage(*method));
    step.method = *method;
    Result<std::string> url = o.String("url");
    if (!url.ok()) return url.status();
    Result<Template> url_template = ReadTemplate(o, "url", *url);
    if (!url_template.ok()) return url_template.status();
    step.url = std::move(*url_template);
    EVT_RETURN_IF_ERROR(ReadHeaders(o, step));
    return ReadBody(o, step);
  }

  Status ReadHeaders(const ConfigObject& o, FlowStep& step) {
    Result<std::optional<ConfigObject>> headers = o.OptionalObject("headers");
    if (!headers.ok()) return headers.status();
    if (!*headers) return Status::Ok();
    for (const std::string& name : (*headers)->Keys()) {
      if (name.empty() || name.find_first_of(": \t\r\n") != std::string::npos)
        return (*headers)->Error(name, "expected a header name, without \":\" or spaces");
      Result<std::string> value = (*headers)->String(name);
      if (!value.ok()) return value.status();
      if (value->find_first_of("\r\n") != std::string::npos)
        return (*headers)->Error(name, "a header value cannot hold a line break");
      Result<Template> v = ReadTemplate(**headers, name, *value);
      if (!v.ok()) return v.status();
      step.headers.emplace_back(Template::Parse(name), std::move(*v));
    }
    return Status::Ok();
  }

  static bool IsFormBody(const FlowStep& step) {
    for (const auto& [name, value] : step.headers)
      if (ToLower(name.source()) == "content-type" &&
          ToLower(TrimSpaces(value.source())).starts_with("application/x-www-form-urlencoded"))
        return true;
    return false;
  }

  // A string is sent as it is (a form's captured values encoded); an object or array as its JSON, with a
  // Content-Type of application/json unless the step sets one.
  Status ReadBody(const ConfigObject& o, FlowStep& step) {
    const Value* body = o.Raw("body");
    if (body == nullptr) return Status::Ok();
    if (body->is_string()) {
      Result<Template> t = ReadTemplate(o, "body", body->as_string());
      if (!t.ok()) return t.status();
      step.body = FlowBody::Text(std::move(*t), IsFormBody(step));
      return Status::Ok();
    }
    if (!body->is_object() && !body->is_array())
      return o.Error("body", std::string("expected a string, an object or an array, got ") +
                                 std::string(body->type_name()));
    // Written once now, so a body JSON cannot carry fails when the file is read.
    Result<std::string> json = ToJson(*body);
    if (!json.ok()) return o.Error("body", json.status().message());
    FlowBody tree = FlowBody::Json(*body);
    EVT_RETURN_IF_ERROR(CheckKnown(o, "body", tree.References()));
    step.body = std::move(tree);
    bool has_type = false;
    for (const auto& [name, value] : step.headers) has_type = has_type || ToLower(name.source()) == "content-type";
    if (!has_type) step.headers.emplace_back(Template::Parse("Content-Type"), Template::Parse("application/json"));
    return Status::Ok();
  }

  Status ReadStep(const ConfigObject& o, FlowStep& step) {
    Result<std::string> name = o.String("name");
    if (!name.ok()) return name.status();
    if (name->empty()) return o.Error("name", "expected a non-empty step name");
    step.name = *name;
    Result<Duration> timeout = o.Duration("timeout", Duration(10000));
    if (!timeout.ok()) return timeout.status();
    if (timeout->count() <= 0) return o.Error("timeout", "must be more than 0s");
    step.timeout = *timeout;
    Result<bool> always = o.Bool("always", false);
    if (!always.ok()) return always.status();
    step.always = *always;
    EVT_RETURN_IF_ERROR(ReadRequest(o, step));
    Result<std::optional<ConfigObject>> expect = o.OptionalObject("expect");
    if (!expect.ok()) return expect.status();
    if (*expect) EVT_RETURN_IF_ERROR(ReadExpect(**expect, step));
    Result<std::optional<ConfigObject>> captures = o.OptionalObject("capture");
    if (!captures.ok()) return captures.status();
    if (*captures) EVT_RETURN_IF_ERROR(ReadCaptures(**captures, step));
    return Status::Ok();
  }

  static Result<Pattern> ReadPattern(const ConfigObject& o, const std::string& key, bool groups) {
    Result<std::string> text = o.String(key);
    if (!text.ok()) return text.status();
    Result<Pattern> p = groups ? Pattern::CompileWithGroups(*text) : Pattern::Compile(*text);
    if (!p.ok()) return o.Error(key, p.status().message());
    return p;
  }

  static Status CheckPointer(const ConfigObject& o, const std::string& key, const std::string& pointer) {
    if (SplitJsonPointer(pointer)) return Status::Ok();
    return o.Error(key, "expected a JSON pointer such as \"/id\" or \"/items/0/sku\", got " + QuotedForMessage(pointer));
  }

  Status ReadExpect(const ConfigObject& e, FlowStep& step) {
    Result<std::string> status = e.String("status", "2xx");
    if (!status.ok()) return status.status();
    Result<std::vector<StatusRange>> ranges = ParseStatusRanges(*status);
    if (!ranges.ok()) return e.Error("status", ranges.status().message());
    step.expect.status = *ranges;
    if (e.Has("body")) {
      Result<Pattern> body = ReadPattern(e, "body", false);
      if (!body.ok()) return body.status();
      step.expect.body = *body;
    }
    Result<std::optional<ConfigObject>> headers = e.OptionalObject("headers");
    if (!headers.ok()) return headers.status();
    if (*headers) {
      for (const std::string& name : (*headers)->Keys()) {
        Result<Pattern> p = ReadPattern(**headers, name, false);
        if (!p.ok()) return p.status();
        step.expect.headers.emplace_back(ToLower(name), *p);
      }
    }
    Result<std::optional<evt::Duration>> latency = OptionalDuration(e, "max_latency");
    if (!latency.ok()) return latency.status();
    step.max_latency = *latency;
    Result<std::optional<ConfigObject>> json = e.OptionalObject("json");
    if (!json.ok()) return json.status();
    if (*json)
      for (const std::string& pointer : (*json)->Keys()) EVT_RETURN_IF_ERROR(ReadJsonExpectation(**json, pointer, step));
    return Status::Ok();
  }

  static Result<std::optional<evt::Duration>> OptionalDuration(const ConfigObject& o, const std::string& key) {
    if (!o.Has(key)) return std::optional<evt::Duration>();
    Result<evt::Duration> d = o.Duration(key);
    if (!d.ok()) return d.status();
    if (d->count() <= 0) return o.Error(key, "must be more than 0s");
    return std::optional<evt::Duration>(*d);
  }

  // "/path": {"equals": V, "lt": 3, ...}: every comparison given must hold.
  Status ReadJsonExpectation(const ConfigObject& json, const std::string& pointer, FlowStep& step) {
    EVT_RETURN_IF_ERROR(CheckPointer(json, pointer, pointer));
    Result<ConfigObject> o = json.Object(pointer);
    if (!o.ok()) return o.status();
    using Op = JsonExpectation::Op;
    std::size_t before = step.json.size();
    for (Op op : {Op::kEquals, Op::kNotEquals, Op::kExists, Op::kMatches, Op::kLess, Op::kLessOrEqual, Op::kGreater,
                  Op::kGreaterOrEqual}) {
      const char* key = JsonOpName(op);
      if (!o->Has(key)) continue;
      JsonExpectation x;
      x.pointer = pointer;
      x.op = op;
      if (op == Op::kEquals || op == Op::kNotEquals) {
        x.value = *o->Raw(key);
        if (x.value.is_string()) {
          Result<Template> t = ReadTemplate(*o, key, x.value.as_string());
          if (!t.ok()) return t.status();
          x.text = std::move(*t);
        }
      } else if (op == Op::kExists) {
        Result<bool> b = o->Bool(key);
        if (!b.ok()) return b.status();
        x.value = *b;
      } else if (op == Op::kMatches) {
        Result<Pattern> p = ReadPattern(*o, key, false);
        if (!p.ok()) return p.status();
        x.pattern = *p;
      } else {
        Result<double> n = o->Number(key);
        if (!n.ok()) return n.status();
        x.number = *n;
      }
      step.json.push_back(std::move(x));
    }
    if (step.json.size() == before)
      return o->Error("expected at least one of equals, not_equals, exists, matches, lt, le, gt, ge");
    return o->Finish();
  }

  Status ReadCaptures(const ConfigObject& captures, FlowStep& step) {
    for (const std::string& variable : captures.Keys()) {
      Result<ConfigObject> o = captures.Object(variable);
      if (!o.ok()) return o.status();
      Capture c;
      c.variable = variable;
      int sources = o->Has("json") + o->Has("header") + o->Has("regex");
      if (sources != 1) return o->Error("expected exactly one of \"json\", \"header\" or \"regex\"");
      if (o->Has("json")) {
        Result<std::string> pointer = o->String("json");
        if (!pointer.ok()) return pointer.status();
        EVT_RETURN_IF_ERROR(CheckPointer(*o, "json", *pointer));
        c.source = Capture::Source::kJson;
        c.pointer = *pointer;
      } else if (o->Has("header")) {
        Result<std::string> header = o->String("header");
        if (!header.ok()) return header.status();
        c.source = Capture::Source::kHeader;
        c.header = ToLower(*header);
      } else {
        Result<Pattern> p = ReadPattern(*o, "regex", true);
        if (!p.ok()) return p.status();
        Result<std::int64_t> group = o->Int("group", 1);
        if (!group.ok()) return group.status();
        if (*group < 1 || static_cast<std::size_t>(*group) > p->groups())
          return o->Error("group", "the pattern has " + std::to_string(p->groups()) + " group(s); expected 1 to " +
                                       std::to_string(p->groups()) + ", got " + std::to_string(*group));
        c.source = Capture::Source::kRegex;
        c.regex = *p;
        c.group = static_cast<std::size_t>(*group);
      }
      Result<bool> url_encode = o->Bool("url_encode", true);
      if (!url_encode.ok()) return url_encode.status();
      c.url_encode = *url_encode;
      EVT_RETURN_IF_ERROR(o->Finish());
      // Defined after the step's own templates were read: a step cannot use
      // what it captures itself.
      EVT_RETURN_IF_ERROR(Define(captures, variable));
      step.captures.push_back(std::move(c));
    }
    return Status::Ok();
  }

  Flow& flow_;
  std::set<std::string> known_;
};

}  // namespace

const char* JsonOpName(JsonExpectation::Op op) {
  using Op = JsonExpectation::Op;
  switch (op) {
    case Op::kEquals: return "equals";
    case Op::kNotEquals: return "not_equals";
    case Op::kExists: return "exists";
    case Op::kMatches: return "matches";
    case Op::kLess: return "lt";
    case Op::kLessOrEqual: return "le";
    case Op::kGreater: return "gt";
    case Op::kGreaterOrEqual: return "ge";
  }
  return "?";
}

Result<Flow> ParseFlow(const Value& document, const ConfigOrigin& origin) {
  Result<ConfigObject> top = ConfigObject::FromValue(document, "", origin);
  if (!top.ok()) return top.status();
  Flow flow;
  flow.path = origin.file;
  FlowReader reader(flow);
  EVT_RETURN_IF_ERROR(reader.Read(*top));
  return flow;
}

Result<Flow> ReadFlowFile(const std::string& path, const EnvLookup& env) {
  Result<Value> document = ParseJsonFile(path);
  if (!document.ok()) {
    if (document.status().code() == ExitCode::kNoInput) return document.status();
    return Status::Config(document.status().message());
  }
  std::error_code ignored;
  std::filesystem::path absolute = std::filesystem::absolute(path, ignored);
  ConfigOrigin origin{path, absolute.parent_path().string(), env};
  return ParseFlow(*document, origin);
}

}  // namespace evt::probe
