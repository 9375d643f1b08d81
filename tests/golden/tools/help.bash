# --help of every tool and every subcommand, found by walking the
# "Commands:" sections of the help just taken, so a subcommand added or
# lost shows too.
help_tree() {
  local name=$1 sub subs
  shift
  golden "help/$name" "$@" --help
  subs=$(awk '/^Commands:$/ { on = 1; next } /^$/ { on = 0 } on && /^  [^ ]/ { n = $1; sub(/,.*/, "", n); print n }' "$TMP/out")
  for sub in $subs; do help_tree "$name-$sub" "$@" "$sub"; done
}
for tool in budget failover price probe runbook schema scrape token; do
  help_tree "evt-$tool" "$BIN/evt-$tool"
  golden "help/evt-$tool-version" "$BIN/evt-$tool" --version
done
