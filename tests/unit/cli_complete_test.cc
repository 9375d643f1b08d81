#include "common/cli_complete.h"

#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "common/cli_common_options.h"

namespace evt {
namespace {

// ---- a tool shaped like evt-outbox: common options, subcommands whose
// values name queues (common/completion_slots.h), choices, a file.

struct OutboxValues {
  CommonOptions common;
  std::string queue, file, format, destination;
};

void BuildOutboxLike(CLI::App& app, OutboxValues& v) {
  AddCommonOptions(app, v.common);
  app.require_subcommand(1);
  CLI::App* put = app.add_subcommand("put", "add records to a queue");
  put->add_option("queue", v.queue, "the queue")->required();
  put->add_option("file", v.file, "records")->type_name("FILE");
  CLI::App* list = app.add_subcommand("list", "list the records");
  list->add_option("--queue", v.queue, "only this queue's records")->type_name("QUEUE");
  list->add_option("--destination", v.destination, "only this destination")->type_name("DEST");
  list->add_option("--format", v.format, "how to print")->check(CLI::IsMember({"table", "json"}));
  app.add_subcommand("status", "the queues' state");
  LetSubcommandsFallThrough(app);
}

// Answers every kind of name from a fixed list and remembers what it was asked.
struct FakeSite {
  std::vector<SiteNameKind> kinds;
  std::vector<std::string> config_flags;

  SiteNameLookup Lookup() {
    return [this](SiteNameKind kind, std::string_view config_flag) {
      kinds.push_back(kind);
      config_flags.emplace_back(config_flag);
      if (kind == SiteNameKind::kOutboxQueue) return std::vector<SiteName>{{"orders", "critical"}, {"telemetry", ""}};
      if (kind == SiteNameKind::kOutboxDestination) return std::vector<SiteName>{{"shop", "http"}};
      return std::vector<SiteName>{};
    };
  }
};

std::vector<std::string> Values(const std::vector<Candidate>& candidates) {
  std::vector<std::string> out;
  for (const Candidate& c : candidates) out.push_back(c.value);
  return out;
}

struct Line {
  CLI::App app{"outbox-like", "evt-outbox"};
  OutboxValues values;
  FakeSite site;
  Line() { BuildOutboxLike(app, values); }
  std::vector<Candidate> Complete(const std::vector<std::string>& words) {
    return CompleteLine(WalkCli(app), words, site.Lookup());
  }
};

TEST_CASE("complete: subcommands at the start, filtered by the word typed, with descriptions") {
  Line line;
  std::vector<Candidate> all = line.Complete({""});
  std::vector<std::string> values = Values(all);
  CHECK(std::find(values.begin(), values.end(), "put") != values.end());
  CHECK(std::find(values.begin(), values.end(), "list") != values.end());
  CHECK(std::find(values.begin(), values.end(), "--config") == values.end());
  CHECK(Values(line.Complete({"p"})) == std::vector<std::string>{"put"});
  CHECK(line.Complete({"p"}).front().description == "add records to a queue");
  CHECK(line.site.kinds.empty());  // no config read where no name is wanted
}

TEST_CASE("complete: options after a dash, the common ones inherited by a subcommand") {
  Line line;
  std::vector<std::string> values = Values(line.Complete({"list", "--"}));
  CHECK(std::find(values.begin(), values.end(), "--queue") != values.end());
  CHECK(std::find(values.begin(), values.end(), "--config") != values.end());
  CHECK(Values(line.Complete({"list", "--fo"})) == std::vector<std::string>{"--format"});
}

TEST_CASE("complete: an option's choices, after a space or after '='") {
  Line line;
  CHECK(Values(line.Complete({"list", "--format", ""})) == std::vector<std::string>{"table", "json"});
  CHECK(Values(line.Complete({"list", "--format", "j"})) == std::vector<std::string>{"json"});
  // The shells replace only what follows '=': the values come alone.
  CHECK(Values(line.Complete({"list", "--format=t"})) == std::vector<std::string>{"table"});
}

TEST_CASE("complete: a positional that names a queue offers the site's queues") {
  Line line;
  std::vector<Candidate> queues = line.Complete({"put", ""});
  CHECK(Values(queues) == std::vector<std::string>{"orders", "telemetry"});
  CHECK(queues.front().description == "critical");
  CHECK(Values(line.Complete({"put", "te"})) == std::vector<std::string>{"telemetry"});
  CHECK(line.site.kinds.front() == SiteNameKind::kOutboxQueue);
  // The second positional is a file: no site names there.
  CHECK(line.Complete({"put", "orders", ""}).empty());
}

TEST_CASE("complete: an option that names a queue or a destination offers the site's") {
  Line line;
  CHECK(Values(line.Complete({"list", "--queue", "o"})) == std::vector<std::string>{"orders"});
  CHECK(Values(line.Complete({"list", "--queue=t"})) == std::vector<std::string>{"telemetry"});
  CHECK(Values(line.Complete({"list", "--destination", ""})) == std::vector<std::string>{"shop"});
  // The same option name elsewhere in another tool's table means nothing here.
  CHECK(line.Complete({"list", "--format", "x"}).empty());
}

TEST_CASE("complete: the names come from the config named on the line") {
  Line line;
  line.Complete({"--config", "/site/a.json", "put", ""});
  line.Complete({"put", "--config=/site/b.json", ""});
  line.Complete({"put", ""});
  CHECK(line.site.config_flags == std::vector<std::string>{"/site/a.json", "/site/b.json", ""});
}

TEST_CASE("complete: an option's value is not taken for a subcommand") {
  Line line;
  // "put" is the value of --config here, so the line is still at the root.
  std::vector<std::string> values = Values(line.Complete({"--config", "put", ""}));
  CHECK(std::find(values.begin(), values.end(), "status") != values.end());
  CHECK(line.site.kinds.empty());
}

TEST_CASE("complete: after -- only positionals, and unknown words offer nothing") {
  Line line;
  CHECK(Values(line.Complete({"put", "--", "-"})).empty());
  CHECK(Values(line.Complete({"put", "--", ""})) == std::vector<std::string>{"orders", "telemetry"});
  CHECK(line.Complete({"bogus", "--nope", "x"}).empty());
}

TEST_CASE("complete: PrintCandidates writes a tab before a description and drops unprintable names") {
  std::ostringstream out;
  PrintCandidates({{"orders", "critical"}, {"telemetry", ""}, {"bad\tname", "x"}, {"a", "two\nlines"}}, out);
  CHECK(out.str() == "orders\tcritical\ntelemetry\na\ttwo lines\n");
}

TEST_CASE("complete: CompleteWords takes the words after __complete, the last being the one under the cursor") {
  const char* none[] = {"evt-outbox", "__complete"};
  CHECK(CompleteWords(2, none) == std::vector<std::string>{""});
  const char* some[] = {"evt-outbox", "__complete", "put", "or"};
  CHECK(IsCompleteRequest(4, some));
  CHECK(CompleteWords(4, some) == std::vector<std::string>{"put", "or"});
  const char* other[] = {"evt-outbox", "put"};
  CHECK_FALSE(IsCompleteRequest(2, other));
}

}  // namespace
}  // namespace evt
