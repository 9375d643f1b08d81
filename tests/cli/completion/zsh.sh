#!/usr/bin/env bash
# zsh: the generated completions, loaded by compinit from $fpath as an
# installed system loads them, in an interactive zsh in a pty
# (zsh_harness.zsh): TAB offers subcommands and choices from the parser
# and the site's names (runbooks, targets, routes, paths, queues, gates)
# from `TOOL __complete`, for the tools and through the front door `evt`.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/completion_lib.bash"

make_site
generate_completions zsh
export TMP

# Each tool's first line is its first TAB in the session: compinit has
# only just autoloaded its completion then.
lines=(
  'evt-runbook '
  'evt-failover mode '
  'evt-runbook run '
  'evt-runbook history --runbook '
  'evt-probe run '
  'evt-failover route set '
  'evt-failover force '
  'evt-outbox put '
  'evt-outbox list --queue=t'
  'evt-token scan --gate '
  "evt-outbox --config $TMP/site/other.json put "
  'evt '
  'evt runbook run '
  'evt outbox put o'
  'evt outbox put --con'
)
zsh -f "$(dirname "$0")/zsh_harness.zsh" "$TMP/all" "${lines[@]}" 2>"$TMP/err" || fail "zsh harness: $(cat "$TMP/err")"

# answer LINE: what TAB offered after LINE, in $TMP/got.
answer() {
  awk -v want="> $1" '$0 == want { on = 1; next } /^> / { on = 0 } on' "$TMP/all" >"$TMP/got"
}

answer 'evt-runbook '
expect_candidates "evt-runbook <TAB>" "$TMP/got" run list show check history
answer 'evt-failover mode '
expect_candidates "evt-failover mode <TAB>" "$TMP/got" normal reduced
answer 'evt-runbook run '
expect_candidates "evt-runbook run <TAB>" "$TMP/got" drill-uplink page-oncall
expect_not_candidate "evt-runbook run <TAB>" "$TMP/got" helpers
answer 'evt-runbook history --runbook '
expect_candidates "evt-runbook history --runbook <TAB>" "$TMP/got" drill-uplink page-oncall
answer 'evt-probe run '
expect_candidates "evt-probe run <TAB>" "$TMP/got" uplink-a mesh-b
answer 'evt-failover route set '
expect_candidates "evt-failover route set <TAB>" "$TMP/got" reads-r checkout-r
answer 'evt-failover force '
expect_candidates "evt-failover force <TAB>" "$TMP/got" primary-p local-l
answer 'evt-outbox put '
expect_candidates "evt-outbox put <TAB>" "$TMP/got" orders-q telemetry-q
answer 'evt-outbox list --queue=t'
expect_candidates "evt-outbox list --queue=t<TAB>" "$TMP/got" telemetry-q
expect_not_candidate "evt-outbox list --queue=t<TAB>" "$TMP/got" orders-q
answer 'evt-token scan --gate '
expect_candidates "evt-token scan --gate <TAB>" "$TMP/got" gate-g
answer "evt-outbox --config $TMP/site/other.json put "
expect_candidates "evt-outbox --config other.json put <TAB>" "$TMP/got" other-q
expect_not_candidate "evt-outbox --config other.json put <TAB>" "$TMP/got" orders-q
answer 'evt '
expect_candidates "evt <TAB>" "$TMP/got" status doctor runbook outbox
answer 'evt runbook run '
expect_candidates "evt runbook run <TAB>" "$TMP/got" drill-uplink page-oncall
answer 'evt outbox put o'
expect_candidates "evt outbox put o<TAB>" "$TMP/got" orders-q
answer 'evt outbox put --con'
expect_candidates "evt outbox put --con<TAB>" "$TMP/got" --config
