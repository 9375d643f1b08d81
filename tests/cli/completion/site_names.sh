#!/usr/bin/env bash
# `TOOL __complete`: every value the completion table (common/completion_slots.cc)
# marks as a site name offers the test site's names, so a renamed option
# or positional shows here; it opens no state and never fails loudly.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/completion_lib.bash"

make_site

# expect_offers EXPECTED TOOL WORD...: `TOOL __complete WORD...` exits 0,
# prints nothing on stderr and offers EXPECTED.
expect_offers() {
  local expected=$1
  shift
  run "$@"
  expect_rc "$*" 0
  expect_no_stderr "$*"
  expect_candidates "$*" "$TMP/out" "$expected"
}

expect_offers drill-uplink evt-runbook __complete run ''
expect_offers page-oncall evt-runbook __complete show ''
expect_offers page-oncall evt-runbook __complete check p
expect_offers page-oncall evt-runbook __complete history --runbook ''
expect_offers uplink-a evt-probe __complete run ''
expect_offers router-x evt-scrape __complete run ''
expect_offers router-x evt-scrape __complete test ''
expect_offers router-x evt-scrape __complete map ''
expect_offers primary-p evt-failover __complete force ''
expect_offers reads-r evt-failover __complete route show ''
expect_offers reads-r evt-failover __complete route set ''
expect_offers checkout-r evt-failover __complete canary ''
expect_offers checkout-r evt-failover __complete canary status ''
expect_offers checkout-r evt-failover __complete canary abort ''
expect_offers orders-q evt-outbox __complete put ''
expect_offers orders-q evt-outbox __complete list --queue ''
expect_offers shop-d evt-outbox __complete list --destination ''
expect_offers shop-d evt-outbox __complete run --destination ''
expect_offers shop-d evt-outbox __complete retry ''
expect_offers kiosk-peer evt-outbox __complete sync ''
expect_offers gate-g evt-token __complete scan --gate ''
expect_offers gate-g evt-token __complete revoke --gate ''
expect_offers kiosk-k evt-price __complete redeem --kiosk ''
expect_offers edge.exec evt-budget __complete report ''
expect_offers ups-s evt-budget __complete swap ''
expect_offers probe evt __complete ''
expect_offers orders-q evt __complete outbox put ''

# The description follows a tab.
run evt-outbox __complete put ''
grep -qxF $'orders-q\tcritical' "$TMP/out" || fail "no description for orders-q: $(cat "$TMP/out")"

# Nothing on the site, nothing broken: no names, exit 0, silent.
for config in "$TMP/site/missing.json" "$TMP/site" /dev/null; do
  run env EVT_CONFIG="$config" evt-outbox __complete put ''
  expect_rc "put with EVT_CONFIG=$config" 0
  expect_no_stderr "put with EVT_CONFIG=$config"
  [[ ! -s $TMP/out ]] || fail "EVT_CONFIG=$config offered: $(cat "$TMP/out")"
done
run evt __complete no-such-tool ''
expect_rc "evt __complete no-such-tool" 0
expect_no_stderr "evt __complete no-such-tool"
