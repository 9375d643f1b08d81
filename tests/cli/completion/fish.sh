#!/usr/bin/env bash
# fish: the generated completions, loaded as fish loads them and asked with
# `complete -C`: subcommands and choices from the parser and the site's
# names (runbooks, targets, routes, paths, queues, gates) from
# `TOOL __complete`, for the tools and through the front door `evt`.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/completion_lib.bash"

make_site
generate_completions fish
export TMP

# complete_at LINE: what fish offers after LINE, in $TMP/got.
complete_at() {
  fish --no-config -c "
    for f in \$TMP/completions/*.fish
      source \$f
    end
    complete -C \$argv[1]" "$1" >"$TMP/got" 2>"$TMP/err" || fail "fish on '$1': $(cat "$TMP/err")"
  [[ ! -s $TMP/err ]] || fail "fish on '$1': stderr: $(cat "$TMP/err")"
}

complete_at 'evt-runbook '
expect_candidates "evt-runbook <TAB>" "$TMP/got" run list show check history
complete_at 'evt-failover mode '
expect_candidates "evt-failover mode <TAB>" "$TMP/got" normal reduced
complete_at 'evt-runbook run '
expect_candidates "evt-runbook run <TAB>" "$TMP/got" drill-uplink page-oncall
expect_not_candidate "evt-runbook run <TAB>" "$TMP/got" helpers
complete_at 'evt-runbook history --runbook '
expect_candidates "evt-runbook history --runbook <TAB>" "$TMP/got" drill-uplink page-oncall
complete_at 'evt-probe run '
expect_candidates "evt-probe run <TAB>" "$TMP/got" uplink-a mesh-b
complete_at 'evt-failover route set '
expect_candidates "evt-failover route set <TAB>" "$TMP/got" reads-r checkout-r
complete_at 'evt-failover force '
expect_candidates "evt-failover force <TAB>" "$TMP/got" primary-p local-l
complete_at 'evt-outbox put '
expect_candidates "evt-outbox put <TAB>" "$TMP/got" orders-q telemetry-q
grep -qxF $'orders-q\tcritical' "$TMP/got" || fail "evt-outbox put <TAB>: no description for orders-q: $(cat "$TMP/got")"
complete_at 'evt-outbox list --queue=t'
expect_candidates "evt-outbox list --queue=t<TAB>" "$TMP/got" --queue=telemetry-q
complete_at 'evt-token scan --gate '
expect_candidates "evt-token scan --gate <TAB>" "$TMP/got" gate-g
complete_at "evt-outbox --config $TMP/site/other.json put "
expect_candidates "evt-outbox --config other.json put <TAB>" "$TMP/got" other-q
expect_not_candidate "evt-outbox --config other.json put <TAB>" "$TMP/got" orders-q
complete_at 'evt '
expect_candidates "evt <TAB>" "$TMP/got" status doctor runbook outbox
complete_at 'evt runbook run '
expect_candidates "evt runbook run <TAB>" "$TMP/got" drill-uplink page-oncall
complete_at 'evt outbox put o'
expect_candidates "evt outbox put o<TAB>" "$TMP/got" orders-q
complete_at 'evt outbox put --con'
expect_candidates "evt outbox put --con<TAB>" "$TMP/got" --config
complete_at 'evt status --'
expect_candidates "evt status --<TAB>" "$TMP/got" --watch --interval
