#include "tools/scrape/agent_config.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "common/listen_address.h"

namespace evt::scrape {
namespace {

constexpr std::string_view kDefaultNodeExporter = "127.0.0.1:9100";

// "user:pw@host:port" of "https://user:pw@host:port/path": "" when there is no "://".
std::string_view UrlAuthority(std::string_view url) {
  std::size_t start = url.find("://");
  if (start == std::string_view::npos) return {};
  std::string_view rest = url.substr(start + 3);
  return rest.substr(0, rest.find_first_of("/?#"));
}

// The host of a URL, without user info, brackets or port.
std::string UrlHost(std::string_view url) {
  std::string_view authority = UrlAuthority(url);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority.front() == '[') return std::string(authority.substr(1, authority.find(']') - 1));
  return std::string(authority.substr(0, authority.find(':')));
}

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

Status CheckRemoteWriteUrl(const ConfigObject& o, const std::string& url) {
  bool https = url.rfind("https://", 0) == 0;
  if (!https && url.rfind("http://", 0) != 0)
    return o.Error("url", "expected an http:// or https:// URL (the hub Prometheus' /api/v1/write), got \"" + url + "\"");
  if (UrlHost(url).empty()) return o.Error("url", "the URL names no host");
  if (UrlAuthority(url).find('@') != std::string_view::npos)
    return o.Error("url", "credentials in the URL would sit in a config file Prometheus logs; use bearer_token_file");
  return Status::Ok();
}

Status ReadRemoteWrite(const ConfigObject& agent, AgentSettings& out) {
  EVT_ASSIGN_OR_RETURN(ConfigObject o, agent.Object("remote_write"));
  EVT_ASSIGN_OR_RETURN(out.remote_write_url, o.String("url"));
  EVT_RETURN_IF_ERROR(CheckRemoteWriteUrl(o, out.remote_write_url));
  EVT_ASSIGN_OR_RETURN(std::optional<std::string> token, o.OptionalPath("bearer_token_file"));
  if (!token) return Status::Ok();
  if (out.remote_write_url.rfind("http://", 0) == 0 && !IsLoopbackHost(UrlHost(out.remote_write_url)))
    return o.Error("url", "http:// would send the bearer token in clear over the uplink; use https:// (plain http is "
                          "for a hub on this machine only)");
  out.bearer_token_file = *token;
  out.bearer_token_where = o.Where("bearer_token_file");
  return Status::Ok();
}

Result<AgentJob> ReadJob(const ConfigObject& jobs, const std::string& name) {
  AgentJob job{name, {}};
  EVT_ASSIGN_OR_RETURN(job.targets, jobs.StringArray(name));
  if (job.targets.empty()) return jobs.Error(name, "expected at least one \"ADDR:PORT\" target");
  for (std::size_t i = 0; i < job.targets.size(); ++i) {
    std::string where = jobs.Where(name) + "/" + std::to_string(i);
    EVT_ASSIGN_OR_RETURN(ListenAddress address, ParseListenAddress(job.targets[i], where));
    if (address.port == 0) return Status::Config(where + ": a target needs its port, got \"" + job.targets[i] + "\"");
  }
  return job;
}

Status ReadJobs(const ConfigObject& agent, AgentSettings& out) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> jobs, agent.OptionalObject("jobs"));
  if (!jobs) {
    out.jobs.push_back({"node", {std::string(kDefaultNodeExporter)}});
    return Status::Ok();
  }
  for (const std::string& name : jobs->Keys()) {
    if (name.empty()) return jobs->Error("a job needs a name");
    EVT_ASSIGN_OR_RETURN(AgentJob job, ReadJob(*jobs, name));
    out.jobs.push_back(std::move(job));
  }
  if (out.jobs.empty()) return agent.Error("jobs", "expected at least one job: the agent would have nothing to send");
  return Status::Ok();
}

}  // namespace

Result<std::optional<AgentSettings>> ReadAgentSettings(const ConfigObject& scrape) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> agent, scrape.OptionalObject("agent"));
  if (!agent) return std::optional<AgentSettings>();
  AgentSettings out;
  EVT_RETURN_IF_ERROR(ReadRemoteWrite(*agent, out));
  EVT_ASSIGN_OR_RETURN(out.scrape_interval, agent->Duration("scrape_interval", out.scrape_interval));
  if (out.scrape_interval < std::chrono::seconds(1))
    return agent->Error("scrape_interval", "expected at least \"1s\"");
  EVT_RETURN_IF_ERROR(ReadJobs(*agent, out));
  return std::optional<AgentSettings>(std::move(out));
}

// Prometheus reads the file itself, maybe as another user: only its mode
// is checked here, never its bytes.
Status CheckBearerTokenFile(const AgentSettings& agent) {
  if (agent.bearer_token_file.empty()) return Status::Ok();
  const std::string& path = agent.bearer_token_file;
  const std::string& where = agent.bearer_token_where;
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Config(where + ": no such file: " + path);
    return Status::Config(where + ": " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return Status::Config(where + ": " + path + " is not a regular file");
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::Config(where + ": " + path + " can be read or written by group or others (mode " + mode +
                          "); run: chmod 600 " + path + " (owned by the user Prometheus runs as)");
  }
  return Status::Ok();
}

}  // namespace evt::scrape
