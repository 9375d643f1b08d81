#include "common/state_commands.h"

#include "common/command_access.h"
#include "common/duration.h"
#include "common/heartbeat.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/site_hold.h"
#include "common/site_store.h"
#include "common/state_backup.h"
#include "common/state_dir.h"
#include "common/state_root.h"

namespace evt {
namespace {

std::string CompactUtc(TimePoint t) {
  std::string text = FormatRfc3339(t);  // 2026-12-05T18:00:00.000Z
  std::string out;
  for (char c : text.substr(0, 19)) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out + "Z";
}


class BackupCommand : public StateCommand {
 public:
  BackupCommand(CLI::App* parent, const CommonOptions& options, std::string tool)
      : StateCommand("copy the state database (keys included) while the tool may be running", "backup", parent),
        options_(options),
        tool_(std::move(tool)) {
    add_option("--to", to_, "the new file (default: STATE_DIR/backups/" + tool_ + "-UTCTIME.db); never overwritten")
        ->type_name("FILE");
  }

  Status Run(std::ostream& out) const override {
    Result<std::string> dir = ResolveStateDir(options_);
    if (!dir.ok()) return dir.status();
    std::string to = to_;
    if (to.empty()) {
      std::string backups = JoinPath(*dir, "backups");
      EVT_RETURN_IF_ERROR(EnsurePrivateDir(backups));
      to = JoinPath(backups, tool_ + "-" + CompactUtc(MachineClock().Now()) + ".db");
    }
    std::string from = JoinPath(*dir, tool_ + ".db");
    EVT_RETURN_IF_ERROR(BackupDatabase(from, to));
    out << from << ": backed up to " << to << "\n";
    return Status::Ok();
  }

 private:
  const CommonOptions& options_;
  std::string tool_;
  std::string to_;
};

class PruneCommand : public StateCommand {
 public:
  PruneCommand(CLI::App* parent, const CommonOptions& options, std::string tool, StatePruner prune)
      : StateCommand("remove what the state keeps from before a time it no longer needs", "prune", parent),
        options_(options),
        tool_(std::move(tool)),
        prune_(std::move(prune)) {
    add_option("--older-than", older_than_, "remove what is older than DURATION (\"30d\", \"12h\")")
        ->type_name("DURATION")
        ->required();
  }

  Status Run(std::ostream& out) const override {
    Result<Duration> age = ParseDuration(older_than_);
    if (!age.ok()) return Status::Usage("--older-than: " + age.status().message());
    if (age->count() <= 0) return Status::Usage("--older-than: expected a duration above 0");
    Result<std::string> dir = ResolveStateDir(options_);
    if (!dir.ok()) return dir.status();
    TimePoint cutoff = MachineClock().Now() - *age;
    Result<std::vector<PrunedRows>> pruned = prune_(*dir, cutoff);
    if (!pruned.ok()) return pruned.status();
    std::string db = JoinPath(*dir, tool_ + ".db");
    for (const PrunedRows& p : *pruned) out << db << ": removed " << p.rows << " " << p.what << " from before " << FormatRfc3339(cutoff) << "\n";
    return Status::Ok();
  }

 private:
  const CommonOptions& options_;
  std::string tool_;
  StatePruner prune_;
  std::string older_than_;
};

// `state where`: an operator whose `force` went nowhere learns here which
// store this shell uses, why, and whether a daemon uses it too.
class WhereCommand : public StateCommand {
 public:
  WhereCommand(CLI::App* parent, const CommonOptions& options)
      : StateCommand("say which state directory this command line uses, why, and which daemons use it", "where",
                     parent),
        options_(options) {}

