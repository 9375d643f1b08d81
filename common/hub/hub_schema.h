// The hub's schema in PostgreSQL (doc/design.md §18): schema evt_hub, one
// grow-only table of elements for every set of every site, versioned by
// evt_hub.meta and migrated forward by `evt-… hub migrate`.
//
// Least privilege: a site's login role is a member of evt_hub_site and is
// mapped to its site in evt_hub.sites (by `hub grant SITE ROLE`, run as
// the owner). Row-level security (FORCE'd, so the owner is held too)
// lets it SELECT and INSERT only rows whose site is its own; nobody is
// granted UPDATE or DELETE: the set only grows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/hub/pg_connection.h"
#include "common/status.h"

namespace evt::hub {

// The version this evt writes and reads.
inline constexpr int kHubSchemaVersion = 1;
// The group role every site's role joins; created by the migration.
inline constexpr const char* kSiteGroupRole = "evt_hub_site";

struct HubIdentity {
  int version = 0;
  std::string hub_id;  // a uuid made at the first migration: cursors of another hub never apply here
};

// The hub's version and identity; nullopt when it has no evt schema yet.
Result<std::optional<HubIdentity>> ReadHubIdentity(PgConnection& conn);

// Connect's check: Config when the hub has no schema or an older one
// (run `hub migrate`) or a newer one (upgrade evt). `where` opens messages.
Result<HubIdentity> RequireCurrentSchema(PgConnection& conn, const std::string& where);

struct MigrateOutcome {
  int from = 0;  // 0: the hub had no schema
  int to = 0;
  std::string hub_id;
};
// Brings the schema to kHubSchemaVersion in one transaction, serialised
// with other migrations by an advisory lock; idempotent. Config when the
// hub's version is newer than this evt's (nothing is changed).
// REQUIRES: the connection's role owns the database's schema objects or
// may create them, and may create roles (CREATEROLE) on the first run.
Result<MigrateOutcome> MigrateHub(PgConnection& conn, const std::string& where);

// Maps `role` (an existing login role) to `site` and makes it a member of
// kSiteGroupRole. Config when the role is already mapped to another site
// or does not exist. Run as the owner.
Status GrantSite(PgConnection& conn, const std::string& site, const std::string& role, const std::string& where);

// The site the connection's role is mapped to; nullopt when none.
Result<std::optional<std::string>> CurrentSite(PgConnection& conn);

struct SetRows {
  std::string set;
  std::int64_t rows = 0;
};
// Rows per set for `site` that the connection's role can see.
Result<std::vector<SetRows>> CountRows(PgConnection& conn, const std::string& site);

}  // namespace evt::hub
