#include "tools/failover/haproxy_stat.h"

#include <charconv>

#include "tools/failover/haproxy_socket.h"

namespace evt::failover {
namespace {

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> out;
  for (std::string_view w : Split(line, ' '))
    if (!w.empty()) out.push_back(w);
  return out;
}

std::vector<std::string_view> Lines(std::string_view reply) {
  std::vector<std::string_view> out;
  for (std::string_view line : Split(TrimReply(reply), '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

template <class Int>
bool ToInt(std::string_view s, Int& out) {
  if (s.empty()) {
    out = 0;  // show stat leaves counters that do not apply empty
    return true;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Where each wanted column sits in a header line; DataErr naming the
// command when one is missing.
Result<std::vector<std::size_t>> Columns(const std::vector<std::string_view>& header,
                                         const std::vector<std::string_view>& wanted, std::string_view command) {
  std::vector<std::size_t> at;
  for (std::string_view name : wanted) {
    std::size_t i = 0;
    while (i < header.size() && header[i] != name) ++i;
    if (i == header.size())
      return Status::DataErr("`" + std::string(command) + "`: no column \"" + std::string(name) + "\" in its header");
    at.push_back(i);
  }
  return at;
}

Status NotATable(std::string_view command, std::string_view reply) {
  std::string_view text = TrimReply(reply);
  return Status::DataErr("`" + std::string(command) + "`: " +
                         (text.empty() ? std::string("empty reply") : std::string(text)));
}

Status BadField(std::string_view command, std::size_t line, std::string_view column, std::string_view value) {
  return Status::DataErr("`" + std::string(command) + "` line " + std::to_string(line + 1) + ": " +
                         std::string(column) + " \"" + std::string(value) + "\" is not a number");
}

}  // namespace

Result<std::vector<ServerStateRow>> ParseServersState(std::string_view reply) {
  constexpr std::string_view kCommand = "show servers state";
  std::vector<std::string_view> lines = Lines(reply);
  // Line 1 is the format version, line 2 "# be_id be_name ...".
  if (lines.size() < 2 || lines[0] != "1" || lines[1].substr(0, 2) != "# ") return NotATable(kCommand, reply);
  EVT_ASSIGN_OR_RETURN(std::vector<std::size_t> at,
                       Columns(Words(lines[1].substr(2)),
                               {"be_name", "srv_name", "srv_op_state", "srv_admin_state", "srv_uweight", "srv_iweight"},
                               kCommand));
  std::vector<ServerStateRow> rows;
  for (std::size_t i = 2; i < lines.size(); ++i) {
    std::vector<std::string_view> f = Words(lines[i]);
    ServerStateRow row;
    std::size_t need = 0;
    for (std::size_t a : at) need = std::max(need, a + 1);
    if (f.size() < need)
      return Status::DataErr("`show servers state` line " + std::to_string(i + 1) + ": " + std::to_string(f.size()) +
                             " fields, expected at least " + std::to_string(need));
    row.backend = f[at[0]];
    row.server = f[at[1]];
    const std::string_view names[] = {"srv_op_state", "srv_admin_state", "srv_uweight", "srv_iweight"};
    int* targets[] = {&row.op_state, &row.admin_flags, &row.weight, &row.initial_weight};
    for (std::size_t k = 0; k < 4; ++k)
      if (!ToInt(f[at[k + 2]], *targets[k])) return BadField(kCommand, i, names[k], f[at[k + 2]]);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<StatRow>> ParseShowStat(std::string_view reply) {
  constexpr std::string_view kCommand = "show stat";
  std::vector<std::string_view> lines = Lines(reply);
  if (lines.empty() || lines[0].substr(0, 2) != "# ") return NotATable(kCommand, reply);
  EVT_ASSIGN_OR_RETURN(std::vector<std::size_t> at,
                       Columns(Split(lines[0].substr(2), ','),
                               {"pxname", "svname", "status", "weight", "stot", "algo"}, kCommand));
  std::vector<StatRow> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string_view> f = Split(lines[i], ',');
    std::size_t need = 0;
    for (std::size_t a : at) need = std::max(need, a + 1);
    if (f.size() < need)
      return Status::DataErr("`show stat` line " + std::to_string(i + 1) + ": " + std::to_string(f.size()) +
                             " fields, expected at least " + std::to_string(need));
    StatRow row;
    row.proxy = f[at[0]];
    row.server = f[at[1]];
    row.status = f[at[2]];
    if (!ToInt(f[at[3]], row.weight)) return BadField(kCommand, i, "weight", f[at[3]]);
    if (!ToInt(f[at[4]], row.sessions)) return BadField(kCommand, i, "stot", f[at[4]]);
    row.algorithm = f[at[5]];
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<int> ParseGetWeight(std::string_view reply) {
  std::vector<std::string_view> w = Words(TrimReply(reply));
  int weight = 0;
  if (w.size() != 3 || w[1] != "(initial" || !ToInt(w[0], weight) || w[0].empty()) return NotATable("get weight", reply);
  return weight;
}

Result<std::map<std::string, std::string>> ParseShowMap(std::string_view reply) {
  std::map<std::string, std::string> entries;
  for (std::string_view line : Lines(reply)) {
    // "0x55d0c1a2e8b0 reads deny": an entry's address, key and value, the
    // value running to the end of the line.
    std::size_t key_at = line.find(' ');
    if (line.substr(0, 2) != "0x" || key_at == std::string_view::npos) return NotATable("show map", reply);
    std::string_view rest = line.substr(key_at + 1);
    std::size_t value_at = rest.find(' ');
    if (value_at == std::string_view::npos) return NotATable("show map", reply);
    entries[std::string(rest.substr(0, value_at))] = std::string(rest.substr(value_at + 1));
  }
  return entries;
}

AdminState AdminFromFlags(int admin_flags) {
  constexpr int kMaintenance = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
  constexpr int kDrain = 0x08 | 0x10;
  if (admin_flags & kMaintenance) return AdminState::kMaint;
  if (admin_flags & kDrain) return AdminState::kDrain;
  return AdminState::kReady;
}

MemberState ToMemberState(const ServerStateRow& row) {
  MemberState m;
  m.member = row.server;
  m.weight = row.weight;
  m.admin = AdminFromFlags(row.admin_flags);
  m.up = row.op_state != 0;
  return m;
}

}  // namespace evt::failover
