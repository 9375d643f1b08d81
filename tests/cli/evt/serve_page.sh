#!/usr/bin/env bash
# evt serve's status page in a real browser: headless Chromium loads it at
# 360 px (a phone at the booth) and at 1280 px, and the rendered text must
# show the active path, a budget and a double admission; at 360 px nothing
# may scroll sideways. The screenshots are kept under the build folder.
# Then what the server refuses: POST (405), a listen off loopback without a
# token (78 at start), a request without the token (401); and /metrics, the
# tools' textfiles merged, passes promtool.
source "$EVT_SOURCE_DIR/tests/cli/lib.sh"
BIN=$EVT_BIN_DIR
SRC=$EVT_SOURCE_DIR
ARTIFACTS=$(cd "$BIN/.." && pwd)/test-artifacts/serve_page
command -v chromium >/dev/null || fail "chromium is not installed (Debian chromium: scripts/install-deps.sh test)"
command -v promtool >/dev/null || fail "promtool is not installed (Debian prometheus: scripts/install-deps.sh test)"
mkdir -p "$ARTIFACTS"

# The site: evt next to three tools whose `status --json` answers with their
# schemas' examples (the active path made slice-5g), so the page has a path,
# a budget and a gate with a double admission to show. Only this folder is
# searched: PATH holds no evt-* of the build.
mkdir -p "$TMP/bin" "$TMP/state" "$TMP/prom"
chmod 700 "$TMP/state"
cp "$BIN/evt" "$TMP/bin/evt"
example() { jq -c "${2:-.} | .ts = (now | strftime(\"%Y-%m-%dT%H:%M:%S.000Z\"))" <<<"$(jq -c .example "$SRC/schemas/records/$1.json")"; }
fake_tool() {
  local name=$1
  shift
  printf '%s\n' "$@" >"$TMP/$name.jsonl"
  printf '#!/bin/sh\n[ "$1" = status ] || { echo "evt-%s: no such command" >&2; exit 2; }\ncat %q\n' \
    "$name" "$TMP/$name.jsonl" >"$TMP/bin/evt-$name"
  chmod +x "$TMP/bin/evt-$name"
}
fake_tool failover "$(example failover.path)" \
  "$(example failover.path '.path = "slice-5g" | .preference = 2 | .up = true | .health = 4 | .penalty = 0 | del(.suppressed_until) | .active = true | .active_since = "2026-12-05T13:50:00.000Z"')"
fake_tool budget "$(example budget)" "$(example budget.governor)"
fake_tool token "$(example token.status)"
fake_tool price  # answers nothing: a tool with no state yet
cat "$TMP"/{failover,budget,token}.jsonl >"$TMP/all.jsonl"
if [[ -n ${EVT_SCHEMA:-} ]]; then
  run "$EVT_SCHEMA" validate "$TMP/all.jsonl"
  expect_rc "the fake tools' records are valid" 0
fi
# Two tools' textfiles sharing a family, as evt-probe and evt-detect would.
printf '# HELP evt_probe_success 1 when the attempt succeeded\n# TYPE evt_probe_success gauge\nevt_probe_success{target="uplink"} 1\n' >"$TMP/prom/evt-probe.prom"
printf '# HELP evt_probe_success 1 when the attempt succeeded\n# TYPE evt_probe_success gauge\nevt_probe_success{target="mesh"} 0\n# HELP evt_budget_ratio spent over limit\n# TYPE evt_budget_ratio gauge\nevt_budget_ratio{budget="edge-spend"} 0.82\n' >"$TMP/prom/evt-budget.prom"

PATH=/usr/bin:/bin "$TMP/bin/evt" --state-dir "$TMP/state" serve --listen 127.0.0.1:0 --textfiles "$TMP/prom" \
  2>"$TMP/serve.err" &
