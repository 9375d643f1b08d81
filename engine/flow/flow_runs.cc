#include "engine/flow/flow_runs.h"

#include <curl/curl.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "common/process_state.h"
#include "engine/flow/flow_step_checks.h"
#include "engine/flow/flow_url.h"
#include "engine/probe/headers.h"

namespace evt::probe {
namespace {

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

}  // namespace

// One run's state from its first step to its last. Steps that send nothing
// are decided at once; a step that sends a request waits for the runner's
// callback, which holds the run alive and goes on with the next step.
class FlowRuns::Run : public std::enable_shared_from_this<Run> {
 public:
  Run(FlowRuns& owner, std::uint64_t id, const Flow& flow, std::int64_t run, Done done, StepDone on_step)
      : owner_(&owner), id_(id), flow_(flow), runner_(owner.runner_), clock_(owner.clock_), done_(std::move(done)),
        on_step_(std::move(on_step)) {
    values_["run"] = std::to_string(run);
    for (const auto& [name, value] : flow.variables) values_[name] = value;
    for (const FlowStep& step : flow.steps)
      for (const Capture& c : step.captures) capture_as_is_[c.variable] = !c.url_encode;
    named_origins_ = NamedOrigins();
  }

  // After this the run calls nothing back: its owner is gone.
  void Orphan() { owner_ = nullptr; }

  void Begin(const std::string& target, std::int64_t run) {
    result_.target = target.empty() ? flow_.name : target;
    result_.flow = flow_.name;
    result_.run = run;
    result_.started = clock_.Now();
    result_.ok = true;
    start_ = clock_.Monotonic();
    deadline_ = start_ + flow_.timeout;
    jar_ = NewCookieJar();
    Advance();
  }

 private:
  // Decides steps until one sends a request (then returns: its callback
  // goes on) or none is left (then finishes the run).
  void Advance() {
    while (next_step_ < flow_.steps.size()) {
      const FlowStep& step = flow_.steps[next_step_++];
      if (std::optional<StepResult> decided = PrepareStep(step)) {
        Record(std::move(*decided));
        continue;
      }
      // Nothing of this run may be touched after Start: it may have run
      // the callback, and with it the rest of the run, already.
      runner_.Start(checks_.back(), [self = shared_from_this()](ProbeResult r) { self->OnResponse(std::move(r)); });
      return;
    }
    Finish();
  }

  void OnResponse(ProbeResult response) {
    if (owner_ == nullptr) return;
    Record(JudgeStep(flow_.steps[next_step_ - 1], std::move(response)));
    Advance();
  }

  void Record(StepResult s) {
    if (s.outcome == StepOutcome::kFailed && result_.ok) {
      result_.ok = false;
      result_.failed_step = s.name;
      result_.error = s.error;
    }
    result_.steps.push_back(std::move(s));
    if (on_step_) on_step_(result_, result_.steps.back());
  }

  void Finish() {
    result_.total_ms = std::chrono::duration<double, std::milli>(clock_.Monotonic() - start_).count();
    result_.timed_out = timed_out_;
    if (owner_ != nullptr) owner_->Finished(id_, std::move(done_), std::move(result_));
  }

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

  // The step's result when it sends nothing (skipped, refused, stopped,
  // out of time); else nullopt, with its request in checks_.back().
  std::optional<StepResult> PrepareStep(const FlowStep& step) {
    StepResult s;
    s.name = step.name;
    s.method = step.method;
    s.always = step.always;
    s.url = Scrubbed(RenderFlowUrl(step.url, [this](const std::string& n) { return UrlLookup(n, true); }).url, flow_);
    bool cleanup = !result_.ok;
    if (cleanup && !step.always) return s;  // skipped
    // A stop ends the run as a failure, so its cleanup steps still run.
    if (!cleanup && StopRequested()) return Failed(s, "stopped by a signal before this step", false);
    if (std::string name = Unbound(step); !name.empty()) {
      s.error = "needs {" + name + "}, which no step of this run captured";
      return s;
    }
    Duration timeout = step.timeout;
    bounded_by_flow_ = false;
    if (!cleanup) {
      auto left = std::chrono::ceil<Duration>(deadline_ - clock_.Monotonic());
      if (left.count() <= 0) return Failed(s, "flow timeout after " + std::to_string(flow_.timeout.count()) +
                                                  " ms, before this step started", true);
      if (left < timeout) {
        timeout = left;
        bounded_by_flow_ = true;
      }
    }
    std::string setup_error;
    Check check = MakeCheck(step, timeout, setup_error);
    if (!setup_error.empty()) return Failed(s, setup_error, false);
    checks_.push_back(std::move(check));
    sending_ = std::move(s);
    return std::nullopt;
  }

  StepResult JudgeStep(const FlowStep& step, ProbeResult r) {
    StepResult s = std::move(sending_);
    if (!r.ok) {
      bool timed_out = bounded_by_flow_ && r.error.starts_with("timeout after");
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

  FlowRuns* owner_;  // null once the owner is gone
  std::uint64_t id_;
  const Flow& flow_;
  ProbeRunner& runner_;
  const Clock& clock_;
  Done done_;
  StepDone on_step_;
  FlowResult result_;
  std::map<std::string, std::string> values_;  // variables, builtins and captures
  std::map<std::string, bool> capture_as_is_;  // every capture's name: put into URLs unencoded?
  std::set<std::string> named_origins_;
  std::chrono::steady_clock::time_point start_{};
  std::chrono::steady_clock::time_point deadline_{};
  CookieShare jar_;
  std::size_t next_step_ = 0;
  StepResult sending_;  // the step whose request is in flight
  bool bounded_by_flow_ = false;  // its timeout is what is left of the flow's
  std::deque<Check> checks_;  // every request sent, alive until the run ends (the runner holds references)
  bool timed_out_ = false;
};

FlowRuns::FlowRuns(ProbeRunner& runner, const Clock& clock) : runner_(runner), clock_(clock) {}

FlowRuns::~FlowRuns() {
  for (auto& [id, run] : runs_) run->Orphan();
}

void FlowRuns::Start(const Flow& flow, const std::string& target, std::int64_t run, Done done, StepDone on_step) {
  std::uint64_t id = next_id_++;
  auto started = std::make_shared<Run>(*this, id, flow, run, std::move(done), std::move(on_step));
  runs_.emplace(id, started);
  started->Begin(target, run);
}

void FlowRuns::Finished(std::uint64_t id, Done done, FlowResult result) {
  // The run stays alive until its caller (Start, or the runner's callback)
  // returns; it goes first so that `done` no longer counts it active.
  runs_.erase(id);
  done(std::move(result));
}

}  // namespace evt::probe
