#include "common/hub/hub_schema.h"

#include <string_view>

namespace evt::hub {
namespace {

// Version 1. Roles are cluster-wide, so the group role is created only
// when missing. The site's rows are found through evt_hub.current_site(),
// which reads the role's own row of evt_hub.sites (row-level security there too).
// seq orders pulls: a push takes the per-(site, set) advisory lock before
// it inserts, so seq is assigned and committed in one order per set and a
// puller whose cursor passed seq N can never meet an N-1 committed later.
constexpr std::string_view kVersion1 = R"sql(
CREATE SCHEMA evt_hub;
CREATE TABLE evt_hub.meta (
  version integer NOT NULL,
  hub_id uuid NOT NULL DEFAULT gen_random_uuid(),
  migrated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE evt_hub.sites (
  role name PRIMARY KEY,
  site text NOT NULL CHECK (site <> '')
);
CREATE SEQUENCE evt_hub.element_seq;
CREATE TABLE evt_hub.elements (
  site text NOT NULL,
  set_name text NOT NULL,
  id text NOT NULL,
  record text NOT NULL,
  stamp_ms bigint NOT NULL,
  seq bigint NOT NULL DEFAULT nextval('evt_hub.element_seq'),
  pushed_by name NOT NULL DEFAULT current_user,
  pushed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, set_name, id)
);
CREATE INDEX elements_pull ON evt_hub.elements (site, set_name, seq);

-- A site's role sees its own mapping only (the owner sees all: not FORCE'd).
ALTER TABLE evt_hub.sites ENABLE ROW LEVEL SECURITY;
CREATE POLICY role_reads_own ON evt_hub.sites FOR SELECT USING (role = current_user);
CREATE FUNCTION evt_hub.current_site() RETURNS text
  LANGUAGE sql STABLE SET search_path = pg_catalog, evt_hub
  AS $$ SELECT site FROM evt_hub.sites WHERE role = current_user $$;
-- NOTIFY channels are named per site so one site learns nothing of another's.
CREATE FUNCTION evt_hub.channel(site text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT 'evt_hub_' || left(md5(site), 16) $$;
CREATE FUNCTION evt_hub.notify_element() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(evt_hub.channel(NEW.site), NEW.set_name);
  RETURN NULL;
END $$;
CREATE TRIGGER elements_notify AFTER INSERT ON evt_hub.elements
  FOR EACH ROW EXECUTE FUNCTION evt_hub.notify_element();

ALTER TABLE evt_hub.elements ENABLE ROW LEVEL SECURITY;
ALTER TABLE evt_hub.elements FORCE ROW LEVEL SECURITY;
CREATE POLICY site_reads_own ON evt_hub.elements FOR SELECT USING (site = evt_hub.current_site());
CREATE POLICY site_inserts_own ON evt_hub.elements FOR INSERT WITH CHECK (site = evt_hub.current_site());

-- Another database's migration may create it at the same moment.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'evt_hub_site') THEN
    CREATE ROLE evt_hub_site NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
REVOKE ALL ON SCHEMA evt_hub FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA evt_hub FROM PUBLIC;
REVOKE ALL ON FUNCTION evt_hub.current_site() FROM PUBLIC;
GRANT USAGE ON SCHEMA evt_hub TO evt_hub_site;
GRANT SELECT ON evt_hub.meta, evt_hub.sites TO evt_hub_site;
GRANT SELECT, INSERT ON evt_hub.elements TO evt_hub_site;
GRANT USAGE ON SEQUENCE evt_hub.element_seq TO evt_hub_site;
GRANT EXECUTE ON FUNCTION evt_hub.current_site() TO evt_hub_site;
INSERT INTO evt_hub.meta (version) VALUES (1);
)sql";

struct HubMigration {
  int version;
  std::string_view sql;
};
constexpr HubMigration kMigrations[] = {{1, kVersion1}};
static_assert(std::size(kMigrations) == kHubSchemaVersion);

// Any constant both migrations agree on: two `hub migrate` at once run one
// after the other.
constexpr std::string_view kMigrateLock = "SELECT pg_advisory_xact_lock(7451102025)";

std::string NewerMessage(const std::string& where, int version) {
  return where + ": the hub's schema is version " + std::to_string(version) + ", newer than this evt's (" +
         std::to_string(kHubSchemaVersion) + "): upgrade evt on this box; the hub is left as it is";
}

}  // namespace

Result<std::optional<HubIdentity>> ReadHubIdentity(PgConnection& conn) {
  EVT_ASSIGN_OR_RETURN(PgResult exists, conn.Exec("SELECT to_regclass('evt_hub.meta') IS NOT NULL"));
  if (exists.Text(0, 0) != "t") return std::optional<HubIdentity>();
  EVT_ASSIGN_OR_RETURN(PgResult meta, conn.Exec("SELECT max(version), max(hub_id::text) FROM evt_hub.meta"));
  if (meta.rows() == 0 || meta.IsNull(0, 0)) return std::optional<HubIdentity>();
  HubIdentity identity;
  EVT_ASSIGN_OR_RETURN(std::int64_t version, meta.Int(0, 0));
  identity.version = static_cast<int>(version);
  identity.hub_id = std::string(meta.Text(0, 1));
  return std::optional<HubIdentity>(std::move(identity));
}

