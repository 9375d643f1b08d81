#include "tools/probe/flow_runner.h"

#include <curl/curl.h>

#include <map>
#include <memory>
#include <set>

#include "common/process_state.h"
#include "engine/probe/headers.h"
#include "tools/probe/flow_step_checks.h"
#include "tools/probe/flow_url.h"

namespace evt::probe {
namespace {

constexpr std::chrono::milliseconds kPollWait{50};

struct ShareDeleter {
  void operator()(CURLSH* share) const { curl_share_cleanup(share); }
};
using CookieShare = std::unique_ptr<CURLSH, ShareDeleter>;

// One jar per run: a session cookie set by the login step reaches the
// checkout step, and never the next run.
CookieShare NewCookieJar() {
  CookieShare share(curl_share_init());
  if (share) curl_share_setopt(share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
  return share;
}

// Every occurrence of a secret's bytes replaced by its redacted name, so
// no message or URL in a record carries one (a server may echo a token in
// an error, libcurl may name a host).
std::string Scrubbed(std::string text, const Flow& flow) {
  for (const auto& [name, secret] : flow.secrets) {
    const std::string& bytes = secret.bytes();
    if (bytes.empty()) continue;
    std::string redacted = secret.Redacted();
    for (std::size_t at = text.find(bytes); at != std::string::npos; at = text.find(bytes, at + redacted.size()))
      text.replace(at, bytes.size(), redacted);
  }
  return text;
}

// The response was for checks and captures; a record carries neither, and
// names the URL with its secrets redacted.
void ForRecord(ProbeResult& r, const std::string& url) {
  r.subject = url;
  r.headers.clear();
  r.body.clear();
}

class Runner {
 public:
  Runner(const Flow& flow, ProbeEngine& engine, const Clock& clock, std::int64_t run)
      : flow_(flow), engine_(engine), clock_(clock) {
    values_["run"] = std::to_string(run);
    for (const auto& [name, value] : flow.variables) values_[name] = value;
    for (const FlowStep& step : flow.steps)
      for (const Capture& c : step.captures) capture_as_is_[c.variable] = !c.url_encode;
    named_origins_ = NamedOrigins();
  }

  bool timed_out() const { return timed_out_; }

  void Go(FlowResult& result) {
    auto start = clock_.Monotonic();
    deadline_ = start + flow_.timeout;
    jar_ = NewCookieJar();
    for (const FlowStep& step : flow_.steps) {
      StepResult s = RunStep(step, result);
      if (s.outcome == StepOutcome::kFailed && result.ok) {
        result.ok = false;
        result.failed_step = s.name;
        result.error = s.error;
      }
      result.steps.push_back(std::move(s));
    }
    result.total_ms = std::chrono::duration<double, std::milli>(clock_.Monotonic() - start).count();
  }

 private:
  std::string Lookup(const std::string& name, bool for_record) const {
    if (auto it = values_.find(name); it != values_.end()) return it->second;
    if (auto it = flow_.secrets.find(name); it != flow_.secrets.end())
      return for_record ? it->second.Redacted() : it->second.bytes();
    // A capture this run never made: a record shows what was missing.
    return for_record ? "{" + name + "}" : "";
  }

  UrlValue UrlLookup(const std::string& name, bool for_record) const {
    UrlValue v{Lookup(name, for_record)};
    auto it = capture_as_is_.find(name);
    // A record shows a capture the run never made as "{name}", unencoded.
    if (it != capture_as_is_.end() && !(for_record && !values_.contains(name))) {
      v.captured = true;
      v.as_is = it->second;
    }
    return v;
  }

  // The origins the flow file's own text gives its steps' URLs (up to the
  // first captured value): where its secrets may go.
  std::set<std::string> NamedOrigins() const {
    std::set<std::string> origins;
    for (const FlowStep& step : flow_.steps) {
      RenderedUrl r = RenderFlowUrl(step.url, [this](const std::string& n) { return UrlLookup(n, false); });
      if (auto origin = UrlOrigin(r.first_capture ? r.fixed_prefix : r.url)) origins.insert(*origin);
    }
    return origins;
  }

  // The names the step's request is made of: its URL, headers and body.
  static std::vector<std::string> RequestReferences(const FlowStep& step) {
    std::vector<std::string> names = step.url.References();
    for (const auto& [name, value] : step.headers)
      for (const Template* t : {&name, &value}) {
        std::vector<std::string> more = t->References();
        names.insert(names.end(), more.begin(), more.end());
      }
    if (step.body) {
      std::vector<std::string> more = step.body->References();
      names.insert(names.end(), more.begin(), more.end());
    }
    return names;
  }

  bool ReferencesSecret(const Template& t) const {
    for (const std::string& name : t.References())
      if (flow_.secrets.contains(name)) return true;
    return false;
  }

  bool SendsSecrets(const FlowStep& step) const {
    for (const std::string& name : RequestReferences(step))
      if (flow_.secrets.contains(name)) return true;
    return false;
  }

  // The first name the step refers to that has no value in this run (a
  // capture of a step that failed or was skipped), or "".
  std::string Unbound(const FlowStep& step) const {
    std::vector<std::string> names = RequestReferences(step);
    for (const JsonExpectation& x : step.json)
      if (x.text) {
        std::vector<std::string> more = x.text->References();
        names.insert(names.end(), more.begin(), more.end());
      }
    for (const std::string& name : names)
      if (!values_.contains(name) && !flow_.secrets.contains(name)) return name;
    return "";
  }

  Check MakeCheck(const FlowStep& step, Duration timeout, std::string& error) const {
    auto send = [this](const std::string& name) { return Lookup(name, false); };
    Check check;
    check.target = flow_.name;
    check.timeout = timeout;
    HttpSpec& http = check.http;
    RenderedUrl url = RenderFlowUrl(step.url, [this](const std::string& n) { return UrlLookup(n, false); });
    error = CheckCapturedOrigin(url, SendsSecrets(step), named_origins_);
    http.url = std::move(url.url);
    http.method = step.method;
    for (const auto& [name, value] : step.headers) {
      std::string rendered_name = name.Render(send);
      if (ReferencesSecret(name) || ReferencesSecret(value)) http.secret_headers.push_back(ToLower(rendered_name));
      std::string line = rendered_name + ": " + value.Render(send);
      // A captured value must not smuggle in a header of its own.
      if (line.find_first_of("\r\n") != std::string::npos && error.empty())
        error = "header " + name.source() + ": a captured value holds a line break";
      http.headers.push_back(std::move(line));
    }
    if (step.body) {
      auto encoded = [this](const std::string& name) {
        auto it = capture_as_is_.find(name);
        return it != capture_as_is_.end() && !it->second;
      };
      Result<std::string> body = step.body->Render(send, encoded);
      if (body.ok()) http.body = std::move(*body);
      else if (error.empty()) error = "body: " + body.status().message();
    }
    http.follow_redirects = flow_.connection.follow_redirects;
    http.insecure = flow_.connection.insecure;
    http.ca_file = flow_.connection.ca_file;
    http.resolve = flow_.connection.resolve;
    http.interface = flow_.connection.interface;
    http.expect = step.expect;
    http.keep_response = true;
    http.cookie_share = jar_.get();
    return check;
  }

  ProbeResult Transfer(const Check& check) {
    std::optional<ProbeResult> done;
    engine_.Start(check, [&done](ProbeResult r) { done = std::move(r); });
    while (!done) engine_.Poll(kPollWait);
    return std::move(*done);
  }

  StepResult RunStep(const FlowStep& step, const FlowResult& so_far) {
    StepResult s;
    s.name = step.name;
    s.method = step.method;
    s.always = step.always;
    s.url = Scrubbed(RenderFlowUrl(step.url, [this](const std::string& n) { return UrlLookup(n, true); }).url, flow_);
    bool cleanup = !so_far.ok;
    if (cleanup && !step.always) return s;  // skipped
    // A stop ends the run as a failure, so its cleanup steps still run.
    if (!cleanup && StopRequested()) return Failed(s, "stopped by a signal before this step", false);
    if (std::string name = Unbound(step); !name.empty()) {
      s.error = "needs {" + name + "}, which no step of this run captured";
      return s;
    }
    Duration timeout = step.timeout;
    bool bounded_by_flow = false;
    if (!cleanup) {
      auto left = std::chrono::ceil<Duration>(deadline_ - clock_.Monotonic());
      if (left.count() <= 0) return Failed(s, "flow timeout after " + std::to_string(flow_.timeout.count()) +
                                                  " ms, before this step started", true);
      if (left < timeout) {
        timeout = left;
        bounded_by_flow = true;
      }
    }
    std::string setup_error;
    Check check = MakeCheck(step, timeout, setup_error);
    if (!setup_error.empty()) return Failed(s, setup_error, false);
    ProbeResult r = Transfer(check);
    if (!r.ok) {
      bool timed_out = bounded_by_flow && r.error.starts_with("timeout after");
      std::string error = timed_out ? "flow timeout after " + std::to_string(flow_.timeout.count()) + " ms (" +
                                          r.error + ")"
                                    : r.error;
      s.probe = std::move(r);
      return Failed(s, error, timed_out);
    }
    std::string error =
        CheckStepResponse(step, r, [this](const std::string& n) { return Lookup(n, false); }, values_);
    s.probe = std::move(r);
    if (!error.empty()) return Failed(s, error, false);
    s.outcome = StepOutcome::kOk;
    ForRecord(*s.probe, s.url);
    return s;
  }

  StepResult Failed(StepResult& s, const std::string& error, bool timed_out) {
    s.outcome = StepOutcome::kFailed;
    s.error = Scrubbed(error, flow_);
    if (s.probe) {
      s.probe->error = s.error;
      ForRecord(*s.probe, s.url);
    }
    timed_out_ = timed_out_ || timed_out;
    return std::move(s);
  }

  const Flow& flow_;
  ProbeEngine& engine_;
  const Clock& clock_;
  std::map<std::string, std::string> values_;  // variables, builtins and captures
  std::map<std::string, bool> capture_as_is_;  // every capture's name: put into URLs unencoded?
  std::set<std::string> named_origins_;
  std::chrono::steady_clock::time_point deadline_{};
  CookieShare jar_;
  bool timed_out_ = false;
};

}  // namespace

const char* StepOutcomeName(StepOutcome outcome) {
  switch (outcome) {
    case StepOutcome::kOk: return "ok";
    case StepOutcome::kFailed: return "failed";
    case StepOutcome::kSkipped: return "skipped";
  }
  return "?";
}

FlowResult RunFlowOnce(const Flow& flow, const std::string& target, std::int64_t run, ProbeEngine& engine,
                       const Clock& clock) {
  FlowResult result;
  result.target = target.empty() ? flow.name : target;
  result.flow = flow.name;
  result.run = run;
  result.started = clock.Now();
  result.ok = true;
  Runner runner(flow, engine, clock, run);
  runner.Go(result);
  result.timed_out = runner.timed_out();
  return result;
}

}  // namespace evt::probe
