#!/usr/bin/env bash
# Writes the command-access table: every tool's `--evt-generate access`
# lines (common/command_access.h) in one JSON Lines file, which evt-runbook
# reads to decide what a dry run may run (tools/runbook/call_access.h).
# Written whole or not at all, so a failed tool never leaves a table that
# lacks it (a missing tool would only make its calls count as mutating,
# but a silent gap is still a bug to see at build time).
#
# Usage: scripts/gen-command-access.sh OUT_FILE TOOL_BINARY...
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: scripts/gen-command-access.sh OUT_FILE TOOL_BINARY..." >&2
  exit 2
fi
out=$1
shift
mkdir -p "$(dirname "$out")"
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
: >"$tmp"
for exe in "$@"; do
  if ! "$exe" --evt-generate access >>"$tmp"; then
    echo "gen-command-access: \`$exe --evt-generate access\` failed" >&2
    exit 1
  fi
done
mv "$tmp" "$out"
trap - EXIT