Result<HubIdentity> RequireCurrentSchema(PgConnection& conn, const std::string& where) {
  // A role nobody granted a site may not even look into the schema: say
  // so, rather than pass on "permission denied for schema evt_hub".
  EVT_ASSIGN_OR_RETURN(PgResult may_read,
                       conn.Exec("SELECT current_user, to_regnamespace('evt_hub') IS NULL "
                                 "OR has_schema_privilege('evt_hub', 'USAGE')"));
  if (may_read.Text(0, 1) != "t") {
    return Status::Config(where + ": role \"" + std::string(may_read.Text(0, 0)) +
                          "\" is not a site of the hub: run `evt-token hub grant SITE " +
                          std::string(may_read.Text(0, 0)) + "` as the hub's owner");
  }
  EVT_ASSIGN_OR_RETURN(std::optional<HubIdentity> identity, ReadHubIdentity(conn));
  if (!identity) {
    return Status::Config(where + ": the hub (" + conn.Describe() +
                          ") has no evt schema, or this role may not read it: run `evt-token hub migrate` as "
                          "the hub's owner, then `hub grant SITE ROLE`");
  }
  if (identity->version > kHubSchemaVersion) return Status::Config(NewerMessage(where, identity->version));
  if (identity->version < kHubSchemaVersion) {
    return Status::Config(where + ": the hub's schema is version " + std::to_string(identity->version) +
                          ", older than this evt's (" + std::to_string(kHubSchemaVersion) +
                          "): run `evt-token hub migrate` as the hub's owner");
  }
  return *identity;
}

Result<MigrateOutcome> MigrateHub(PgConnection& conn, const std::string& where) {
  EVT_RETURN_IF_ERROR(conn.Run("BEGIN"));
  auto migrate = [&]() -> Result<MigrateOutcome> {
    EVT_RETURN_IF_ERROR(conn.Run(kMigrateLock));
    EVT_ASSIGN_OR_RETURN(std::optional<HubIdentity> identity, ReadHubIdentity(conn));
    MigrateOutcome outcome;
    outcome.from = identity ? identity->version : 0;
    if (outcome.from > kHubSchemaVersion) return Status::Config(NewerMessage(where, outcome.from));
    for (const HubMigration& step : kMigrations) {
      if (step.version <= outcome.from) continue;
      EVT_RETURN_IF_ERROR(conn.RunScript(step.sql));
      EVT_RETURN_IF_ERROR(conn.Run("UPDATE evt_hub.meta SET version = $1, migrated_at = now()",
                                   {std::to_string(step.version)}));
    }
    EVT_ASSIGN_OR_RETURN(std::optional<HubIdentity> after, ReadHubIdentity(conn));
    if (!after) return Status::Internal(where + ": the hub has no evt_hub.meta after migrating");
    outcome.to = after->version;
    outcome.hub_id = after->hub_id;
    return outcome;
  };
  Result<MigrateOutcome> outcome = migrate();
  if (!outcome.ok()) {
    (void)conn.Run("ROLLBACK");
    return outcome.status();
  }
  EVT_RETURN_IF_ERROR(conn.Run("COMMIT"));
  return outcome;
}

Status GrantSite(PgConnection& conn, const std::string& site, const std::string& role, const std::string& where) {
  if (site.empty()) return Status::Usage("hub grant: the site name is empty");
  EVT_ASSIGN_OR_RETURN(PgResult exists, conn.Exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {role}));
  if (exists.rows() == 0) {
    return Status::Config(where + ": the hub has no role \"" + role +
                          "\": create it first (CREATE ROLE … LOGIN PASSWORD …), its password in the box's .pgpass");
  }
  EVT_ASSIGN_OR_RETURN(PgResult mapped, conn.Exec("SELECT site FROM evt_hub.sites WHERE role = $1", {role}));
  if (mapped.rows() > 0 && mapped.Text(0, 0) != site) {
    return Status::Config(where + ": role \"" + role + "\" already belongs to site \"" + std::string(mapped.Text(0, 0)) +
                          "\"; a role serves one site (make another role for \"" + site + "\")");
  }
  EVT_ASSIGN_OR_RETURN(PgResult quoted, conn.Exec("SELECT quote_ident($1)", {role}));
  EVT_RETURN_IF_ERROR(conn.Run("BEGIN"));
  Status granted = conn.Run("INSERT INTO evt_hub.sites (role, site) VALUES ($1, $2) ON CONFLICT (role) DO NOTHING",
                            {role, site});
  if (granted.ok()) granted = conn.Run(std::string("GRANT ") + kSiteGroupRole + " TO " + std::string(quoted.Text(0, 0)));
  if (!granted.ok()) {
    (void)conn.Run("ROLLBACK");
    return granted;
  }
  return conn.Run("COMMIT");
}

Result<std::optional<std::string>> CurrentSite(PgConnection& conn) {
  EVT_ASSIGN_OR_RETURN(PgResult site, conn.Exec("SELECT evt_hub.current_site()"));
  if (site.rows() == 0 || site.IsNull(0, 0)) return std::optional<std::string>();
  return std::optional<std::string>(std::string(site.Text(0, 0)));
}

Result<std::vector<SetRows>> CountRows(PgConnection& conn, const std::string& site) {
  EVT_ASSIGN_OR_RETURN(PgResult counts, conn.Exec("SELECT set_name, count(*) FROM evt_hub.elements WHERE site = $1 "
                                                  "GROUP BY set_name ORDER BY set_name",
                                                  {site}));
  std::vector<SetRows> out;
  for (int row = 0; row < counts.rows(); ++row) {
    EVT_ASSIGN_OR_RETURN(std::int64_t rows, counts.Int(row, 1));
    out.push_back({std::string(counts.Text(row, 0)), rows});
  }
  return out;
}

}  // namespace evt::hub
