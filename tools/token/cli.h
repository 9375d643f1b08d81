// evt-token's command line: one BuildCli that main() and the man page and
// completion generator share, and Run, which does what was asked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/cli_common_options.h"
#include "common/hub/sync_flags.h"
#include "common/status.h"

namespace evt::token {

enum class Command { kNone, kSign, kVerify, kDecode, kKeysNew, kKeysList, kKeysRotate, kKeysRetire, kKeysImport,
                     kKeysExport, kJwks, kScan, kScansExport, kScansMerge, kScansReport, kScansQuarantine, kScansClockRebase, kScansSync,
                     kRevoke, kCode, kStatus };

struct SignArgs {
  std::string claims;  // JSON or @FILE; empty: JSON Lines on stdin
  std::string ttl;     // empty: the config's, else 15m
  std::string aud, iss, sub, typ;
  std::string alg;     // empty: EdDSA
};

struct VerifyArgs {
  std::vector<std::string> tokens;  // empty: one per line on stdin
  std::vector<std::string> aud, iss, alg, require;
  std::string leeway, max_age, jwks, typ;
};

struct KeysArgs {
  std::string alg;  // new, rotate: EdDSA (default) or HS256
  std::string kid;  // new: the kid; import: the kid of a single key
  std::string to;     // rotate: a published key to promote
  std::string grace;  // rotate: at least this long for the previous key
  std::string retire_kid;
  bool force = false;
  std::string file = "-";  // import
  std::vector<std::string> export_kids;
  std::string format = "jwks";
  bool private_keys = false;
  std::string out;
};

struct ScanArgs {
  std::vector<std::string> tokens;  // empty: one per line on stdin; "TOKEN::CODE" with a code
  std::string gate;                 // empty: token.gate, else the host name
  std::string type = "entry";       // entry or exit
  std::string reentry;              // empty: token.reentry (single)
  std::size_t batch = 1;            // scans per durable commit
  VerifyArgs verify;                // --jwks, --aud, --iss, --leeway
};

struct ScansArgs {
  std::int64_t since = 0;    // export --after-seq: the last seq already taken
  std::string file = "-";    // merge
  std::string reentry;       // merge, report: empty: token.reentry
  bool yes = false;          // clock rebase
  bool dry_run = false;      // clock rebase
  bool fail_on_double = false;  // merge: exit 1 when it reveals a double admission
  hub::SyncFlags sync;       // sync
};

struct RevokeArgs {
  std::vector<std::string> jtis;
  std::string reason;
  std::string gate;
};

struct CodeArgs {
  std::string token;  // empty: the first line of stdin
  std::string at;     // empty: now; else RFC 3339
};

struct Options {
  CommonOptions common;
  Command command = Command::kNone;
  SignArgs sign;
  VerifyArgs verify;
  std::string decode_token;
  KeysArgs keys;
  ScanArgs scan;
  ScansArgs scans;
  RevokeArgs revoke;
  CodeArgs code;
};

// REQUIRES: app is named "evt-token"; options outlives parsing.
void BuildCli(CLI::App& app, Options& options);

// Runs options.command. REQUIRES: the command line was parsed.
Status Run(const Options& options);

}  // namespace evt::token
