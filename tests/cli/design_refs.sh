#!/usr/bin/env bash
# The code cites doc/design.md by section: every "§N" or "§N.M" on a line
# of common/, engine/, tools/, gen/, tests/, scripts/ or cmake/ that names
# design.md is a heading that doc/design.md has (a "§" of an RFC is not
# checked), and nothing cites an issue number or a design document outside
# the repository any more.
# Usage: tests/cli/design_refs.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: tests/cli/design_refs.sh SOURCE_DIR}
cd "$src"
dirs=(common engine tools gen tests scripts cmake runbooks systemd)
status=0
headings=$(sed -n 's/^##\+ \([0-9]\+\(\.[0-9]\+\)*\)\. .*/\1/p; s/^##\+ \([0-9]\+\.[0-9]\+\) .*/\1/p' doc/design.md | sort -u)
while IFS=: read -r file line ref; do
  section=${ref#§}
  if ! grep -qx "$section" <<<"$headings"; then
    echo "design_refs: $file:$line: cites §$section, which doc/design.md does not have" >&2
    status=1
  fi
done < <(grep -rnE 'design\.md' "${dirs[@]}" --include='*.cc' --include='*.h' --include='*.sh' \
           --include='*.bash' --include='*.cmake' --include='CMakeLists.txt' --include='*.lua' --include='*.in' |
         grep -v '^tests/cli/design_refs.sh:' |
         perl -ne 'my ($f, $l, $text) = /^([^:]+):(\d+):(.*)$/ or next; print "$f:$l:$1\n" while $text =~ /(§\d+(?:\.\d+)?)/g' || true)
stale=$(grep -rnE '\b[Ii]ssue [0-9]+\b|shared/DESIGN\.md|\bDESIGN\.md' "${dirs[@]}" --include='*.cc' --include='*.h' \
          --include='*.sh' --include='*.bash' --include='*.cmake' --include='CMakeLists.txt' --include='*.lua' |
          grep -v '^tests/cli/design_refs.sh:' || true)
if [[ -n $stale ]]; then
  echo "design_refs: cite a doc/design.md section instead of:" >&2
  echo "$stale" >&2
  status=1
fi
exit "$status"
