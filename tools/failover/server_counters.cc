#include "tools/failover/server_counters.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <vector>

namespace evt::failover {
namespace {

constexpr std::string_view kHaproxyPrefix = "haproxy:";
// What the HAProxy driver's socket defaults to (haproxy_settings.h): a
// counter read is one short command on the same socket.
constexpr std::chrono::milliseconds kSocketTimeout{2000};

std::vector<std::string_view> SplitOn(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

Result<std::size_t> ColumnOf(const std::vector<std::string_view>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return Status::DataErr("`show stat`: no column \"" + std::string(name) + "\" in its header");
}

// show stat leaves a counter that does not apply empty.
bool ToCount(std::string_view s, std::uint64_t& out) {
  out = 0;
  if (s.empty()) return true;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

class HaproxyServerCounters final : public ServerCounters {
 public:
  explicit HaproxyServerCounters(std::unique_ptr<HaproxyRuntime> runtime) : runtime_(std::move(runtime)) {}
  std::string Name() const override { return runtime_->Name(); }
  Result<BackendCounts> ReadServerCounters(const std::string& backend) override {
    // "4 -1": the server rows of that backend only.
    EVT_ASSIGN_OR_RETURN(std::string reply, runtime_->Send("show stat " + backend + " 4 -1"));
    Result<BackendCounts> counts = ParseServerCounts(reply, backend);
    if (!counts.ok()) return counts.status().Prefixed(Name());
    return counts;
  }

 private:
  std::unique_ptr<HaproxyRuntime> runtime_;
};

// A driver that keeps counters itself, lent to the sampler.
class BorrowedCounters final : public ServerCounters {
 public:
  explicit BorrowedCounters(ServerCounters& counters) : counters_(counters) {}
  std::string Name() const override { return counters_.Name(); }
  Result<BackendCounts> ReadServerCounters(const std::string& backend) override {
    return counters_.ReadServerCounters(backend);
  }

 private:
  ServerCounters& counters_;
};

}  // namespace

Result<BackendCounts> ParseServerCounts(std::string_view show_stat, const std::string& backend) {
  std::vector<std::string_view> lines;
  for (std::string_view line : SplitOn(TrimReply(show_stat), '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
  }
  if (lines.empty() || lines[0].substr(0, 2) != "# ") {
    const std::string_view text = TrimReply(show_stat);
    return Status::DataErr("`show stat`: " + (text.empty() ? std::string("empty reply") : std::string(text)));
  }
  const std::vector<std::string_view> header = SplitOn(lines[0].substr(2), ',');
  EVT_ASSIGN_OR_RETURN(std::size_t proxy_at, ColumnOf(header, "pxname"));
  EVT_ASSIGN_OR_RETURN(std::size_t server_at, ColumnOf(header, "svname"));
  EVT_ASSIGN_OR_RETURN(std::size_t requests_at, ColumnOf(header, "req_tot"));
  EVT_ASSIGN_OR_RETURN(std::size_t errors_at, ColumnOf(header, "hrsp_5xx"));
  const std::size_t need = std::max({proxy_at, server_at, requests_at, errors_at}) + 1;
  BackendCounts counts;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string_view> f = SplitOn(lines[i], ',');
    if (f.size() < need)
      return Status::DataErr("`show stat` line " + std::to_string(i + 1) + ": " + std::to_string(f.size()) +
                             " fields, expected at least " + std::to_string(need));
    if (f[proxy_at] != backend || f[server_at] == "BACKEND" || f[server_at] == "FRONTEND") continue;
    ServerCount count;
    if (!ToCount(f[requests_at], count.requests) || !ToCount(f[errors_at], count.server_errors))
      return Status::DataErr("`show stat` line " + std::to_string(i + 1) + ": req_tot \"" +
                             std::string(f[requests_at]) + "\" or hrsp_5xx \"" + std::string(f[errors_at]) +
                             "\" is not a count");
    counts[std::string(f[server_at])] = count;
  }
  return counts;
}

std::unique_ptr<ServerCounters> MakeHaproxyServerCounters(std::unique_ptr<HaproxyRuntime> runtime) {
  return std::make_unique<HaproxyServerCounters>(std::move(runtime));
}

std::unique_ptr<ServerCounters> ServerCountersFor(SteeringDriver& driver) {
  if (auto* own = dynamic_cast<ServerCounters*>(&driver)) return std::make_unique<BorrowedCounters>(*own);
  const std::string name = driver.Name();
  if (name.rfind(kHaproxyPrefix, 0) != 0) return nullptr;
  return MakeHaproxyServerCounters(
      std::make_unique<HaproxySocket>(name.substr(kHaproxyPrefix.size()), kSocketTimeout));
}

BackendCounts CountsBetween(const BackendCounts& start, const BackendCounts& end) {
  BackendCounts window;
  for (const auto& [server, after] : end) {
    const auto before = start.find(server);
    if (before == start.end() || after.requests < before->second.requests ||
        after.server_errors < before->second.server_errors) {
      window[server] = after;
      continue;
    }
    window[server] = {after.requests - before->second.requests,
                      after.server_errors - before->second.server_errors};
  }
  return window;
}

}  // namespace evt::failover
