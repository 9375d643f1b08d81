#!/usr/bin/env bash
# `config check` opens every file the config names, with the parser the real
# command uses (doc/design.md §5.2): price's catalog and promotions,
# token's jwks, probe's flows, failover's templates, the runbooks that
# `runbooks` has settings for. A broken one is bad config (78) named by the
# config's pointer, then by the file's own place; and preflight's "site
# config valid" row, which runs every tool's check, fails with it.
# Needs EVT_BIN_DIR and EVT_SOURCE_DIR, like the tools' own scripts.
source "$(dirname "$0")/lib.sh"
bin=${EVT_BIN_DIR:?set EVT_BIN_DIR}
ex=${EVT_SOURCE_DIR:?set EVT_SOURCE_DIR}/examples
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home EVT_STATE_DIR=$TMP/state
export SHOP_API_KEY=example SHOP_TEST_CARD=example  # the example flow's secrets

site=$TMP/site
mkdir -p "$site/flows" "$site/templates" "$site/runbooks"
cp "$ex/price/catalog.json" "$ex/price/promotions.json" "$site/"
cp "$ex/flows/buy.json" "$site/flows/"
cp "$ex/templates/upstream.conf.tmpl" "$site/templates/"
run "$bin/evt-token" keys new
expect_rc "keys new" 0
"$bin/evt-token" jwks >"$site/jwks.json"
cat >"$site/event.json" <<'JSON'
{"site": {"name": "popup-test-01"},
 "probe": {"targets": {"checkout": {"check": "flow", "flow": "flows/buy.json"}}},
 "failover": {"paths": [{"name": "local", "always_up": true, "vars": {"upstream": "127.0.0.1:8443"},
   "on_activate": [{"template": "templates/upstream.conf.tmpl", "write": "upstream.conf"}]}]},
 "price": {"catalog": "catalog.json", "promotions": "promotions.json"},
 "token": {"jwks": "jwks.json"},
 "runbook": {"dirs": ["runbooks"]},
 "runbooks": {"preflight": {"tools": ["price"]}}}
JSON

for tool in probe failover price token runbook; do
  run "$bin/evt-$tool" config check --config "$site/event.json"
  expect_rc "evt-$tool: every named file good" 0
done

# variant NAME JQ: a copy of the site's config, changed by JQ.
variant() { jq "$2" "$site/event.json" >"$site/$1.json"; }

# expect_refused WHAT TOOL CONFIG PATTERN: config check exits 78 and stderr
# matches PATTERN (an extended regex), the config's pointer first.
expect_refused() {
  run "$bin/evt-$2" config check --config "$site/$3.json"
  expect_rc "$1" 78
  grep -Eq -- "$4" "$TMP/err" || fail "$1: expected /$4/ on stderr, got: $(cat "$TMP/err")"
}

# price: a promotion of a kind that does not exist, a catalog that is not there.
jq '.promotions[0].kind = "percent_of"' "$ex/price/promotions.json" >"$site/bad-promotions.json"
variant price-promotions '.price.promotions = "bad-promotions.json"'
expect_refused "a broken promotions file" price price-promotions \
  "price-promotions.json: /price/promotions: .*bad-promotions.json: /promotions/0/kind: "
variant price-catalog '.price.catalog = "nosuch-catalog.json"'
expect_refused "a missing catalog" price price-catalog "price-catalog.json: /price/catalog: .*nosuch-catalog.json"
printf '{"currency": "EUR", "items": [{"sku": "A", "price": "cheap"}]}\n' >"$site/bad-catalog.json"
variant price-catalog-bad '.price.catalog = "bad-catalog.json"'
expect_refused "a broken catalog" price price-catalog-bad \
  "price-catalog-bad.json: /price/catalog: .*bad-catalog.json: .*/items/0/price"

# token: a jwks file missing, one holding a private key, one with no keys.
variant token-missing '.token.jwks = "gates/jwks.json"'
expect_refused "a missing jwks file" token token-missing "token-missing.json: /token/jwks: .*gates/jwks.json"
"$bin/evt-token" keys export --private >"$site/private.json"
variant token-private '.token.jwks = "private.json"'
expect_refused "a jwks with a private key" token token-private "token-private.json: /token/jwks: .*private.json: "
echo '{"keys": []}' >"$site/empty-jwks.json"
variant token-empty '.token.jwks = "empty-jwks.json"'
expect_refused "a jwks without keys" token token-empty "token-empty.json: /token/jwks: .*empty-jwks.json: "

# probe: a flow file that is not there (checked before the other files were; kept
# here so every kind of named file is in one place).
variant probe-flow '.probe.targets.checkout.flow = "flows/nosuch.json"'
expect_refused "a missing flow file" probe probe-flow "probe-flow.json: /probe/targets/checkout/flow: .*flows/nosuch.json"

# probe: a CA file that is not there, and one that holds no certificate.
variant probe-ca '.probe.targets.edge = {"check": "http", "url": "https://127.0.0.1:9/", "ca_file": "nosuch.pem"}'
expect_refused "a missing CA file" probe probe-ca "probe-ca.json: /probe/targets/edge/ca_file: .*nosuch.pem"
echo "not a certificate" >"$site/bad.pem"
variant probe-ca-bad '.probe.targets.edge = {"check": "http", "url": "https://127.0.0.1:9/", "ca_file": "bad.pem"}'
expect_refused "a CA file without certificates" probe probe-ca-bad "probe-ca-bad.json: /probe/targets/edge/ca_file: .*bad.pem: "

