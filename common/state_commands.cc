#include "common/state_commands.h"

#include "common/duration.h"
#include "common/state_backup.h"
#include "common/state_dir.h"

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

TimePoint Now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

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
    Result<std::string> dir = ResolveStateDir(options_.state_dir);
    if (!dir.ok()) return dir.status();
    std::string to = to_;
    if (to.empty()) {
      std::string backups = JoinPath(*dir, "backups");
      EVT_RETURN_IF_ERROR(EnsurePrivateDir(backups));
      to = JoinPath(backups, tool_ + "-" + CompactUtc(Now()) + ".db");
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
    Result<std::string> dir = ResolveStateDir(options_.state_dir);
    if (!dir.ok()) return dir.status();
    TimePoint cutoff = Now() - *age;
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

}  // namespace

void AddStateCommands(CLI::App& app, CommonOptions& options, std::string tool, StatePruner prune) {
  CLI::App* state = app.add_subcommand("state", "look after the state database: backup, prune");
  state->require_subcommand(1);
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
