#!/usr/bin/env bash
# evt-schema export --jsonschema: the record schemas as JSON Schema 2020-12,
# checked by an independent validator (Debian's python3-jsonschema,
# Draft202012Validator) against real records of every tool: the golden
# outputs' own commands (tests/golden/tools/*.bash) re-run here with their
# records kept whole, evt-load against the probe part's server, and every
# schema's example. The validator must judge each record, and each record
# damaged the ways evt refuses, as evt-schema validate does
# (schema_agreement.py).
# Usage: schema_export.sh   (EVT_BIN_DIR, EVT_SOURCE_DIR)
source "$(dirname "$0")/lib.sh"
BIN=${EVT_BIN_DIR:?EVT_BIN_DIR: the folder of the evt-* binaries}
SRC=${EVT_SOURCE_DIR:?EVT_SOURCE_DIR: the source tree}
schema=$BIN/evt-schema
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema is missing: scripts/install-deps.sh test"

# The export: a document for any record on stdout, one per kind in a folder.
run "$schema" export --jsonschema
expect_rc "export --jsonschema" 0
expect_no_stderr "export --jsonschema"
cp "$TMP/out" "$TMP/records.schema.json"
run "$schema" export --jsonschema --directory "$TMP/kinds"
expect_rc "export --jsonschema --directory" 0
cmp -s "$TMP/kinds/records.schema.json" "$TMP/records.schema.json" || fail "the folder's records.schema.json differs from stdout's"
for file in "$SRC"/schemas/records/*.json; do
  kind=$(basename "$file" .json)
  [[ -s $TMP/kinds/$kind.schema.json ]] || fail "no $kind.schema.json in the exported folder"
done
run "$schema" export --jsonschema probe error
expect_rc "export --jsonschema probe error" 0
[[ $(jq -c '[.properties.kind.enum, (."$defs" | keys)]' "$TMP/out") == '[["probe","error"],["error","probe"]]' ]] ||
  fail "export of two kinds: $(jq -c '.properties.kind' "$TMP/out")"
run "$schema" export --jsonschema nope
expect_rc "export of an unknown kind" 2
grep -q 'unknown record kind "nope"' "$TMP/err" || fail "unknown kind: $(cat "$TMP/err")"
run "$schema" export
expect_rc "export without a language" 2
grep -q -- '--jsonschema' "$TMP/err" || fail "export without --jsonschema does not say what it needs: $(cat "$TMP/err")"

# Each kind's own document is a valid 2020-12 schema and takes its example.
/usr/bin/python3 - "$TMP/kinds" "$SRC/schemas/records" <<'PY' || fail "a per-kind document"
import glob, json, os, sys
from jsonschema import Draft202012Validator
kinds, sources = sys.argv[1:3]
for path in sorted(glob.glob(os.path.join(sources, "*.json"))):
    kind = os.path.basename(path)[:-len(".json")]
    with open(os.path.join(kinds, kind + ".schema.json")) as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    with open(path) as f:
        example = json.load(f)["example"]
    Draft202012Validator(schema).validate(example)
    other = dict(example, kind="not." + kind)
    if Draft202012Validator(schema).is_valid(other):
        sys.exit(f"{kind}.schema.json takes a record of another kind")
PY

# Real records: the golden commands, their stdout kept as the tools wrote it.
mkdir -p "$TMP/golden"
records=$TMP/records.jsonl
: >"$records"
golden() {
  local input=/dev/null
  shift
  if [[ $1 == \<* ]]; then input=${1#<}; shift; fi
  "$@" <"$input" >"$TMP/golden.out" 2>/dev/null || true
  grep '^{"kind":' "$TMP/golden.out" >>"$records" || true
}
PIDS=() PORTS=()
(
  cd "$TMP/golden"
  TMP=$TMP/golden
  trap 'for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done' EXIT
  export XDG_CONFIG_HOME=$TMP/no-config XDG_STATE_HOME=$TMP/no-state LC_ALL=C TZ=UTC
  unset EVT_CONFIG EVT_STATE_DIR
  for part in "$SRC"/tests/golden/tools/*.bash; do
    case $(basename "$part") in help.bash | config.bash) continue ;; esac
    # shellcheck source=/dev/null
    source "$part"
  done
  # evt-load, which has no golden part yet, at the probe part's server.
  golden load/run "$BIN/evt-load" run "$base/ok" --rate 20 --duration 1s --raw "$TMP/load-raw.jsonl"
  cat "$TMP/load-raw.jsonl" >>"$records"
) || fail "the golden parts or evt-load did not run: exit $?"
# Every tool's records are among them, not only the schemas' examples: 28
# of the 37 kinds (the others come from servers or hours the golden parts do
# not have; their examples stand in).
for kind in budget budget.cost decision double_admission error failover failover.path load.request load.summary \
            load.window metric price.finding probe probe.window quote redemption revocation runbook runbook.info \
            scan scan.admission scan.code scan.event step token token.decoded token.key verdict; do
  grep -q "^{\"kind\":\"$kind\"" "$records" || fail "none of the tools wrote a $kind record here"
done
jq -c '.example' "$SRC"/schemas/records/*.json >>"$records"

run "$schema" validate "$records"
expect_rc "evt-schema validate of the real records" 0
/usr/bin/python3 "$(dirname "$0")/schema_agreement.py" "$schema" "$TMP/records.schema.json" "$records" "$TMP" ||
  fail "python3-jsonschema and evt-schema validate disagree"
exit 0
