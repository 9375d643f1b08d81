#!/usr/bin/env bash
# evt-token scan at a gate, in a terminal 40 columns wide: each ticket is
# committed and answered before the next is typed, as one ADMIT or REFUSED
# line with the reason, in the site's time zone (TZ here, no config).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/gate

"$bin" keys new >/dev/null
ticket=$("$bin" sign --claims '{"sub":"ana"}' --ttl 1h)
jti=$("$bin" decode --json "$ticket" | jq -r .claims.jti)
offset=$(TZ=Asia/Kolkata date +%:z)

start_pane gate 40 sh -c "TZ=Asia/Kolkata '$bin' scan --gate A; echo \"scan ended: \$?\""
type_line gate "$ticket"
wait_screen gate "^ADMIT +#1 +$jti" 10
# Answered means durable: another process already finds the scan.
"$bin" scans export --json | grep -qF "\"$jti\"" ||
  fail "ADMIT shown before the scan was committed: $("$bin" scans export --json)"
screen gate | grep -q REFUSED && fail "a refusal shown before the second ticket was typed: $(screen gate)"

type_line gate "$ticket"
wait_screen gate "^REFUSED +#2" 10
wait_screen gate "already admitted at A [0-9]{2}:[0-9]{2}:[0-9]{2} \\$offset" 5
tmux_ send-keys -t gate C-d
wait_screen gate "^scan ended: 1$" 10
# The verdicts kept to the pane's width (the typed tickets wrap, as typing does).
screen gate all | grep -E '^(ADMIT|REFUSED|  already)' | awk 'length($0) > 40 { bad = 1 } END { exit bad }' ||
  fail "a verdict line wider than 40 columns: $(screen gate all)"

# On a pipe the same scans stay records.
"$bin" scan --gate A "$ticket" >"$TMP/pipe.jsonl" || true
jq -e 'select(.kind == "scan") | .result == "already_admitted"' "$TMP/pipe.jsonl" >/dev/null ||
  fail "on a pipe scan did not write its record: $(cat "$TMP/pipe.jsonl")"
echo "scan answered each ticket before the next, at 40 columns"