  Status Run(std::ostream& out) const override {
    Result<StateRoot> root = FindStateRoot(options_, /*explain=*/true);
    if (!root.ok()) return root.status();
    for (const std::string& warning : root->warnings) PrintWarning(warning);
    out << root->dir << " (from " << root->why << ")\n";
    Result<std::vector<Beat>> beats = ReadBeats(root->dir);
    if (!beats.ok()) return beats.status();
    const TimePoint now = MachineClock().Now();
    const std::string host = ThisHost();
    if (beats->empty()) out << "no daemon has used it\n";
    for (const Beat& b : *beats) {
      out << b.daemon << ": " << LivenessText(b, now, host) << " (pid " << b.pid << " on " << b.host
          << ", last beat " << FormatRfc3339(b.beat_at) << ")\n";
    }
    Result<std::optional<SiteHold>> hold = HoldAt(root->dir, now);
    if (!hold.ok()) return hold.status();
    if (*hold) out << "site " << HoldText(**hold) << "\n";
    return Status::Ok();
  }

 private:
  const CommonOptions& options_;
};

class HoldCommand : public StateCommand {
 public:
  HoldCommand(CLI::App* parent, const CommonOptions& options)
      : StateCommand("hands off: hold every loop that acts on its own, site-wide, while a person works", "hold",
                     parent),
        options_(options) {
    add_option("--for", for_, "how long the hold lasts unless released (\"30m\")")->type_name("DURATION")->required();
    add_option("--reason", reason_, "what the person is doing, shown by every status")->type_name("TEXT")->required();
  }

  Status Run(std::ostream& out) const override {
    Result<Duration> how_long = ParseDuration(for_);
    if (!how_long.ok()) return Status::Usage("--for: " + how_long.status().message());
    if (how_long->count() <= 0) return Status::Usage("--for: expected a duration above 0");
    if (reason_.empty()) return Status::Usage("--reason: say what the person is doing");
    Result<std::string> dir = ResolveStateDir(options_);
    if (!dir.ok()) return dir.status();
    Result<Store> site = OpenSiteStore(*dir);
    if (!site.ok()) return site.status();
    const TimePoint now = MachineClock().Now();
    SiteHold hold{reason_, WhoAmI(), now, now + *how_long};
    EVT_RETURN_IF_ERROR(PlaceHold(*site, hold));
    out << *dir << ": site " << HoldText(hold) << "\n";
    return Status::Ok();
  }

 private:
  const CommonOptions& options_;
  std::string for_;
  std::string reason_;
};

class ReleaseCommand : public StateCommand {
 public:
  ReleaseCommand(CLI::App* parent, const CommonOptions& options)
      : StateCommand("end the site-wide hold; the loops act on their own again", "release", parent),
        options_(options) {}

  Status Run(std::ostream& out) const override {
    Result<std::string> dir = ResolveStateDir(options_);
    if (!dir.ok()) return dir.status();
    Result<Store> site = OpenSiteStore(*dir);
    if (!site.ok()) return site.status();
    Result<bool> lifted = LiftHold(*site, MachineClock().Now());
    if (!lifted.ok()) return lifted.status();
    out << *dir << (*lifted ? ": site hold released\n" : ": no site hold to release\n");
    return Status::Ok();
  }

 private:
  const CommonOptions& options_;
};

}  // namespace

void AddStateCommands(CLI::App& app, CommonOptions& options, std::string tool, StatePruner prune) {
  CLI::App* state = app.add_subcommand("state", "the state root: where, hold, release; the database: backup, prune");
  state->require_subcommand(1);
  MarkReadOnly(*state->add_subcommand(std::make_shared<WhereCommand>(state, options)));
  state->add_subcommand(std::make_shared<HoldCommand>(state, options));
  state->add_subcommand(std::make_shared<ReleaseCommand>(state, options));
  state->add_subcommand(std::make_shared<BackupCommand>(state, options, tool));
  if (prune) state->add_subcommand(std::make_shared<PruneCommand>(state, options, tool, std::move(prune)));
  LetSubcommandsFallThrough(app);
}

const StateCommand* ChosenStateCommand(const CLI::App& app) {
  for (const CLI::App* chosen : app.get_subcommands()) {
    if (auto* command = dynamic_cast<const StateCommand*>(chosen)) return command;
    if (const StateCommand* nested = ChosenStateCommand(*chosen)) return nested;
  }
  return nullptr;
}

}  // namespace evt
