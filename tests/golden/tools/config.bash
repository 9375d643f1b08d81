# `config check` of the shipped site config, tool by tool: once with the
# secrets it names in the environment and the tools on PATH, once without.
for tool in budget failover price probe runbook scrape token; do
  PATH="$BIN:$PATH" SHOP_API_KEY=k SHOP_TEST_CARD=c ONCALL_HOOK=h ROUTER_PASSWORD=p \
    golden "config/evt-$tool-check" "$BIN/evt-$tool" --config "$SRC/examples/event.json" config check
  golden "config/evt-$tool-check-bare" "$BIN/evt-$tool" --config "$SRC/examples/event.json" config check
done
