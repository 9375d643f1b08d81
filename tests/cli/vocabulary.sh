#!/usr/bin/env bash
# The flag vocabulary (doc/design.md §7.2, doc/flags.json): every tool's
# parser, read from `evt-NAME --evt-generate json` (not --help text), spells
# each idea of the table the table's way, with its value shape, and no
# other way except as a hidden deprecated alias; §7.2's table and
# doc/flags.json list the same flags; and a subcommand takes no option of
# its parents by CLI11's fallthrough but the common ones. Then the old spellings still work for
# one release: they parse, warn once, and a contradicting pair is 2.
# Usage: vocabulary.sh (EVT_BIN_DIR and EVT_SOURCE_DIR set)
source "$(dirname "$0")/lib.sh"

: "${EVT_BIN_DIR:?}" "${EVT_SOURCE_DIR:?}"
descriptions=()
for tool in "$EVT_BIN_DIR"/evt "$EVT_BIN_DIR"/evt-*; do
  name=$(basename "$tool")
  [[ $name == evt-schema ]] && continue  # a developer's generator, not a tool of the family
  run "$tool" --evt-generate json
  expect_rc "$name --evt-generate json" 0
  cp "$TMP/out" "$TMP/$name.json"
  descriptions+=("$TMP/$name.json")
done
[[ ${#descriptions[@]} -ge 11 ]] || fail "expected the 11 tools in $EVT_BIN_DIR, found ${#descriptions[@]}"
python3 "$EVT_SOURCE_DIR/tests/cli/vocabulary.py" "$EVT_SOURCE_DIR/doc/flags.json" "$EVT_SOURCE_DIR/doc/design.md" \
  "${descriptions[@]}" >"$TMP/breaches" || fail "the vocabulary is not kept:
$(cat "$TMP/breaches")"

# The old spellings, for one release: they parse, say once that they are
# deprecated, and do what the new one does; the new one says nothing.
config=$EVT_SOURCE_DIR/examples/event.json
token=("$EVT_BIN_DIR/evt-token" --config "$config" --state-dir "$TMP/state")
expect_warning() {  # WHAT TOOL OLD NEW
  [[ $(cat "$TMP/err") == "$2: warning: $3 is deprecated; use $4" ]] || fail "$1: stderr: $(cat "$TMP/err")"
}
run "${token[@]}" scans export --after-seq 0
expect_rc "scans export --after-seq 0" 0
[[ ! -s $TMP/err ]] || fail "scans export --after-seq: stderr: $(cat "$TMP/err")"
cp "$TMP/out" "$TMP/after-seq.out"
run "${token[@]}" scans export --since 0
expect_rc "scans export --since 0" 0
expect_warning "scans export --since 0" evt-token --since --after-seq
cmp -s "$TMP/out" "$TMP/after-seq.out" || fail "--since 0 and --after-seq 0 differ"
run "${token[@]}" scans export --since 15m
expect_rc "scans export --since 15m" 2
grep -q 'expected the sequence number' "$TMP/err" || fail "--since 15m: $(cat "$TMP/err")"
run "${token[@]}" scans export --since 1 --after-seq 1
expect_rc "--since beside --after-seq" 2

budget=("$EVT_BIN_DIR/evt-budget" --config "$config" --state-dir "$TMP/state")
run "${budget[@]}" check --follow --at 2026-12-05T12:00:00Z -
expect_rc "check --follow" 0
expect_warning "check --follow" evt-budget --follow --watch
run "${budget[@]}" status --format prometheus --at 2026-12-05T12:00:00Z
expect_rc "status --format prometheus" 0
expect_warning "status --format" evt-budget --format -o/--output
grep -q '^# TYPE evt_budget_' "$TMP/out" || fail "status --format prometheus: $(head -3 "$TMP/out")"

# --json is -o records; with another form, or -o with --format, it is 2.
run "${budget[@]}" status --json -o table --at 2026-12-05T12:00:00Z
expect_rc "--json -o table" 2
grep -q 'contradict' "$TMP/err" || fail "--json -o table: $(cat "$TMP/err")"
run "${budget[@]}" status -o table --format prometheus --at 2026-12-05T12:00:00Z
expect_rc "-o table --format prometheus" 2
grep -q 'give --output alone' "$TMP/err" || fail "-o with --format: $(cat "$TMP/err")"
run "${budget[@]}" status -o records --at 2026-12-05T12:00:00Z
expect_rc "status -o records" 0
[[ $(head -c1 "$TMP/out") == "{" ]] || fail "-o records: $(head -3 "$TMP/out")"

# What a subcommand inherits but means nothing there is refused, not ignored
# (vocabulary.py's REFUSED_AT_PARSE).
failover=("$EVT_BIN_DIR/evt-failover" --config "$config" --state-dir "$TMP/state")
run "${failover[@]}" canary status --to v2
expect_rc "canary status --to" 2
grep -q -- '--to.*not to `canary status`' "$TMP/err" || fail "canary status --to: $(cat "$TMP/err")"
run "${failover[@]}" canary abort shop --steps 10,50
expect_rc "canary abort --steps" 2
run "${failover[@]}" canary status
expect_rc "canary status" 0
echo ok
