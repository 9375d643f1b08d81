#!/usr/bin/env bash
# Fails when the checked-in man/ and completions/ differ from what the
# parsers generate now, when a tool has no man/src/evt-NAME.1.roff, or when
# groff warns about a page.
# Usage: tests/cli/docs_in_sync.sh BUILD_DIR SOURCE_DIR [--tools [NAME...]]
set -euo pipefail

me=docs_in_sync
if [[ $# -lt 2 ]]; then
  echo "usage: tests/cli/docs_in_sync.sh BUILD_DIR SOURCE_DIR [--tools [NAME...]]" >&2
  exit 2
fi
build=$1
src=$(cd "$2" && pwd)
shift 2
fix="run \`make docs\` (or \`cmake --build build --target docs\`) and commit man/ and completions/"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$src/scripts/gen-docs.sh" "$build" "$tmp/generated" "$@"; then
  echo "$me: generating the docs failed (see above)" >&2
  exit 1
fi

# Only the generated files are compared: man/src/ is hand-written.
mkdir -p "$tmp/checked-in/man" "$tmp/checked-in/completions"
shopt -s nullglob
for f in "$src"/man/*.[17]; do cp "$f" "$tmp/checked-in/man/"; done
for f in "$src"/completions/*.bash "$src"/completions/_* "$src"/completions/*.fish; do
  cp "$f" "$tmp/checked-in/completions/"
done

if ! (cd "$tmp" && diff -ru checked-in generated); then
  echo "$me: man/ or completions/ is not what the parsers generate: $fix" >&2
  exit 1
fi

if ! command -v groff >/dev/null; then
  echo "$me: groff is needed to check the man pages: scripts/install-deps.sh test" >&2
  exit 1
fi
for page in "$tmp"/generated/man/*; do
  warnings=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1) || true
  if [[ -n $warnings ]]; then
    echo "$me: man/$(basename "$page"): groff warns:" >&2
    echo "$warnings" >&2
    exit 1
  fi
done
echo "$me: man/ and completions/ match the parsers"
