#include "common/site_hold.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/heartbeat.h"
#include "common/messages.h"
#include "common/site_store.h"
#include "common/sql_transaction.h"
#include "common/state_dir.h"
#include "common/time_display.h"

namespace evt {

Status PlaceHold(Store& site, const SiteHold& hold) {
  Result<Transaction> tx = Transaction::Begin(site, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(site.Exec("DELETE FROM hold"));
  Result<Statement> put =
      site.Prepare("INSERT INTO hold (id, reason, by, since_ms, until_ms) VALUES (1, ?1, ?2, ?3, ?4)");
  if (!put.ok()) return put.status();
  EVT_RETURN_IF_ERROR(put->BindAll({hold.reason, hold.by, ToEpochMs(hold.since), ToEpochMs(hold.until)}));
  EVT_RETURN_IF_ERROR(put->Run());
  return tx->Commit();
}

Result<bool> LiftHold(Store& site, TimePoint now) {
  Result<std::optional<SiteHold>> held = HoldAt(site, now);
  if (!held.ok()) return held.status();
  EVT_RETURN_IF_ERROR(site.Exec("DELETE FROM hold"));
  return held->has_value();
}

Result<std::optional<SiteHold>> HoldAt(Store& site, TimePoint now) {
  Result<Statement> row = site.Prepare("SELECT reason, by, since_ms, until_ms FROM hold WHERE until_ms > ?1");
  if (!row.ok()) return row.status();
  EVT_RETURN_IF_ERROR(row->Bind(1, ToEpochMs(now)));
  Result<bool> found = row->Step();
  if (!found.ok()) return found.status();
  if (!*found) return std::optional<SiteHold>();
  return std::optional<SiteHold>(SiteHold{row->ColumnText(0), row->ColumnText(1), FromEpochMs(row->ColumnInt64(2)),
                                          FromEpochMs(row->ColumnInt64(3))});
}

Result<std::optional<SiteHold>> HoldAt(const std::string& state_dir, TimePoint now) {
  struct stat st;
  if (stat(JoinPath(state_dir, "site.db").c_str(), &st) != 0) return std::optional<SiteHold>();
  Result<Store> site = OpenSiteStore(state_dir);
  if (!site.ok()) return site.status();
  return HoldAt(*site, now);
}

std::string HoldText(const SiteHold& hold) {
  return "held until " + FormatRfc3339(hold.until) + " by " + hold.by + ": " + hold.reason;
}

std::string HoldText(const SiteHold& hold, const TimeZone& zone, TimePoint now) {
  return "held until " + FormatLocalTime(hold.until, zone, now) + " by " + hold.by + ": " + hold.reason;
}

std::string WhoAmI() {
  const struct passwd* pw = getpwuid(geteuid());
  std::string user = pw && pw->pw_name ? pw->pw_name : "uid " + std::to_string(geteuid());
  // sudo keeps who really asked, and that is the person to talk to.
  if (const char* sudo_user = std::getenv("SUDO_USER"); sudo_user && *sudo_user) user = sudo_user;
  return user + "@" + ThisHost();
}

const std::optional<SiteHold>& HoldKeeper::At(TimePoint now) {
  Result<std::optional<SiteHold>> held = HoldAt(state_dir_, now);
  if (held.ok()) {
    hold_ = *held;
    return hold_;
  }
  if (!warned_) PrintWarning("site hold: " + held.status().message() + "; acting as if there were none");
  warned_ = true;
  hold_.reset();
  return hold_;
}

}  // namespace evt