started $!
for ((i = 0; i < 200; i++)); do grep -q 'serving on' "$TMP/serve.err" && break; sleep 0.05; done
port=$(sed -n 's/.*serving on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TMP/serve.err")
[[ -n $port ]] || fail "evt serve said no port: $(cat "$TMP/serve.err")"
url=http://127.0.0.1:$port

# One Chromium start per width. Headless Chromium lays a window out at no
# less than 500 px, so at 360 px the page's own HTML (as served) is shown in
# a 360 px frame of a wrapper whose script measures it (the page itself has
# none): whether anything in it scrolls sideways.
browser() {
  local width=$1 target=$2
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
    --user-data-dir="$TMP/chromium-$width" --window-size="$width,900" --virtual-time-budget=2000 \
    --screenshot="$ARTIFACTS/page-$width.png" --dump-dom "$target" >"$TMP/dom-$width.html" 2>"$TMP/chromium-$width.err" ||
    fail "chromium at $width px: $(tail -3 "$TMP/chromium-$width.err")"
}
curl -sf "$url/" >"$TMP/page.html" || fail "GET / failed"
cat >"$TMP/at360.html" <<'HTML'
<!DOCTYPE html><html><body style="margin:0">
<iframe id=page src="page.html" style="border:0;width:360px;height:900px"></iframe>
<script>
addEventListener("load", () => {
  const frame = document.getElementById("page");
  const root = frame.contentDocument.documentElement;
  // The rendered text of the page, for the checks below, and its width.
  document.body.insertAdjacentHTML("beforeend", "<pre id=text></pre><p id=measured></p>");
  document.getElementById("text").textContent = root.innerText;
  document.getElementById("measured").textContent =
      "overflow=" + (root.scrollWidth > frame.clientWidth) + " scroll=" + root.scrollWidth + " inner=" + frame.clientWidth;
});
</script></body></html>
HTML
browser 360 "file://$TMP/at360.html"
browser 1280 "$url/"
echo "serve_page: screenshots in $ARTIFACTS (page-360.png, page-1280.png)"
for width in 360 1280; do
  # The text the browser rendered, tags stripped.
  sed -e 's/<[^>]*>/ /g' "$TMP/dom-$width.html" | tr -s ' \n' ' ' >"$TMP/text-$width"
  for want in "active: slice-5g" "edge-spend" "Double admissions" "DPEEDGiDOZxLRsI9pOwwdw" "1 double" "Gates" "Paths"; do
    grep -qF "$want" "$TMP/text-$width" || fail "the page at $width px shows no \"$want\": $(cat "$TMP/text-$width")"
  done
done
grep -q 'id="measured">overflow=false' "$TMP/dom-360.html" || fail "the page scrolls sideways at 360 px: $(grep -o 'id="measured">[^<]*' "$TMP/dom-360.html")"
grep -q 'id="measured">.* inner=360<' "$TMP/dom-360.html" || fail "the page was not laid out at 360 px: $(grep -o 'id="measured">[^<]*' "$TMP/dom-360.html")"

# Read-only: POST is 405 and says what is allowed.
code=$(curl -s -o "$TMP/post.out" -D "$TMP/post.headers" -w '%{http_code}' -X POST --data x "$url/")
[[ $code == 405 ]] || fail "POST / answered $code, expected 405"
grep -qi '^Allow: GET, HEAD' "$TMP/post.headers" || fail "the 405 has no Allow: $(cat "$TMP/post.headers")"
[[ $(curl -s -o /dev/null -w '%{http_code}' -I "$url/healthz") == 200 ]] || fail "HEAD /healthz is not 200"
curl -sf "$url/healthz" | jq -e '.status == "ok" and .state_root.readable' >/dev/null || fail "/healthz: $(curl -s "$url/healthz")"

# /metrics: one HELP and TYPE per family however many files have it; promtool agrees.
curl -sf "$url/metrics" >"$TMP/metrics" || fail "GET /metrics failed"
[[ $(grep -c '^# TYPE evt_probe_success ' "$TMP/metrics") == 1 ]] || fail "evt_probe_success typed twice: $(cat "$TMP/metrics")"
grep -q '^evt_probe_success{target="mesh"} 0' "$TMP/metrics" || fail "the second textfile's sample is missing"
grep -q '^evt_serve_requests_total{route="/metrics"} 1' "$TMP/metrics" || fail "no evt_serve_requests_total: $(cat "$TMP/metrics")"
promtool check metrics <"$TMP/metrics" >"$TMP/promtool.out" 2>&1 || fail "promtool: $(cat "$TMP/promtool.out")"

# Off loopback without a token: refused at start with 78, naming the setting.
run "$TMP/bin/evt" --state-dir "$TMP/state" serve --listen 0.0.0.0:0
expect_rc "a listen off loopback without a token" 78
grep -q -- '--listen' "$TMP/err" || fail "the refusal does not name --listen: $(cat "$TMP/err")"

# With a token from a 0600 file: 401 without it, 200 with it.
printf 'booth-s3cret\n' >"$TMP/serve.token"
chmod 600 "$TMP/serve.token"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "popup-test"},
 "evt": {"serve": {"listen": "0.0.0.0:0", "auth": {"token": {"file": "serve.token"}}, "textfiles": ["prom"]}}}
JSON
PATH=/usr/bin:/bin "$TMP/bin/evt" --config "$TMP/event.json" --state-dir "$TMP/state" serve 2>"$TMP/serve2.err" &
started $!
for ((i = 0; i < 200; i++)); do grep -q 'serving on' "$TMP/serve2.err" && break; sleep 0.05; done
port2=$(sed -n 's/.*serving on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$TMP/serve2.err")
[[ -n $port2 ]] || fail "evt serve with a token said no port: $(cat "$TMP/serve2.err")"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port2/healthz") == 401 ]] || fail "no token: not 401"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' "http://127.0.0.1:$port2/") == 401 ]] ||
  fail "a wrong token: not 401"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer booth-s3cret' "http://127.0.0.1:$port2/healthz") == 200 ]] ||
  fail "the token: not 200"
echo "serve_page: ok"