# failover: a template naming a variable the path does not have.
sed 's/{{upstream}}/{{upstrem}}/' "$site/templates/upstream.conf.tmpl" >"$site/templates/typo.tmpl"
variant failover-template '.failover.paths[0].on_activate[0].template = "templates/typo.tmpl"'
expect_refused "a template with an unknown variable" failover failover-template \
  "failover-template.json: /failover/paths/0/on_activate/0/template: .*typo.tmpl: line 4: unknown variable \"upstrem\""
printf 'server {{upstream}\n' >"$site/templates/unclosed.tmpl"
variant failover-unclosed '.failover.paths[0].on_activate[0].template = "templates/unclosed.tmpl"'
expect_refused "a template with an unclosed {{" failover failover-unclosed \
  "/failover/paths/0/on_activate/0/template: .*unclosed.tmpl: line 1: "

# runbook: settings for a runbook that does not exist, and for one that
# does not compile.
variant runbook-missing '.runbooks["no-such-book"] = {}'
expect_refused "settings for a runbook that is not there" runbook runbook-missing \
  "runbook-missing.json: /runbooks/no-such-book: no runbook named \"no-such-book\""
printf 'return {description = "broken", run = function(\n' >"$site/runbooks/broken.lua"
variant runbook-broken '.runbooks.broken = {}'
expect_refused "settings for a runbook that does not compile" runbook runbook-broken \
  "runbook-broken.json: /runbooks/broken: .*broken.lua"

# detect: a model file fit has not written yet is fine; a broken one, or
# one from a newer evt-detect, is bad config named by /detect/model_file.
variant detect-unfitted '.detect = {"series": [{"name": "latency", "kind": "probe", "field": "total_ms"}], "model_file": "nosuch-model.json"}'
run "$bin/evt-detect" config check --config "$site/detect-unfitted.json"
expect_rc "evt-detect: a model file not written yet" 0
echo '{"format": 2, "evt_version": "9.0.0", "series": {}}' >"$site/future-model.json"
variant detect-future '.detect = {"model_file": "future-model.json"}'
expect_refused "a model from a newer evt-detect" detect detect-future \
  "detect-future.json: /detect/model_file: .*future-model.json: /format: model format 2 .* is newer"
echo '{"format": 1, "series": {"a": {"detector": {"kind": "nope"}, "samples": 1, "state": {}}}}' \
  >"$site/bad-model.json"
variant detect-bad '.detect = {"model_file": "bad-model.json"}'
expect_refused "a model with an unknown detector" detect detect-bad \
  "detect-bad.json: /detect/model_file: .*bad-model.json: /series/a/detector/kind"

# outbox: the mesh token a peer and serve name must be a private file; a
# TLS certificate serve names must be there.
(umask 077; echo "mesh-secret" >"$site/mesh.token")
variant outbox-good '.outbox = {"peers": {"kiosk-b": {"url": "http://127.0.0.2:7450", "token": {"file": "mesh.token"}}},
                                "serve": {"listen": "127.0.0.1:7450", "token": {"file": "mesh.token"}}}'
run "$bin/evt-outbox" config check --config "$site/outbox-good.json"
expect_rc "evt-outbox: a private mesh token" 0
variant outbox-missing '.outbox = {"peers": {"kiosk-b": {"url": "http://127.0.0.2:7450", "token": {"file": "nosuch.token"}}}}'
expect_refused "a missing mesh token" outbox outbox-missing "outbox-missing.json: /outbox/peers/kiosk-b/token: .*nosuch.token"
cp "$site/mesh.token" "$site/open.token"
chmod 644 "$site/open.token"
variant outbox-open '.outbox = {"serve": {"listen": "127.0.0.1:7450", "token": {"file": "open.token"}}}'
expect_refused "a mesh token others can read" outbox outbox-open "outbox-open.json: /outbox/serve/token: .*chmod 600"
variant outbox-tls '.outbox = {"serve": {"listen": "0.0.0.0:7450", "tls": {"cert": "nosuch.pem", "key": "nosuch.key", "client_ca": "ca.pem"}}}'
expect_refused "a missing serve certificate" outbox outbox-tls "outbox-tls.json: /outbox/serve/tls/cert: .*nosuch.pem"

# preflight runs every tool's config check: the broken promotions file fails
# its "site config valid" row, named.
variant preflight-broken '.price.promotions = "bad-promotions.json"'
run "$bin/evt-runbook" run --json --yes --config "$site/preflight-broken.json" preflight
[[ $RC -ne 0 ]] || fail "preflight with a broken promotions file: exit 0; stdout: $(cat "$TMP/out")"
jq -se 'map(select(.kind == "step" and .step == "site config valid")) | length == 1 and (.[0].outcome == "failed")
        and (.[0] | tostring | test("/price/promotions: [^|]*bad-promotions.json: /promotions/0/kind"))' \
  "$TMP/out" >/dev/null || fail "preflight: the config row does not fail on /price/promotions: $(cat "$TMP/out")"
echo "plumbing_config_files: ok"
