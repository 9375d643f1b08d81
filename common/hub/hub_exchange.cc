#include "common/hub/hub_exchange.h"

#include <string_view>
#include <unordered_map>

namespace evt::hub {
namespace {

constexpr std::string_view kLockSet = "SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))";

// RETURNING gives the ids that were new; for the others, the hub's record
// is compared with ours so a differing one counts as a conflict.
constexpr std::string_view kInsert =
    "INSERT INTO evt_hub.elements (site, set_name, id, record, stamp_ms) "
    "SELECT $1, $2, e.id, e.record, e.stamp_ms FROM unnest($3::text[], $4::text[], $5::bigint[]) "
    "AS e(id, record, stamp_ms) ON CONFLICT DO NOTHING RETURNING id";

constexpr std::string_view kKnownRecords =
    "SELECT id, record FROM evt_hub.elements WHERE site = $1 AND set_name = $2 AND id = ANY($3::text[])";

Result<PushOutcome> InsertPage(PgConnection& conn, const std::string& site, const std::string& set,
                               const std::vector<HubElement>& elements) {
  std::vector<std::string> ids, records, stamps;
  for (const HubElement& element : elements) {
    ids.push_back(element.id);
    records.push_back(element.record);
    stamps.push_back(std::to_string(element.stamp_ms));
  }
  EVT_RETURN_IF_ERROR(conn.Run(kLockSet, {site, set}));
  EVT_ASSIGN_OR_RETURN(PgResult inserted, conn.Exec(kInsert, {site, set, TextArrayLiteral(ids),
                                                              TextArrayLiteral(records), TextArrayLiteral(stamps)}));
  PushOutcome outcome;
  outcome.added = static_cast<std::size_t>(inserted.rows());
  outcome.known = elements.size() - outcome.added;
  if (outcome.known == 0) return outcome;
  std::unordered_map<std::string_view, std::string_view> ours;
  for (const HubElement& element : elements) ours.emplace(element.id, element.record);
  for (int row = 0; row < inserted.rows(); ++row) ours.erase(inserted.Text(row, 0));
  std::vector<std::string> known_ids;
  for (const auto& [id, record] : ours) known_ids.emplace_back(id);
  EVT_ASSIGN_OR_RETURN(PgResult theirs, conn.Exec(kKnownRecords, {site, set, TextArrayLiteral(known_ids)}));
  for (int row = 0; row < theirs.rows(); ++row) {
    auto mine = ours.find(theirs.Text(row, 0));
    if (mine != ours.end() && mine->second != theirs.Text(row, 1)) ++outcome.conflicts;
  }
  return outcome;
}

}  // namespace

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

Result<PushOutcome> PushPage(PgConnection& conn, const std::string& site, const std::string& set,
                             const std::vector<HubElement>& elements) {
  if (elements.empty()) return PushOutcome{};
  EVT_RETURN_IF_ERROR(conn.Run("BEGIN"));
  Result<PushOutcome> outcome = InsertPage(conn, site, set, elements);
  if (!outcome.ok()) {
    (void)conn.Run("ROLLBACK");
    return outcome.status();
  }
  EVT_RETURN_IF_ERROR(conn.Run("COMMIT"));
  return outcome;
}

Result<PulledPage> PullPage(PgConnection& conn, const std::string& site, const std::string& set,
                            std::int64_t after, std::size_t limit) {
  EVT_ASSIGN_OR_RETURN(PgResult rows, conn.Exec("SELECT seq, id, record, stamp_ms FROM evt_hub.elements "
                                                "WHERE site = $1 AND set_name = $2 AND seq > $3 ORDER BY seq LIMIT $4",
                                                {site, set, std::to_string(after), std::to_string(limit)}));
  PulledPage page;
  page.last_seq = after;
  for (int row = 0; row < rows.rows(); ++row) {
    EVT_ASSIGN_OR_RETURN(page.last_seq, rows.Int(row, 0));
    EVT_ASSIGN_OR_RETURN(std::int64_t stamp_ms, rows.Int(row, 3));
    page.elements.push_back({std::string(rows.Text(row, 1)), std::string(rows.Text(row, 2)), stamp_ms});
  }
  return page;
}

}  // namespace evt::hub
