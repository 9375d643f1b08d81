#!/usr/bin/env bash
# `make install DESTDIR=...`: the installed tree runs (binaries, man pages,
# completions, the runbook library found beside the binaries, the examples
# whole, the record schemas with evt-schema) and systemd-analyze accepts
# the units, which take the config from /etc/evt.
# Usage: install.sh BUILD_DIR
source "$(dirname "$0")/lib.sh"
build=$1
root=$TMP/root
prefix=/usr/local

DESTDIR=$root cmake --install "$build" --prefix "$prefix" >"$TMP/install.log" 2>&1 || fail "cmake --install: $(tail -5 "$TMP/install.log")"
bin=$root$prefix/bin
for tool in "$build"/bin/evt-*; do
  name=$(basename "$tool")
  [[ $name == evt-schema ]] && continue  # the schemas' tool, checked below: no man page or completions of its own
  [[ -x $bin/$name ]] || fail "$name was not installed"
  "$bin/$name" --version >/dev/null || fail "$name --version failed when installed"
  [[ -s $root$prefix/share/man/man1/$name.1 ]] || fail "$name.1 was not installed"
  [[ -s $root$prefix/share/bash-completion/completions/$name ]] || fail "bash completion for $name"
  [[ -s $root$prefix/share/zsh/vendor-completions/_$name ]] || fail "zsh completion for $name"
  [[ -s $root$prefix/share/fish/vendor_completions.d/$name.fish ]] || fail "fish completion for $name"
done

