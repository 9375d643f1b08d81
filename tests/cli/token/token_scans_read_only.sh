#!/usr/bin/env bash
# The commands that only report on a gate's scan set (scans export, report,
# quarantine) open it read-only: they run while the gate's scanner commits,
# see only whole commits, and write nothing: not on a full disk, and not a
# state file in a state directory that has none yet. The full-disk part
# needs a private mount namespace (root); without one it is skipped, said so.
if [[ -z ${EVT_MOUNT_NS:-} && $(id -u) == 0 ]] && unshare --mount true 2>/dev/null; then
  EVT_MOUNT_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer
gate() {  # gate DIR ARGS...: evt-token with state in DIR
  local dir=$1
  shift
  "$bin" --state-dir "$dir" "$@"
}

"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
for i in $(seq 1 1000); do echo "{\"sub\":\"t$i\"}"; done | "$bin" sign --ttl 1h >"$TMP/tokens"

# While a scanner commits 1000 admissions one by one, exports and reports
# keep running: each exits 0 and sees no fewer scans than the one before.
gate "$TMP/gate" scan --gate A --jwks "$TMP/jwks.json" <"$TMP/tokens" >"$TMP/scans.out" 2>"$TMP/scans.err" &
scanner=$!
started "$scanner"
last=0 reads=0
while is_running "$scanner" || ((reads == 0)); do
  run gate "$TMP/gate" scans export
  expect_rc "export while the scanner commits" 0
  seen=$(wc -l <"$TMP/out")
  ((seen >= last)) || fail "export went back from $last to $seen scans"
  last=$seen
  run gate "$TMP/gate" scans report --json
  expect_rc "report while the scanner commits" 0
  reads=$((reads + 1))
done
wait_exit "$scanner" 60
expect_rc "the scanner" 0
[[ $(gate "$TMP/gate" scans export | wc -l) -eq 1000 ]] || fail "not every scan was committed"
echo "$reads exports and reports ran beside the scanner"

# A state directory with no state yet: reports read it as empty and leave it so.
mkdir -m 700 "$TMP/fresh"
for cmd in "scans export" "scans report --json" "scans quarantine"; do
  run gate "$TMP/fresh" $cmd
  expect_rc "$cmd in an empty state directory" 0
  [[ ! -s $TMP/out ]] || fail "$cmd in an empty state directory: $(cat "$TMP/out")"
  [[ -z $(ls -A "$TMP/fresh") ]] || fail "$cmd created state: $(ls -A "$TMP/fresh")"
done

mkdir -m 700 "$TMP/full"
if [[ -z ${EVT_MOUNT_NS:-} ]] || ! mount -t tmpfs -o size=1m,mode=700 tmpfs "$TMP/full" 2>/dev/null; then
  echo "$TEST_NAME: full-disk part skipped: no private mount namespace (needs root)"
  exit 0
fi
trap 'umount "$TMP/full" 2>/dev/null || true; cleanup' EXIT

# A gate whose scanner is live (its -wal and -shm in place) on a disk that
# then fills up: reports still answer.
mkfifo "$TMP/tickets"
gate "$TMP/full/gate" scan --gate B --jwks "$TMP/jwks.json" <"$TMP/tickets" >"$TMP/live.out" 2>"$TMP/live.err" &
scanner=$!
started "$scanner"
exec 3>"$TMP/tickets"
head -1 "$TMP/tokens" >&3
wait_lines "$TMP/live.out" 1 60
mkdir -m 700 "$TMP/full/fresh"
dd if=/dev/zero of="$TMP/full/filler" bs=4k 2>/dev/null || true
run gate "$TMP/full/gate" scans export
expect_rc "export on a full disk" 0
[[ $(wc -l <"$TMP/out") -eq 1 ]] || fail "export on a full disk: $(cat "$TMP/out")"
run gate "$TMP/full/gate" scans report --json
expect_rc "report on a full disk" 0
# A gate with no state yet on the full disk.
for cmd in "scans export" "scans report --json" "scans quarantine"; do
  run gate "$TMP/full/fresh" $cmd
  expect_rc "$cmd in an empty state directory on a full disk" 0
  [[ -z $(ls -A "$TMP/full/fresh") ]] || fail "$cmd created state on a full disk: $(ls -A "$TMP/full/fresh")"
done
exec 3>&-
wait_exit "$scanner" 60
