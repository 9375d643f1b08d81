#include "tools/runbook/notify_delivery.h"

#include <algorithm>

#include "common/child_process.h"
#include "common/exit_code.h"
#include "common/json_writer.h"
#include "tools/runbook/program_path.h"

namespace evt::runbook {
namespace {

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

Status SendJson(HttpNotice notice, const Value& body, Deadline deadline) {
  Result<std::string> text = ToJson(body);
  if (!text.ok()) return Status::Unavailable(notice.what + ": " + text.status().message());
  notice.body = *text;
  notice.headers.push_back("Content-Type: application/json");
  return SendHttp(notice, deadline);
}

Status SendWebhook(const WebhookTransport& t, const NotifyMessage& m, Deadline deadline) {
  Result<std::string> text = ToJson(WebhookBody(m));
  if (!text.ok()) return Status::Unavailable("webhook " + t.url + ": " + text.status().message());
  return PostWebhook(t, *text, deadline);
}

Status SendAlertmanager(const AlertmanagerTransport& t, const NotifyMessage& m, Duration firing_for,
                        Deadline deadline) {
  HttpNotice notice{"alertmanager " + t.url, "POST", t.url + "/api/v2/alerts", {}, "", t.timeout};
  if (t.token) notice.headers.push_back("Authorization: Bearer " + t.token->bytes());
  return SendJson(std::move(notice), AlertmanagerBody(m, firing_for), deadline);
}

Status SendNtfy(const NtfyTransport& t, const NotifyMessage& m, Deadline deadline) {
  std::string url = t.url + "/" + t.topic;
  HttpNotice notice{"ntfy " + url, "POST", url, NtfyHeaders(m), NtfyBody(m), t.timeout};
  notice.headers.push_back("Content-Type: text/plain; charset=utf-8");
  if (t.token) notice.headers.push_back("Authorization: Bearer " + t.token->bytes());
  return SendHttp(notice, deadline);
}

Status SendSlack(const SlackTransport& t, const NotifyMessage& m, Deadline deadline) {
  HttpNotice notice{"slack " + t.url.Redacted(), "POST", t.url.bytes(), {}, "", t.timeout};
  return SendJson(std::move(notice), SlackBody(m), deadline);
}

Status SendMatrix(const MatrixTransport& t, const NotifyMessage& m, Deadline deadline) {
  HttpNotice notice{"matrix " + t.homeserver + " " + t.room, "PUT", t.homeserver + MatrixPath(t.room, m), {}, "",
                    t.timeout};
  notice.headers.push_back("Authorization: Bearer " + t.token.bytes());
  return SendJson(std::move(notice), MatrixBody(m), deadline);
}

Status RunCommand(const CommandTransport& t, const NotifyMessage& m, const DeliveryOptions& options) {
  Result<std::string> path = FindProgram(t.argv[0], options.env);
  Result<ChildResult> ran = path.status();
  if (path.ok()) {
    ChildRequest request;
    request.path = *path;
    request.argv = t.argv;
    request.stdin_data = m.text + "\n";
    request.env = CommandEnvironment(m);
    request.deadline = options.deadline;
    if (t.timeout) {
      auto own = std::chrono::steady_clock::now() + *t.timeout;
      request.deadline = options.deadline ? std::min(*options.deadline, own) : own;
    }
    request.grace = options.kill_grace;
    ran = RunChild(request);
  }
  if (ran.ok() && ran->exit_code == 0) return Status::Ok();
  std::string why = t.argv[0] + ": ";
  if (!ran.ok()) why += ran.status().message();
  else if (ran->timed_out) why += "timed out";
  else why += "exit " + std::to_string(ran->exit_code);
  // The command's own sysexits word on whether to try again.
  bool transient = ran.ok() && (ran->exit_code == static_cast<int>(ExitCode::kTempFail) || ran->timed_out);
  return transient ? Status::TempFail(why) : Status::Unavailable(why);
}

}  // namespace

Status DeliverNotice(const NotifySettings& settings, const NotifyMessage& message, const DeliveryOptions& options) {
  bool delivered = false;
  Status failure;
  auto note = [&](Status sent) {
    if (sent.ok()) {
      delivered = true;
      return;
    }
    if (options.failed) options.failed(sent);
    if (failure.ok() || sent.code() == ExitCode::kTempFail) failure = std::move(sent);
  };
  if (settings.webhook) note(SendWebhook(*settings.webhook, message, options.deadline));
  if (settings.alertmanager) {
    note(SendAlertmanager(*settings.alertmanager, message, settings.dedup_window, options.deadline));
  }
  if (settings.ntfy) note(SendNtfy(*settings.ntfy, message, options.deadline));
  if (settings.slack) note(SendSlack(*settings.slack, message, options.deadline));
  if (settings.matrix) note(SendMatrix(*settings.matrix, message, options.deadline));
  if (settings.command) note(RunCommand(*settings.command, message, options));
  return delivered ? Status::Ok() : failure;
}

}  // namespace evt::runbook
