#include "common/cli_docs.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/exit_code.h"

namespace evt {
namespace {

// ---- a tool-like app: nested subcommands, flags, choices, positionals,
// files and directories, an alias, a hidden option and a hidden subcommand.

struct SampleValues {
  bool json = false, dry_run = false;
  std::string config, state_dir, secret, alg, key, claims, grace, format, out_dir;
  std::vector<std::string> headers;
};

void BuildSample(CLI::App& app, SampleValues& v) {
  app.name("evt-sample");
  app.description("a sample tool for the generators");
  app.set_help_flag("-h,--help", "print this help and exit")->group("Common options");
  app.set_version_flag("--version", std::string("evt-sample 0.1.0"), "print the version and exit")
      ->group("Common options");
  app.add_flag("--json", v.json, "print records even when stdout is a terminal")->group("Common options");
  app.add_option("--config", v.config, "the config file")->type_name("FILE")->group("Common options");
  app.add_option("--state-dir", v.state_dir, "where the state is kept")->type_name("DIR")->group("Common options");
  app.add_option("--secret-debug", v.secret, "not for users")->group("");
  app.fallthrough();
  CLI::App* sign = app.add_subcommand("sign", ".starts with a dot and has a \\backslash");
  sign->add_option("--alg", v.alg, "the signing algorithm")->check(CLI::IsMember({"HS256", "EdDSA"}));
  sign->add_option("-k,--key", v.key, "the key file")->check(CLI::ExistingFile);
  sign->add_option("-H,--header", v.headers, "an extra header; repeat it");
  sign->add_option("claims", v.claims, "the claims file")->type_name("FILE")->required();
  CLI::App* keys = app.add_subcommand("keys", "manage the key ring");
  keys->require_subcommand(1);
  CLI::App* rotate = keys->add_subcommand("rotate", "rotate the signing key");
  rotate->add_option("--grace", v.grace, "how long the old key verifies")
      ->transform(CLI::CheckedTransformer(std::map<std::string, std::string>{{"short", "1h"}, {"long", "24h"}}));
  rotate->add_flag("--dry-run", v.dry_run, "say what would change");
  rotate->add_option("--out-dir", v.out_dir, "where to write")->check(CLI::ExistingDirectory);
  CLI::App* list = keys->add_subcommand("list", "list the keys");
  list->alias("ls");
  list->add_option("--format", v.format, "how to print: [table] or json")->check(CLI::IsMember({"table", "json"}));
  app.add_subcommand("debug-dump", "internal")->group("");
  for (CLI::App* sub : {sign, keys, rotate, list}) sub->fallthrough();
}

const std::string kHandwritten =
    ".\\\" the hand-written part\n"
    ".SH DESCRIPTION\n"
    "It signs samples.\n"
    ".SH EXAMPLES\n"
    ".nf\n"
    "evt\\-sample sign claims.json\n"
    ".fi\n"
    ".SH \"EXIT STATUS\"\n"
    "Exit status 1 means a sample was rejected.\n"
    ".SH FILES\n"
    "The key ring.\n"
    ".SH SEE ALSO\n"
    ".BR jq (1)\n";

struct Sample {
  Sample() { BuildSample(app, values); }
  CLI::App app;
  SampleValues values;
};

std::string SampleManPage() {
  Sample sample;
  return RenderManPage(sample.app, {"evt-sample", "a sample tool", "0.1.0", kHandwritten});
}

// ---- running the real shells on what was generated

struct Run {
  int exit_code;
  std::string output;  // stdout and stderr
};

Run RunShell(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

void RequireProgram(const std::string& name) {
  INFO(name << " is needed to check the generated files: scripts/install-deps.sh test");
  REQUIRE(RunShell("command -v " + name).exit_code == 0);
}

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("evt-cli-docs-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// ---- the man page

TEST_CASE("cli docs: man page has every visible command and option", "[cli_docs]") {
  const std::string page = SampleManPage();
  CHECK(page.find(".TH \"EVT\\-SAMPLE\" 1 \"\" \"evt 0.1.0\"") != std::string::npos);
  CHECK(page.find(".SH NAME\nevt\\-sample \\- a sample tool\n") != std::string::npos);
  for (const char* command : {"sign", "keys", "keys rotate", "keys list"}) {
    CHECK(page.find(".SS \"evt\\-sample " + std::string(command) + "\"") != std::string::npos);
    CHECK(page.find(".SY \"evt\\-sample " + std::string(command) + "\"") != std::string::npos);
  }
  for (const char* option : {"\\-\\-alg", "\\-\\-key", "\\-k", "\\-\\-header", "\\-\\-grace", "\\-\\-dry\\-run",
                             "\\-\\-out\\-dir", "\\-\\-format", "\\-\\-json", "\\-\\-config", "\\-\\-state\\-dir",
                             "\\-\\-version", "\\-\\-help"}) {
    CHECK(page.find("\\fB" + std::string(option) + "\\fR") != std::string::npos);
  }
  CHECK(page.find("\\fIclaims\\fR") != std::string::npos);
  CHECK(page.find("One of \\fBHS256\\fR, \\fBEdDSA\\fR.") != std::string::npos);
  CHECK(page.find("One of \\fBlong\\fR, \\fBshort\\fR.") != std::string::npos);
  CHECK(page.find("Alias: \\fBls\\fR.") != std::string::npos);
  CHECK(page.find("\\-\\-key\\fR \\fIFILE\\fR") != std::string::npos);
}

TEST_CASE("cli docs: man page leaves out what CLI11 hides", "[cli_docs]") {
  const std::string page = SampleManPage();
  CHECK(page.find("secret") == std::string::npos);
  CHECK(page.find("not for users") == std::string::npos);
  CHECK(page.find("debug") == std::string::npos);
  CHECK(page.find("\\-\\-evt\\-generate") == std::string::npos);
}

TEST_CASE("cli docs: man page lists the common options once", "[cli_docs]") {
  const std::string page = SampleManPage();
  // Each subcommand has its own --help; only the root's is documented.
  CHECK(Count(page, ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n") == 1);
  CHECK(Count(page, ".TP\n\\fB\\-\\-json\\fR\n") == 1);
  const std::size_t options = page.find(".SH OPTIONS");
  REQUIRE(options != std::string::npos);
  CHECK(page.find("\\fB\\-\\-json\\fR\n", options) != std::string::npos);
}

TEST_CASE("cli docs: man page escapes text from the parser for roff", "[cli_docs]") {
  const std::string page = SampleManPage();
  CHECK(page.find("\n\\&.starts with a dot and has a \\ebackslash\n") != std::string::npos);
  CHECK(page.find("\n.starts") == std::string::npos);

  CLI::App app{"", "evt-odd"};
  app.add_flag("--odd")->description("'quoted\nline two \"q\" caf\xC3\xA9 \xFF --state-dir");
  const std::string odd = RenderManPage(app, {"evt-odd", "odd", "1", kHandwritten});
  CHECK(odd.find("\n\\&'quoted\nline two \\(dqq\\(dq caf\\[u00E9] \\[uFFFD] \\-\\-state\\-dir\n") !=
        std::string::npos);
}

TEST_CASE("cli docs: man page merges the hand-written sections in order", "[cli_docs]") {
  const std::string page = SampleManPage();
  std::size_t last = 0;
  for (const char* heading : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION\nIt signs samples.", ".SH COMMANDS",
                              ".SH OPTIONS", ".SH \"EXIT STATUS\"\nExit status 1 means", ".SH ENVIRONMENT",
                              ".SH FILES\nThe key ring.", ".SH EXAMPLES\n.nf\nevt\\-sample sign",
                              ".SH \"SEE ALSO\"\n.BR evt (7),"}) {
    const std::size_t at = page.find(heading);
    INFO(heading);
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
  for (const ExitCodeInfo& info : kExitCodes) {
    CHECK(page.find(".B " + std::to_string(ToInt(info.code)) + "\n" + std::string(info.meaning)) !=
          std::string::npos);
  }
  for (const char* var : {"EVT_CONFIG", "EVT_STATE_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "NO_COLOR", "TERM"}) {
    CHECK(page.find(".B " + std::string(var) + "\n") != std::string::npos);
  }
  CHECK(page.find(".BR evt\\-token (1),\n") != std::string::npos);
  CHECK(page.find(".BR evt\\-detect (1),\n.BR evt\\-outbox (1),\n.BR jq (1)\n") != std::string::npos);
  CHECK(page.find(".BR evt\\-sample (1)") == std::string::npos);
}

TEST_CASE("cli docs: man page is reproducible", "[cli_docs]") {
  CHECK(SampleManPage() == SampleManPage());
  const std::string th = SampleManPage().substr(SampleManPage().find(".TH"), 60);
  CHECK(th.find("20") == std::string::npos);  // no date
}

TEST_CASE("cli docs: groff formats the man page without warnings", "[cli_docs]") {
  RequireProgram("groff");
  TempDir dir;
  const std::string file = dir.Write("evt-sample.1", SampleManPage());
  const Run lint = RunShell("groff -man -Tutf8 -ww -z " + file);
  INFO(lint.output);
  CHECK(lint.exit_code == 0);
  CHECK(lint.output.empty());
  const Run text = RunShell("groff -man -Tascii -P-cbou -ww " + file);
  CHECK(text.output.find(".starts with a dot and has a \\backslash") != std::string::npos);
  CHECK(text.output.find("evt-sample keys rotate") != std::string::npos);
  CHECK(text.output.find("--state-dir") != std::string::npos);
}

TEST_CASE("cli docs: hand-written part is checked before use", "[cli_docs]") {
  const std::string where = "man/src/evt-sample.1.roff";
  CHECK(CheckManPageSource(kHandwritten, where).ok());

  Status stray = CheckManPageSource(".TH X 1\n.SH DESCRIPTION\nx\n", where);
  CHECK(stray.code() == ExitCode::kDataErr);
  CHECK(stray.message() == where + ":1: text before the first .SH; expected only comments there");

  Status missing = CheckManPageSource(".SH DESCRIPTION\nx\n.SH EXAMPLES\ny\n", where);
  CHECK(missing.code() == ExitCode::kDataErr);
  CHECK(missing.message() ==
        where + ": no .SH \"EXIT STATUS\"; expected DESCRIPTION, EXAMPLES and \"EXIT STATUS\" sections");

  Status generated = CheckManPageSource(kHandwritten + ".SH OPTIONS\nx\n", where);
  CHECK(generated.message() == where + ":14: .SH OPTIONS is generated from the parser; remove it");

  Status twice = CheckManPageSource(kHandwritten + ".SH examples\nagain\n", where);
  CHECK(twice.message() == where + ":14: a second .SH EXAMPLES (the first is at line 4)");

  CHECK(CheckManPageSource("", where).code() == ExitCode::kDataErr);
  CHECK(CheckManPageSource(".SH\n", where).message() == where + ":1: .SH without a title");
}

TEST_CASE("cli docs: a tool without subcommands documents its arguments under OPTIONS", "[cli_docs]") {
  CLI::App app{"checks a file", "evt-plain"};
  std::string input;
  int count = 0;
  app.add_option("input", input, "the file to check")->check(CLI::ExistingFile);
  app.add_option("-n,--count", count, "how many")->required();
  const std::string page = RenderManPage(app, {"evt-plain", "checks a file", "", kHandwritten});
  CHECK(page.find(".SH COMMANDS") == std::string::npos);
  CHECK(page.find(".TH \"EVT\\-PLAIN\" 1 \"\" \"evt\" \"evt manual\"") != std::string::npos);
  // CLI11's "INT" is written N, as --help writes it.
  CHECK(page.find(".SY \"evt\\-plain\"\n[\\fB\\-\\-help\\fR]\n\\fB\\-\\-count\\fR \\fIN\\fR\n[\\fIinput\\fR]\n.YS") !=
        std::string::npos);
  const std::size_t options = page.find(".SH OPTIONS");
  REQUIRE(options != std::string::npos);
  CHECK(page.find(".TP\n\\fIinput\\fR\nthe file to check\n", options) != std::string::npos);
  CHECK(page.find("\\fB\\-n\\fR, \\fB\\-\\-count\\fR \\fIN\\fR\nhow many\n.br\nRequired.\n", options) !=
        std::string::npos);
  // Without a hand-written DESCRIPTION the app's own description is used.
  const std::string bare = RenderManPage(app, {"evt-plain", "checks a file", "", ""});
  CHECK(bare.find(".SH DESCRIPTION\nchecks a file\n") != std::string::npos);
  const std::string bash = RenderBashCompletion(app);
  CHECK(bash.find("_evt_plain_files -f") != std::string::npos);
  CHECK(bash.find("'|-n'|'|--count'") != std::string::npos);
}

// ---- the completions

TEST_CASE("cli docs: completions mention every visible command and option", "[cli_docs]") {
  Sample sample;
  const std::vector<std::string> scripts = {RenderBashCompletion(sample.app), RenderZshCompletion(sample.app),
                                            RenderFishCompletion(sample.app)};
  for (const std::string& script : scripts) {
    for (const char* word : {"sign", "keys", "rotate", "list", "ls", "alg", "key", "header", "grace", "dry-run",
                             "out-dir", "format", "json", "config", "state-dir", "version", "help", "HS256",
                             "EdDSA", "long", "short", "table"}) {
      INFO(script.substr(0, 40) << " should mention " << word);
      CHECK(script.find(word) != std::string::npos);
    }
    CHECK(script.find("secret") == std::string::npos);
    CHECK(script.find("debug") == std::string::npos);
  }
  CHECK(scripts[0].find("complete -F _evt_sample 'evt-sample'\n") != std::string::npos);
  CHECK(scripts[1].rfind("#compdef evt-sample\n", 0) == 0);
  CHECK(scripts[2].find("complete -c evt-sample -n '__evt_sample_at keys rotate' -l grace") != std::string::npos);
}

TEST_CASE("cli docs: completions are valid bash, zsh and fish", "[cli_docs]") {
  RequireProgram("bash");
  RequireProgram("zsh");
  RequireProgram("fish");
  Sample sample;
  TempDir dir;
  const Run bash = RunShell("bash -n " + dir.Write("evt-sample.bash", RenderBashCompletion(sample.app)));
  CHECK(bash.output.empty());
  CHECK(bash.exit_code == 0);
  const Run zsh = RunShell("zsh -n " + dir.Write("_evt-sample", RenderZshCompletion(sample.app)));
  CHECK(zsh.output.empty());
  CHECK(zsh.exit_code == 0);
  const Run fish = RunShell("fish --no-execute " + dir.Write("evt-sample.fish", RenderFishCompletion(sample.app)));
  CHECK(fish.output.empty());
  CHECK(fish.exit_code == 0);
}

TEST_CASE("cli docs: a broken completion script fails the syntax checks", "[cli_docs]") {
  // The checks above must be able to fail.
  TempDir dir;
  CHECK(RunShell("bash -n " + dir.Write("bad.bash", "_f() { case x in\n}\n")).exit_code != 0);
  CHECK(RunShell("zsh -n " + dir.Write("_bad", "_f() { if [[ x ]]; then\n}\n")).exit_code != 0);
  CHECK(RunShell("fish --no-execute " + dir.Write("bad.fish", "function f\n")).exit_code != 0);
}

// What the bash completion offers for the words typed; the last is the one
// being completed.
std::string BashComplete(const TempDir& dir, const std::string& script, const std::string& words) {
  const std::string file = dir.Write("evt-sample.bash", script);
  const std::string driver = dir.Write(
      "drive.bash", "source " + file + "\n" + "cd " + dir.path() + "\nCOMP_WORDS=(" + words +
                        ")\nCOMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_evt_sample\necho \"${COMPREPLY[*]}\"\n");
  const Run run = RunShell("bash " + driver);
  REQUIRE(run.exit_code == 0);
  return run.output;
}

TEST_CASE("cli docs: bash completion completes commands, options and values", "[cli_docs]") {
  RequireProgram("bash");
  Sample sample;
  const std::string script = RenderBashCompletion(sample.app);
  TempDir dir;
  dir.Write("claims.json", "{}");
  CHECK(BashComplete(dir, script, "evt-sample ''") == "sign keys\n");
  CHECK(BashComplete(dir, script, "evt-sample k") == "keys\n");
  CHECK(BashComplete(dir, script, "evt-sample keys ''") == "rotate list\n");
  CHECK(BashComplete(dir, script, "evt-sample keys rotate --grace ''") == "long short\n");
  CHECK(BashComplete(dir, script, "evt-sample sign --alg E") == "EdDSA\n");
  CHECK(BashComplete(dir, script, "evt-sample keys ls --format = t") == "table\n");
  CHECK(BashComplete(dir, script, "evt-sample sign --key cl") == "claims.json\n");
  CHECK(BashComplete(dir, script, "evt-sample sign cl") == "claims.json\n");
  // The value of --config is not a subcommand.
  CHECK(BashComplete(dir, script, "evt-sample --config keys ''") == "sign keys\n");
  // Subcommands take the common options too (fallthrough), but not hidden ones.
  CHECK(BashComplete(dir, script, "evt-sample keys rotate --d") == "--dry-run\n");
  CHECK(BashComplete(dir, script, "evt-sample keys rotate --j") == "--json\n");
  CHECK(BashComplete(dir, script, "evt-sample --sec") == "\n");
}

TEST_CASE("cli docs: fish completion completes commands and values", "[cli_docs]") {
  RequireProgram("fish");
  Sample sample;
  TempDir dir;
  const std::string file = dir.Write("evt-sample.fish", RenderFishCompletion(sample.app));
  auto complete = [&](const std::string& line) {
    return RunShell("fish -c 'source " + file + "; complete -C\"" + line + "\"'").output;
  };
  CHECK(complete("evt-sample keys ").find("rotate\trotate the signing key\n") != std::string::npos);
  CHECK(complete("evt-sample keys ").find("sign\t") == std::string::npos);
  CHECK(complete("evt-sample ").find("sign\t") != std::string::npos);
  CHECK(complete("evt-sample sign --alg ").find("HS256") != std::string::npos);
  CHECK(complete("evt-sample --config x keys ").find("list") != std::string::npos);
  CHECK(complete("evt-sample keys rotate --").find("--json") != std::string::npos);
  CHECK(complete("evt-sample --").find("--secret") == std::string::npos);
}

TEST_CASE("cli docs: zsh completion completes subcommands", "[cli_docs]") {
  RequireProgram("zsh");
  Sample sample;
  TempDir dir;
  dir.Write("_evt-sample", RenderZshCompletion(sample.app));
  // zsh completes only in its line editor: drive one in a pseudo-terminal
  // and read what it lists, until the expected entry shows or 10 s pass.
  const std::string driver = dir.Write("drive.zsh",
                                       "zmodload zsh/zpty\n"
                                       "zpty z zsh -f -i\n"
                                       "zpty -w z 'PS1=\"%% \"; fpath=(" + dir.path() +
                                           " $fpath); autoload -Uz compinit; compinit -u -D; bindkey -e; "
                                           "zstyle \":completion:*\" list-prompt \"\"'\n"
                                           "zpty -n -w z $'evt-sample keys \\t\\t'\n"
                                           "out=\n"
                                           "for i in {1..100}; do\n"
                                           "  sleep 0.1\n"
                                           "  while zpty -r -t z chunk 2>/dev/null; do out+=$chunk; done\n"
                                           "  [[ $out == *'rotate the signing key'* ]] && break\n"
                                           "done\n"
                                           "zpty -d z\n"
                                           "print -r -- \"$out\"\n");
  const Run run = RunShell("zsh -f " + driver);
  CHECK(run.output.find("rotate the signing key") != std::string::npos);
  CHECK(run.output.find("list the keys") != std::string::npos);
}

}  // namespace
}  // namespace evt
