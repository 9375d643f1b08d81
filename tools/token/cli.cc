#include "tools/token/cli.h"

#include "common/cli_vocabulary.h"
#include "common/command_access.h"
#include "common/config_check_command.h"
#include "common/hub/hub_commands.h"
#include "common/hub/sync_verb.h"
#include "common/state_commands.h"
#include "tools/token/commands.h"
#include "tools/token/token_config.h"

namespace evt::token {
namespace {

CLI::App* Subcommand(CLI::App& parent, const std::string& name, const std::string& help, Options& options,
                     Command command) {
  CLI::App* sub = parent.add_subcommand(name, help);
  sub->callback([&options, command] { options.command = command; });
  return sub;
}

const auto kAlgs = CLI::IsMember({"EdDSA", "Ed25519", "HS256"});

// A repeatable option takes one value per use, so `--alg EdDSA TOKEN` leaves
// TOKEN to the positional arguments.
CLI::Option* OnePerUse(CLI::Option* option) {
  return option->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void AddSign(CLI::App& app, Options& o) {
  CLI::App* sign = Subcommand(app, "sign", "sign JWT claims: prints one compact token per claims object", o,
                              Command::kSign);
  sign->add_option("--claims", o.sign.claims,
                   "the claims as a JSON object, or @FILE; without it, one JSON object per line on stdin")
      ->type_name("JSON|@FILE");
  sign->add_option("--ttl", o.sign.ttl, "lifetime: exp = iat + TTL (default: token.ttl, else 15m)")
      ->type_name("DURATION");
  sign->add_option("--aud", o.sign.aud, "the \"aud\" claim (default: token.audience)")->type_name("AUD");
  sign->add_option("--iss", o.sign.iss, "the \"iss\" claim (default: token.issuer)")->type_name("ISS");
  sign->add_option("--sub", o.sign.sub, "the \"sub\" claim")->type_name("SUB");
  sign->add_option("--typ", o.sign.typ, "the header \"typ\", e.g. evt-ticket+jwt")->type_name("TYP");
  sign->add_option("--alg", o.sign.alg, "EdDSA (default), Ed25519 (RFC 9864 name) or HS256")->check(kAlgs);
}

void AddVerify(CLI::App& app, Options& o) {
  CLI::App* verify =
      Subcommand(app, "verify", "verify tokens (one per line on stdin, or the records of sign --json, unless given): a verdict each; exit 1 on any",
                 o, Command::kVerify);
  MarkReadOnly(*verify);
  verify->add_option("token", o.verify.tokens, "tokens to verify (for interactive use; stdin is the default)")
      ->type_name("TOKEN");
  OnePerUse(verify->add_option("--aud", o.verify.aud, "an accepted audience; repeatable (default: token.audience)"))
      ->type_name("AUD");
  OnePerUse(verify->add_option("--iss", o.verify.iss, "an accepted issuer; repeatable (default: token.issuer)"))
      ->type_name("ISS");
  verify->add_option("--leeway", o.verify.leeway,
                     "clock skew allowed for exp, nbf and iat (default: token.leeway, else 30s)")
      ->type_name("DURATION");
  OnePerUse(verify->add_option("--alg", o.verify.alg,
                               "an allowed algorithm; repeatable (default: those the keys admit)"))
      ->check(kAlgs);
  verify->add_option("--jwks", o.verify.jwks,
                     "verify with this public JWK set instead of the key ring (default: token.jwks)")
      ->type_name("FILE");
  OnePerUse(verify->add_option("--require", o.verify.require, "a claim that must be present; repeatable"))
      ->type_name("CLAIM");
  verify->add_option("--max-age", o.verify.max_age, "require iat and refuse tokens issued longer ago")
      ->type_name("DURATION");
  verify->add_option("--typ", o.verify.typ, "require this header \"typ\"")->type_name("TYP");
}

void AddDecode(CLI::App& app, Options& o) {
  CLI::App* decode = Subcommand(app, "decode", "show a token's header and claims WITHOUT verifying them", o,
                                Command::kDecode);
  MarkReadOnly(*decode);
  decode->add_option("token", o.decode_token, "the token (default: each line of stdin)")->type_name("TOKEN");
}

void AddKeys(CLI::App& app, Options& o) {
  CLI::App* keys = app.add_subcommand("keys", "the key ring in the state directory");
  keys->require_subcommand(1);
  CLI::App* made = Subcommand(*keys, "new", "make a key: active if its type has none, else published until rotated in",
                              o, Command::kKeysNew);
  made->add_option("--alg", o.keys.alg, "EdDSA (Ed25519, the default) or HS256")->check(kAlgs);
  made->add_option("--kid", o.keys.kid, "its kid (default: its RFC 7638 thumbprint)")->type_name("KID");
  MarkReadOnly(*Subcommand(*keys, "list", "list every key with its state", o, Command::kKeysList));
  CLI::App* rotate = Subcommand(*keys, "rotate",
                                "make a new signing key; the previous one verifies for the longest token "
                                "lifetime plus leeway",
                                o, Command::kKeysRotate);
  rotate->add_option("--alg", o.keys.alg, "which key type to rotate: EdDSA (default) or HS256")->check(kAlgs);
  rotate->add_option("--to", o.keys.to, "promote this published key instead of making one")->type_name("KID");
  rotate->add_option("--grace", o.keys.grace, "keep the previous key verifying at least this long")
      ->type_name("DURATION");
  CLI::App* retire = Subcommand(*keys, "retire", "stop using a key, for signing and verifying", o,
                                Command::kKeysRetire);
  retire->add_option("kid", o.keys.retire_kid, "the key's kid")->required()->type_name("KID");
  retire->add_flag("--force", o.keys.force, "retire even the active key, leaving its type without a signer");
  CLI::App* import = Subcommand(*keys, "import", "add keys from a JWK, a JWK set or a PKCS#8/SPKI PEM file", o,
                                Command::kKeysImport);
  import->add_option("file", o.keys.file, "the key file, - for stdin (the default)")->type_name("FILE");
  import->add_option("--kid", o.keys.kid, "the kid of a single imported key")->type_name("KID");
  CLI::App* exp = Subcommand(*keys, "export", "write keys as a JWK set, a JWK or PEM (public unless --private)", o,
                             Command::kKeysExport);
  exp->add_option("kid", o.keys.export_kids, "keys to export (default: every key that verifies)")->type_name("KID");
  exp->add_option("--format", o.keys.format, "jwks (default), jwk or pem")
      ->check(CLI::IsMember({"jwks", "jwk", "pem"}));
  exp->add_flag("--private", o.keys.private_keys, "include private keys and secrets: only on purpose");
  exp->add_option("--out", o.keys.out, "write to this new file (mode 0600) instead of stdout")->type_name("FILE");
}

const auto kReentry = CLI::IsMember({"single", "reentry"});

void AddScan(CLI::App& app, Options& o) {
  CLI::App* scan = Subcommand(app, "scan",
                              "admit tickets at a gate (tokens or sign --json records on stdin): verify offline, record the admission "
                              "durably, then answer; exit 1 on any refusal",
                              o, Command::kScan);
  scan->add_option("token", o.scan.tokens,
                   "tickets to scan, TOKEN or TOKEN::CODE (for interactive use; stdin is the default)")
      ->type_name("TOKEN");
  scan->add_option("--gate", o.scan.gate, "this gate's id (default: token.gate, else the host name)")
      ->type_name("ID");
  scan->add_option("--type", o.scan.type, "entry (default) or exit")->check(CLI::IsMember({"entry", "exit"}));
  scan->add_option("--reentry", o.scan.reentry,
                   "single: a ticket admits once; reentry: again after an exit (default: token.reentry, else "
                   "single)")
      ->check(kReentry);
  scan->add_option("--batch", o.scan.batch,
                   "commit up to N scans at once (answers wait for their commit; default 1)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
  scan->add_option("--jwks", o.scan.verify.jwks, "verify with this public JWK set (default: token.jwks, else the ring)")
      ->type_name("FILE");
  OnePerUse(scan->add_option("--aud", o.scan.verify.aud, "an accepted audience; repeatable (default: token.audience)"))
      ->type_name("AUD");
  OnePerUse(scan->add_option("--iss", o.scan.verify.iss, "an accepted issuer; repeatable (default: token.issuer)"))
      ->type_name("ISS");
  scan->add_option("--leeway", o.scan.verify.leeway, "clock skew allowed (default: token.leeway, else 30s)")
      ->type_name("DURATION");
}

void AddScans(CLI::App& app, Options& o) {
  CLI::App* scans = app.add_subcommand("scans", "exchange scan sets between gates");
  scans->require_subcommand(1);
  CLI::App* exp = Subcommand(*scans, "export", "write the scan set (scans and revocations) as JSON Lines", o,
                             Command::kScansExport);
  MarkReadOnly(*exp);
  AddAfterSeqOption(*exp, o.scans.since, "only scans and revocations after this seq (the last seq a peer took)");
  CLI::App* merge = Subcommand(*scans, "merge",
                               "add another gate's export to this set; prints the double admissions it reveals", o,
                               Command::kScansMerge);
  merge->add_option("file", o.scans.file, "the export, - for stdin (the default)")->type_name("FILE");
  merge->add_option("--reentry", o.scans.reentry, "single or reentry (default: token.reentry)")->check(kReentry);
  merge->add_flag("--fail-on-double", o.scans.fail_on_double,
                  "exit 1 if the merge reveals a double admission (the merge is kept)");
  CLI::App* report = Subcommand(*scans, "report",
                                "who admitted each ticket, every double admission and revocation", o,
                                Command::kScansReport);
  MarkReadOnly(*report);
  report->add_option("--reentry", o.scans.reentry, "single or reentry (default: token.reentry)")->check(kReentry);
  MarkReadOnly(*Subcommand(*scans, "quarantine",
                           "list the elements too far ahead of this gate's clock (token.max_drift) to move it", o,
                           Command::kScansQuarantine));
  CLI::App* sync = Subcommand(*scans, "sync",
                              "push this gate's scans and revocations to the hub (site.hub) and merge what the other "
                              "gates pushed, as `scans merge` does; double_admission records for what that reveals",
                              o, Command::kScansSync);
  sync->add_option("--reentry", o.scans.reentry, "single or reentry (default: token.reentry)")->check(kReentry);
  hub::AddSyncFlags(*sync, o.scans.sync);
  CLI::App* clock = scans->add_subcommand("clock", "this gate's scan clock");
  clock->require_subcommand(1);
  CLI::App* rebase = Subcommand(*clock, "rebase",
                                "quarantine the elements beyond token.max_drift and set the scan clock back to "
                                "the newest of the others",
                                o, Command::kScansClockRebase);
  rebase->add_flag("--yes", o.scans.yes, "do it: later scans are stamped from the rebased clock");
  rebase->add_flag("--dry-run", o.scans.dry_run, "say what would change, change nothing; exit 3 if something would");
}

void AddRevoke(CLI::App& app, Options& o) {
  CLI::App* revoke = Subcommand(app, "revoke", "refuse tickets by jti at this gate and every gate that merges it",
                                o, Command::kRevoke);
  revoke->add_option("jti", o.revoke.jtis, "the tickets' jti claims")->required()->type_name("JTI");
  revoke->add_option("--reason", o.revoke.reason, "why, e.g. refunded")->type_name("TEXT");
  revoke->add_option("--gate", o.revoke.gate, "where it is revoked (default: token.gate, else the host name)")
      ->type_name("ID");
}

void AddCode(CLI::App& app, Options& o) {
  CLI::App* code = Subcommand(app, "code", "print a ticket's current rotating code (token.code)", o, Command::kCode);
  MarkReadOnly(*code);
  code->add_option("token", o.code.token, "the ticket (default: the first line of stdin)")->type_name("TOKEN");
  code->add_option("--at", o.code.at, "the code at this RFC 3339 time instead of now")->type_name("TIME");
}

}  // namespace

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckTokenSection);
  // The scan and revocation sets are grow-only and synced between gates: a
  // pruned scan would come back with the next merge, so only backup.
  hub::AddHubCommands(app, options.common);
  AddStateCommands(app, options.common, "token", nullptr);
  AddSign(app, options);
  AddVerify(app, options);
  AddDecode(app, options);
  AddKeys(app, options);
  MarkReadOnly(*Subcommand(app, "jwks", "print the public JWK set of the ring's keys, for gates and other verifiers",
                           options, Command::kJwks));
  AddScan(app, options);
  AddScans(app, options);
  AddRevoke(app, options);
  AddCode(app, options);
  MarkReadOnly(*Subcommand(app, "status",
                           "this gate's scan set: per gate admissions, double admissions, revocations, newest "
                           "element; the active signing keys",
                           options, Command::kStatus));
  app.require_subcommand(1);
}

Status Run(const Options& options) {
  Result<CommandContext> ctx = CommandContext::Make(options.common);
  if (!ctx.ok()) return ctx.status();
  switch (options.command) {
    case Command::kSign: return RunSign(*ctx, options.sign);
    case Command::kVerify: return RunVerify(*ctx, options.verify);
    case Command::kDecode: return RunDecode(*ctx, options.decode_token);
    case Command::kKeysNew: return RunKeysNew(*ctx, options.keys);
    case Command::kKeysList: return RunKeysList(*ctx);
    case Command::kKeysRotate: return RunKeysRotate(*ctx, options.keys);
    case Command::kKeysRetire: return RunKeysRetire(*ctx, options.keys);
    case Command::kKeysImport: return RunKeysImport(*ctx, options.keys);
    case Command::kKeysExport: return RunKeysExport(*ctx, options.keys);
    case Command::kJwks: return RunJwks(*ctx);
    case Command::kScan: return RunScan(*ctx, options.scan);
    case Command::kScansExport: return RunScansExport(*ctx, options.scans);
    case Command::kScansMerge: return RunScansMerge(*ctx, options.scans);
    case Command::kScansReport: return RunScansReport(*ctx, options.scans);
    case Command::kScansQuarantine: return RunScansQuarantine(*ctx);
    case Command::kScansClockRebase: return RunScansClockRebase(*ctx, options.scans);
    case Command::kScansSync: return RunScansSync(*ctx, options.scans);
    case Command::kRevoke: return RunRevoke(*ctx, options.revoke);
    case Command::kCode: return RunCode(*ctx, options.code);
    case Command::kStatus: return RunStatus(*ctx);
    case Command::kNone: break;
  }
  return Status::Usage("a command is required: sign, verify, decode, keys, jwks, scan, scans, revoke, code or status");
}

}  // namespace evt::token
