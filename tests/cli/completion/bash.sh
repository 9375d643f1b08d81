#!/usr/bin/env bash
# bash: the generated completions, driven as bash drives them (COMP_WORDS,
# COMP_CWORD), offer subcommands and choices from the parser and the
# site's names (runbooks, targets, routes, paths, queues, gates) from
# `TOOL __complete`, for the tools and through the front door `evt`.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/completion_lib.bash"

make_site
generate_completions bash

# complete_at TOOL WORD...: the last WORD is the one under the cursor; the
# candidates go to $TMP/got, one a line.
complete_at() {
  local tool=$1
  shift
  bash --norc --noprofile -c '
    source "$1"
    fn=_${2//[^a-zA-Z0-9]/_}
    shift 2
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    "$fn"
    ((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$TMP/completions/$tool.bash" "$tool" "$tool" "$@" >"$TMP/got" 2>"$TMP/err" || fail "$tool $*: completion failed: $(cat "$TMP/err")"
  [[ ! -s $TMP/err ]] || fail "$tool $*: stderr: $(cat "$TMP/err")"
}

# The parser's part: subcommands, options, choices.
complete_at evt-runbook ''
expect_candidates "evt-runbook <TAB>" "$TMP/got" run list show check history
complete_at evt-runbook sh
expect_candidates "evt-runbook sh<TAB>" "$TMP/got" show
expect_not_candidate "evt-runbook sh<TAB>" "$TMP/got" run
complete_at evt-failover mode ''
expect_candidates "evt-failover mode <TAB>" "$TMP/got" normal reduced
complete_at evt-outbox list --color ''
expect_candidates "evt-outbox list --color <TAB>" "$TMP/got" auto always never

# The site's part.
complete_at evt-runbook run ''
expect_candidates "evt-runbook run <TAB>" "$TMP/got" drill-uplink page-oncall
expect_not_candidate "evt-runbook run <TAB>" "$TMP/got" helpers
complete_at evt-runbook show pa
expect_candidates "evt-runbook show pa<TAB>" "$TMP/got" page-oncall
expect_not_candidate "evt-runbook show pa<TAB>" "$TMP/got" drill-uplink
complete_at evt-runbook history --runbook ''
expect_candidates "evt-runbook history --runbook <TAB>" "$TMP/got" drill-uplink page-oncall
complete_at evt-probe run ''
expect_candidates "evt-probe run <TAB>" "$TMP/got" uplink-a mesh-b
complete_at evt-failover route set ''
expect_candidates "evt-failover route set <TAB>" "$TMP/got" reads-r checkout-r
complete_at evt-failover force ''
expect_candidates "evt-failover force <TAB>" "$TMP/got" primary-p local-l
complete_at evt-outbox put ''
expect_candidates "evt-outbox put <TAB>" "$TMP/got" orders-q telemetry-q
# "--queue=" reaches the function as "--queue" "=" "".
complete_at evt-outbox list --queue = t
expect_candidates "evt-outbox list --queue=t<TAB>" "$TMP/got" telemetry-q
expect_not_candidate "evt-outbox list --queue=t<TAB>" "$TMP/got" orders-q
complete_at evt-token scan --gate ''
expect_candidates "evt-token scan --gate <TAB>" "$TMP/got" gate-g
# A --config on the line is the config whose names are offered.
complete_at evt-outbox --config "$TMP/site/other.json" put ''
expect_candidates "evt-outbox --config other.json put <TAB>" "$TMP/got" other-q
expect_not_candidate "evt-outbox --config other.json put <TAB>" "$TMP/got" orders-q

# The front door: its own commands, the tools, and each tool's completion.
complete_at evt ''
expect_candidates "evt <TAB>" "$TMP/got" status doctor runbook outbox failover
complete_at evt runbook run ''
expect_candidates "evt runbook run <TAB>" "$TMP/got" drill-uplink page-oncall
complete_at evt outbox put o
expect_candidates "evt outbox put o<TAB>" "$TMP/got" orders-q
complete_at evt failover canary abort ''
expect_candidates "evt failover canary abort <TAB>" "$TMP/got" reads-r checkout-r
complete_at evt outbox put --con
expect_candidates "evt outbox put --con<TAB>" "$TMP/got" --config
complete_at evt status --
expect_candidates "evt status --<TAB>" "$TMP/got" --watch --interval

# A broken config offers no names and says nothing (the files are for
# put's FILE).
printf '{"outbox": ' >"$TMP/site/broken.json"
complete_at evt-outbox --config "$TMP/site/broken.json" put ''
expect_not_candidate "put with a broken config" "$TMP/got" orders-q
