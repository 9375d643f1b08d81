#include "tools/token/sync_set.h"

namespace evt::token {
namespace {

Status InsertScan(StatementCache& db, const ScanEvent& e) {
  Result<Statement*> insert = db.Get(
      "INSERT INTO sync_set (id, kind, jti, gate, type, hlc_wall, hlc_logical, code_step) "
      "VALUES (?1, 'scan', ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert.ok()) return insert.status();
  EVT_RETURN_IF_ERROR((*insert)->BindAll({e.id, e.jti, e.gate, ScanTypeName(e.type), e.hlc.wall, e.hlc.logical,
                                          e.code_step ? SqlValue(*e.code_step) : SqlValue(nullptr)}));
  return (*insert)->Run();
}

Status InsertRevocation(StatementCache& db, const Revocation& r) {
  Result<Statement*> insert = db.Get(
      "INSERT INTO sync_set (id, kind, jti, gate, hlc_wall, hlc_logical, reason) "
      "VALUES (?1, 'revocation', ?2, ?3, ?4, ?5, ?6)");
  if (!insert.ok()) return insert.status();
  EVT_RETURN_IF_ERROR((*insert)->BindAll({r.id, r.jti, r.gate, r.hlc.wall, r.hlc.logical,
                                          r.reason.empty() ? SqlValue(nullptr) : SqlValue(r.reason)}));
  return (*insert)->Run();
}

}  // namespace

const std::string& SyncItemId(const SyncItem& item) {
  return std::visit([](const auto& e) -> const std::string& { return e.id; }, item);
}

const std::string& SyncItemJti(const SyncItem& item) {
  return std::visit([](const auto& e) -> const std::string& { return e.jti; }, item);
}

Hlc SyncItemHlc(const SyncItem& item) {
  return std::visit([](const auto& e) { return e.hlc; }, item);
}

const GsetTable& SyncSetSchema::Table() {
  static const GsetTable table{"sync_set", "id", "seq",
                               "id, kind, jti, gate, type, hlc_wall, hlc_logical, code_step, reason",
                               "quarantined_ms"};
  return table;
}

Value SyncSetSchema::Content(const SyncItem& item) {
  const auto* scan = std::get_if<ScanEvent>(&item);
  Value fields = Value::object({{"kind", scan ? "scan.event" : "revocation"}});
  if (scan) {
    AddScanEventFields(fields, *scan);
  } else {
    AddRevocationFields(fields, std::get<Revocation>(item));
  }
  return fields;
}

Result<SyncItem> SyncSetSchema::Read(StatementCache&, const Statement& row) {
  Hlc hlc{row.ColumnInt64(5), row.ColumnInt64(6)};
  if (row.ColumnText(1) == "revocation") {
    return SyncItem(Revocation{row.ColumnText(0), row.ColumnText(2), row.ColumnText(3), row.ColumnText(8), hlc});
  }
  ScanEvent e{row.ColumnText(0), row.ColumnText(2), row.ColumnText(3),
              row.ColumnText(4) == "exit" ? ScanType::kExit : ScanType::kEntry, hlc, std::nullopt};
  if (!row.ColumnIsNull(7)) e.code_step = row.ColumnInt64(7);
  return SyncItem(std::move(e));
}

Status SyncSetSchema::Insert(StatementCache& db, const SyncItem& item) {
  if (const auto* scan = std::get_if<ScanEvent>(&item)) return InsertScan(db, *scan);
  return InsertRevocation(db, std::get<Revocation>(item));
}

}  // namespace evt::token