# The record schemas, evt's own and exported as JSON Schema, and evt-schema,
# which validates records with them.
share=$root$prefix/share/evt
[[ -x $bin/evt-schema ]] || fail "evt-schema was not installed"
src=$(cd "$(dirname "$0")/../.." && pwd)
for file in "$src"/schemas/records/*.json; do
  kind=$(basename "$file" .json)
  cmp -s "$file" "$share/schemas/records/$kind.json" || fail "schemas/records/$kind.json was not installed"
  [[ -s $share/schemas/jsonschema/$kind.schema.json ]] || fail "the JSON Schema of $kind was not installed"
done
jq -c '.example' "$share"/schemas/records/*.json >"$TMP/examples.jsonl" || fail "an installed schema is not JSON"
run "$bin/evt-schema" validate "$TMP/examples.jsonl"
expect_rc "the installed evt-schema on the installed schemas' examples" 0
run "$bin/evt-schema" export --jsonschema
expect_rc "the installed evt-schema export" 0
cmp -s "$TMP/out" "$share/schemas/jsonschema/records.schema.json" ||
  fail "the installed records.schema.json is not what the installed evt-schema exports"

# The examples whole: a copy of the installed folder is a site whose every
# tool's config check passes, the files its config names included.
diff -r "$src/examples" "$share/examples" >"$TMP/examples.diff" || fail "the installed examples differ: $(head -20 "$TMP/examples.diff")"
cp -R "$share/examples" "$TMP/site"
for tool in budget failover load outbox price probe runbook scrape token; do
  SHOP_API_KEY=k SHOP_TEST_CARD=c ONCALL_HOOK=h ROUTER_PASSWORD=p OUTBOX_MESH_TOKEN=m OUTBOX_PRIVACY_KEY=p SHOP_ORDER_TOKEN=s PATH="$bin:$PATH" \
    run "$bin/evt-$tool" --config "$TMP/site/event.json" config check
  expect_rc "evt-$tool config check of the installed examples" 0
done
[[ -s $root$prefix/share/man/man7/evt.7 ]] || fail "evt.7 was not installed"
[[ ! -e $root$prefix/share/man/man1/src ]] || fail "the man page sources were installed"

# The installed evt-runbook finds the installed library, not the source tree's.
[[ -d $root$prefix/share/evt/runbooks ]] || fail "the runbook library was not installed"
mkdir -p "$root$prefix/share/evt/runbooks"
cat >"$root$prefix/share/evt/runbooks/installed-marker.lua" <<'LUA'
return { description = "proves the installed library is the one searched", run = function() end }
LUA
echo '{"site": {"name": "test"}}' >"$TMP/event.json"
EVT_CONFIG=$TMP/event.json EVT_STATE_DIR=$TMP/state run "$bin/evt-runbook" list --json
expect_rc "runbook list" 0
grep -q installed-marker "$TMP/out" || fail "the installed runbook library is not searched: $(cat "$TMP/out" "$TMP/err")"

# The units: the installed paths filled in, and systemd's own checker.
units=$root$prefix/lib/systemd/system
# Every recurring job of a site has its timer.
for unit in evt-failover.service evt-scrape.service evt-scrape.timer evt-synthetic-buy.service evt-synthetic-buy.timer \
            evt-budget-check.service evt-budget-check.timer evt-gate-sync.service evt-gate-sync.timer \
            evt-redemption-sync.service evt-redemption-sync.timer \
            evt-shed-non-essential.service evt-shed-non-essential.timer; do
  [[ -s $units/$unit ]] || fail "$unit was not installed"
  ! grep -qE "@[A-Z_]+@" "$units/$unit" || fail "$unit has an unfilled @VARIABLE@"
done
grep -qx "ExecStart=$prefix/bin/evt-failover watch" "$units/evt-failover.service" || fail "failover unit: $(grep ExecStart "$units/evt-failover.service")"
for job in gate-sync redemption-sync shed-non-essential; do
  grep -qx "ExecStart=$prefix/bin/evt-runbook run $job" "$units/evt-$job.service" ||
    fail "$job unit: $(grep ExecStart "$units/evt-$job.service")"
done
# A timer without its service, or a service run by no timer, is a job that never runs.
for timer in "$units"/*.timer; do
  [[ -s ${timer%.timer}.service ]] || fail "$(basename "$timer") has no service"
done
# One state root per site: the units take it from the config, as an
# operator passing the same config does, and run as the evt user.
for unit in "$units"/*.service; do
  ! grep -q EVT_STATE_DIR "$unit" || fail "$(basename "$unit") sets EVT_STATE_DIR; the config's site.state_dir decides"
  grep -qx "Environment=EVT_CONFIG=/etc/evt/event.json" "$unit" || fail "$(basename "$unit") does not read /etc/evt/event.json"
  grep -qx "User=evt" "$unit" && grep -qx "Group=evt" "$unit" || fail "$(basename "$unit") does not run as evt"
done
sysusers=$root$prefix/lib/sysusers.d/evt.conf
[[ -s $sysusers ]] || fail "the sysusers.d file was not installed"
if command -v systemd-sysusers >/dev/null; then
  mkdir -p "$TMP/sysroot/etc"
  systemd-sysusers --root="$TMP/sysroot" "$sysusers" >"$TMP/sysusers.log" 2>&1 || fail "systemd-sysusers: $(cat "$TMP/sysusers.log")"
  grep -q "^evt:" "$TMP/sysroot/etc/passwd" && grep -q "^evt:" "$TMP/sysroot/etc/group" ||
    fail "systemd-sysusers made no evt user and group: $(cat "$TMP/sysroot/etc/passwd" "$TMP/sysusers.log")"
fi
if command -v systemd-analyze >/dev/null; then
  # systemd-analyze checks that ExecStart= exists and that each
  # Documentation= man page opens, so the tree it verifies is installed at
  # its real prefix (no DESTDIR) with its man pages on MANPATH.
  real=$TMP/prefix
  cmake --install "$build" --prefix "$real" >"$TMP/install2.log" 2>&1 || fail "cmake --install --prefix: $(tail -5 "$TMP/install2.log")"
  (cd "$real/lib/systemd/system" && MANPATH=$real/share/man SYSTEMD_LOG_LEVEL=warning systemd-analyze verify ./*.service ./*.timer) \
    >"$TMP/verify" 2>&1 || fail "systemd-analyze verify: $(cat "$TMP/verify")"
  [[ ! -s $TMP/verify ]] || fail "systemd-analyze verify warned: $(cat "$TMP/verify")"
else
  echo "systemd-analyze is not installed: units not verified" >&2
fi
exit 0
