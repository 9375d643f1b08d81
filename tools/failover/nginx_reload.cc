#include "tools/failover/nginx_reload.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/child_process.h"
#include "tools/failover/action_config.h"
#include "tools/failover/actions.h"
#include "tools/failover/template_render.h"

namespace evt::failover {
namespace {

std::string Joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Runs argv; OK on exit 0, else the failure with the program's own output.
Status RunNginxCommand(const std::vector<std::string>& argv, const NginxCommands& commands) {
  std::optional<std::string> path = FindProgram(argv.at(0), commands.folder);
  if (!path) return Status::Unavailable("cannot start " + argv[0] + ": " + std::strerror(ENOENT));
  ChildRequest request;
  request.path = *path;
  request.argv = argv;
  request.deadline = std::chrono::steady_clock::now() + commands.timeout;
  request.end_on_stop = false;  // a reload half done is worse than one done late
  Result<ChildResult> ran = RunChild(request);
  Status outcome = ProgramOutcome(ran, commands.timeout);
  if (outcome.ok()) return outcome;
  std::string said = ran.ok() ? Trimmed(ran->err + ran->out) : std::string();
  return Status::WithCode(outcome.code(), Joined(argv) + ": " + outcome.message() + (said.empty() ? "" : ": " + said));
}

Status Put(const std::string& path, const std::optional<std::string>& bytes) {
  if (bytes) return WriteAtomically(path, *bytes);
  if (std::remove(path.c_str()) != 0 && errno != ENOENT)
    return Status::IoErr(path + ": cannot remove: " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

Result<std::optional<std::string>> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::optional<std::string>();
    return Status::IoErr(path + ": cannot read: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoErr(path + ": read failed");
  return std::optional<std::string>(text.str());
}

Status ReplaceTested(const std::string& path, const std::optional<std::string>& bytes, const NginxCommands& commands) {
  EVT_ASSIGN_OR_RETURN(const std::optional<std::string> old, ReadFileBytes(path));
  EVT_RETURN_IF_ERROR(Put(path, bytes));
  Status tested = RunNginxCommand(commands.test, commands);
  if (!tested.ok()) {
    EVT_RETURN_IF_ERROR(Put(path, old).Prefixed("restoring after a refused test"));
    const ExitCode code = tested.code() == ExitCode::kCheckFailed ? ExitCode::kDataErr : tested.code();
    return Status::WithCode(code, "nginx refused the new file, the old file is back: " + tested.message());
  }
  Status reloaded = RunNginxCommand(commands.reload, commands);
  if (!reloaded.ok()) {
    EVT_RETURN_IF_ERROR(Put(path, old).Prefixed("restoring after a failed reload"));
    return Status::Unavailable("nginx did not reload, the old file is back: " + reloaded.message());
  }
  return Status::Ok();
}

}  // namespace evt::failover
