#include "common/hub/hub_commands.h"

#include <iostream>

#include "common/command_access.h"
#include "common/config.h"
#include "common/hub/hub_schema.h"
#include "common/hub/hub_sync.h"
#include "common/hub/pg_connection.h"
#include "common/messages.h"
#include "common/state_commands.h"

namespace evt::hub {
namespace {

// The hub named by --hub, else by the config's site.hub.
Result<HubSettings> ChooseHub(const CommonOptions& options, const std::string& hub_flag) {
  std::string site;
  Result<std::string> file = FindConfigFile(options.config);
  std::optional<Config> config;
  if (file.ok()) {
    EVT_ASSIGN_OR_RETURN(Config loaded, LoadConfig(*file));
    config = std::move(loaded);
    site = config->site().name;
  } else if (hub_flag.empty()) {
    return file.status();
  }
  if (!hub_flag.empty()) return HubSettingsFrom(hub_flag, site, "--hub");
  EVT_ASSIGN_OR_RETURN(std::optional<HubSettings> settings, ReadHubSettings(*config));
  if (!settings) {
    return Status::Config(config->path() + ": /site: no hub: set site.hub to a libpq service name (\"evt-hub\") "
                          "or pass --hub");
  }
  return std::move(*settings);
}

Status Migrate(const HubSettings& settings, std::ostream& out) {
  EVT_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Open(settings.conninfo, settings.where));
  EVT_ASSIGN_OR_RETURN(MigrateOutcome outcome, MigrateHub(conn, settings.where));
  out << conn.Describe() << ": hub schema version " << outcome.to;
  if (outcome.from == outcome.to) {
    out << ", already current";
  } else {
    out << " (was " << (outcome.from == 0 ? std::string("none") : std::to_string(outcome.from)) << ")";
  }
  out << ", hub id " << outcome.hub_id << "\n";
  return Status::Ok();
}

class HubCommand : public StateCommand {
 public:
  HubCommand(CLI::App* parent, const CommonOptions& options, std::string help, std::string name)
      : StateCommand(std::move(help), std::move(name), parent), options_(options) {
    add_option("--hub", hub_, "the hub: a libpq service name or a conninfo without a password (default: site.hub)")
        ->type_name("SERVICE|CONNINFO");
  }

 protected:
  Result<HubSettings> Hub() const { return ChooseHub(options_, hub_); }

 private:
  const CommonOptions& options_;
  std::string hub_;
};

class MigrateCommand : public HubCommand {
 public:
  MigrateCommand(CLI::App* parent, const CommonOptions& options)
      : HubCommand(parent, options,
                   "create or bring the hub's schema up to this evt's version, as the hub's owner "
                   "(refuses a newer one)",
                   "migrate") {}
  Status Run(std::ostream& out) const override {
    EVT_ASSIGN_OR_RETURN(HubSettings settings, Hub());
    return Migrate(settings, out);
  }
};

class StatusCommand : public HubCommand {
 public:
  StatusCommand(CLI::App* parent, const CommonOptions& options)
      : HubCommand(parent, options, "the hub's schema version and its rows per set for this site", "status") {}
  Status Run(std::ostream& out) const override {
    EVT_ASSIGN_OR_RETURN(HubSettings settings, Hub());
    EVT_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Open(settings.conninfo, settings.where));
    EVT_ASSIGN_OR_RETURN(HubIdentity identity, RequireCurrentSchema(conn, settings.where));
    out << conn.Describe() << ": hub schema version " << identity.version << ", hub id " << identity.hub_id << "\n";
    if (settings.site.empty()) return Status::Ok();
    EVT_ASSIGN_OR_RETURN(std::vector<SetRows> counts, CountRows(conn, settings.site));
    out << "site " << settings.site << ": " << (counts.empty() ? "no rows" : "") << "\n";
    for (const SetRows& set : counts) out << "  " << set.set << ": " << set.rows << " rows\n";
    return Status::Ok();
  }
};

class GrantCommand : public HubCommand {
 public:
  GrantCommand(CLI::App* parent, const CommonOptions& options)
      : HubCommand(parent, options,
                   "let login role ROLE read and insert the rows of site SITE only, as the hub's owner", "grant") {
    add_option("site", site_, "the site (its site.name)")->required()->type_name("SITE");
    add_option("role", role_, "an existing login role of the hub")->required()->type_name("ROLE");
  }
  Status Run(std::ostream& out) const override {
    EVT_ASSIGN_OR_RETURN(HubSettings settings, Hub());
    EVT_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Open(settings.conninfo, settings.where));
    EVT_RETURN_IF_ERROR(RequireCurrentSchema(conn, settings.where).status());
    EVT_RETURN_IF_ERROR(GrantSite(conn, site_, role_, settings.where));
    out << conn.Describe() << ": role " << role_ << " reads and inserts the rows of site " << site_ << " only\n";
    return Status::Ok();
  }

 private:
  std::string site_, role_;
};

}  // namespace

void AddHubCommands(CLI::App& app, CommonOptions& options) {
  CLI::App* hub = app.add_subcommand("hub", "the PostgreSQL hub: migrate its schema, status, grant a site's role");
  hub->require_subcommand(1);
  hub->add_subcommand(std::make_shared<MigrateCommand>(hub, options));
  MarkReadOnly(*hub->add_subcommand(std::make_shared<StatusCommand>(hub, options)));
  hub->add_subcommand(std::make_shared<GrantCommand>(hub, options));
  LetSubcommandsFallThrough(app);
}

int RunHubMigrate(const Config& config) {
  Result<std::optional<HubSettings>> settings = ReadHubSettings(config);
  Status status = settings.status();
  if (status.ok() && !*settings) status = Status::Config(config.path() + ": /site: no hub: set site.hub");
  if (status.ok()) status = Migrate(**settings, std::cout);
  if (!status.ok()) PrintError(status);
  return ToInt(status.code());
}

}  // namespace evt::hub
