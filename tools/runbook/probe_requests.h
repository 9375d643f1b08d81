// Whether an evt-probe call only reads. Its subcommands send whatever
// method and body they are given and may write a --textfile, so the
// command-access table cannot call any of them read-only; a dry run may
// still run one when every request it would send is a GET or HEAD (TCP
// connects and DNS lookups change nothing) and it writes no file.
#pragma once

#include "common/config.h"
#include "tools/runbook/call_access.h"

namespace evt::runbook {

// For a plan of evt-probe's tcp, dns, http, cdn, flow or run: every option
// one known to send or write nothing more (a whitelist, so an option added
// later counts as writing until it is added here), -X/--method only GET or
// HEAD; for flow, every operand a flow file that can be read whose every
// step's "method" is GET or HEAD (the default is GET), read from the
// current folder, which the child shares; for run, every target it would
// probe (those named, else all) in probe.targets of `config` a tcp or dns
// check, an http or cdn check with such a method and no body, or a flow
// whose file (relative to the config's folder) only reads. False for
// anything else, for whatever cannot be read, and for run without a config.
bool ProbeSendsOnlyReads(const CallPlan& plan, const Config* config);

}  // namespace evt::runbook
