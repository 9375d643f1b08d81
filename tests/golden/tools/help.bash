# --help of every tool and every subcommand, found by walking the
# "Subcommands:" sections of the help just taken, so a subcommand added or
# lost shows too.
help_tree() {
  local name=$1 sub subs
  shift
  golden "help/$name" "$@" --help
  subs=$(sed -n '/^Subcommands:/,$p' "$TMP/out" | awk 'NR > 1 && NF { print $1 }')
  for sub in $subs; do help_tree "$name-$sub" "$@" "$sub"; done
}
for tool in budget failover price probe runbook schema scrape token; do
  help_tree "evt-$tool" "$BIN/evt-$tool"
  golden "help/evt-$tool-version" "$BIN/evt-$tool" --version
done
