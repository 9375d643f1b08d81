// The generated scripts ask `TOOL __complete` exactly where a value names
// something on the site (common/completion_slots.h), and nowhere in a tool
// whose values name nothing there.
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>

#include <string>

#include "common/cli_common_options.h"
#include "common/cli_docs.h"

namespace evt {
namespace {

struct Values {
  CommonOptions common;
  std::string queue, file, format;
};

// evt-outbox's shape: `put QUEUE [FILE]`, `list --queue Q --format F`.
void BuildApp(CLI::App& app, Values& v) {
  AddCommonOptions(app, v.common);
  CLI::App* put = app.add_subcommand("put", "add records to a queue");
  put->add_option("queue", v.queue, "the queue")->required();
  put->add_option("file", v.file, "records")->type_name("FILE");
  CLI::App* list = app.add_subcommand("list", "list the records");
  list->add_option("--queue", v.queue, "only this queue's records")->type_name("QUEUE");
  list->add_option("--format", v.format, "how to print")->check(CLI::IsMember({"table", "json"}));
  LetSubcommandsFallThrough(app);
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_CASE("completion scripts: bash asks __complete for the queue, nothing else") {
  CLI::App app{"", "evt-outbox"};
  Values v;
  BuildApp(app, v);
  const std::string bash = RenderBashCompletion(app);
  CHECK(Has(bash, "'evt-outbox' __complete \"${line[@]}\" \"$cur\""));
  CHECK(Has(bash, "'list|--queue')\n      _evt_outbox_site\n"));
  CHECK(Has(bash, "'list|--format')\n      _evt_outbox_compgen -W 'table json'\n"));
  CHECK(Has(bash, "'put')\n      if [[ $cur == -* ]]"));
  CHECK(Has(bash, "        _evt_outbox_site\n        _evt_outbox_files -f\n"));
}

TEST_CASE("completion scripts: zsh keeps the whole line and asks __complete for the queue") {
  CLI::App app{"", "evt-outbox"};
  Values v;
  BuildApp(app, v);
  const std::string zsh = RenderZshCompletion(app);
  CHECK(Has(zsh, "_evt_outbox_line=(\"${(@Q)words[2,CURRENT-1]}\" \"${(Q)PREFIX}\")"));
  CHECK(Has(zsh, "':queue:_evt_outbox_site'"));
  CHECK(Has(zsh, "'--queue=[only this queue'\\''s records]:QUEUE:_evt_outbox_site'"));
  CHECK(Has(zsh, "'--format=[how to print]:TEXT:(table json)'"));
  // compinit autoloads the file as a function named as the file: it must
  // complete on that first call, not only register itself.
  CHECK(Has(zsh, "if [[ $funcstack[1] == '_evt-outbox' ]]; then\n  _evt_outbox \"$@\"\n"));
}

TEST_CASE("completion scripts: fish asks __complete for the queue") {
  CLI::App app{"", "evt-outbox"};
  Values v;
  BuildApp(app, v);
  const std::string fish = RenderFishCompletion(app);
  CHECK(Has(fish, "function __evt_outbox_site\n"));
  CHECK(Has(fish, "complete -c evt-outbox -n '__evt_outbox_at put' -f -a '(__evt_outbox_site)'\n"));
  CHECK(Has(fish, "-l queue -r -f -a '(__evt_outbox_site)'"));
}

TEST_CASE("completion scripts: a tool whose values name nothing on the site never asks") {
  CLI::App app{"", "evt-sample"};
  Values v;
  BuildApp(app, v);
  for (const std::string& script : {RenderBashCompletion(app), RenderZshCompletion(app), RenderFishCompletion(app)}) {
    CHECK_FALSE(Has(script, "__complete"));
    CHECK_FALSE(Has(script, "_site"));
  }
}

TEST_CASE("completion scripts: the front door hands a line that starts with a tool to evt __complete") {
  CLI::App app{"", "evt"};
  Values v;
  BuildApp(app, v);
  const std::string bash = RenderBashCompletion(app);
  CHECK(Has(bash, "      '|'[!-]*) path='->' ;;\n"));
  CHECK(Has(bash, "    '->')\n      _evt_site ;;\n"));
  const std::string zsh = RenderZshCompletion(app);
  CHECK(Has(zsh, "        *) _evt_site ;;\n"));
  CHECK(Has(zsh, "_evt_commands() {\n  _evt_site\n}\n"));
  const std::string fish = RenderFishCompletion(app);
  CHECK(Has(fish, "            case '|*'\n                set path \"->\"\n"));
  CHECK(Has(fish, "complete -c evt -n '__evt_at \"->\"' -f -a '(__evt_site all)'\n"));
}

}  // namespace
}  // namespace evt
