#!/usr/bin/env python3
"""Applies doc/issue-refs.tsv: turns "issue N" and "DESIGN.md" in comments into doc/design.md
section references (or drops them where they were only history).

    scripts/apply-issue-refs.py           show what would change, change nothing
    scripts/apply-issue-refs.py --write   change the files

Each "replace" or "drop" row names a file:line, and the text `old` to put `new` in place of.
The line numbers are those of the commit the table was made at; code moves, so a row is found
by its text: `old` must occur exactly once in the file (else on the row's line, else the row is
reported and left alone). A file that is gone is looked for by its name elsewhere in the tree.
"keep" rows are references to other projects or not references at all, listed so nobody
checks them again. Exits 1 when a row could not be applied.
"""
import csv
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, "doc", "issue-refs.tsv")


def tracked_files():
    out = subprocess.run(["git", "-C", ROOT, "ls-files"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def locate(path, old):
    """The file that holds `old`: `path`, else a tracked file of the same name that holds it once."""
    if os.path.exists(os.path.join(ROOT, path)):
        return path
    name = os.path.basename(path)
    found = []
    for candidate in tracked_files():
        if os.path.basename(candidate) == name:
            with open(os.path.join(ROOT, candidate), encoding="utf-8") as f:
                if old in f.read():
                    found.append(candidate)
    return found[0] if len(found) == 1 else None


def apply(row, files):
    path, line = row["location"].rsplit(":", 1)
    where = locate(path, row["old"])
    if where is None:
        return f"{row['location']}: not found (file gone, or the text is in several files)"
    text = files.setdefault(where, open(os.path.join(ROOT, where), encoding="utf-8").read())
    count = text.count(row["old"])
    if count == 1:
        files[where] = text.replace(row["old"], row["new"])
        return None
    lines = text.split("\n")
    index = int(line) - 1
    if count > 1 and index < len(lines) and lines[index].count(row["old"]) == 1:
        lines[index] = lines[index].replace(row["old"], row["new"])
        files[where] = "\n".join(lines)
        return None
    return f"{row['location']}: {row['old']!r} occurs {count} times in {where}"


def main():
    write = sys.argv[1:] == ["--write"]
    if sys.argv[1:] and not write:
        sys.exit("usage: scripts/apply-issue-refs.py [--write]")
    with open(TABLE, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["action"] != "keep"]
    files, problems = {}, []
    for row in rows:
        problem = apply(row, files)
        if problem:
            problems.append(problem)
        else:
            print(f"{row['location']}: {row['old']!r} -> {row['new']!r}")
    if write:
        for path, text in files.items():
            with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
                f.write(text)
    for problem in problems:
        print(f"apply-issue-refs: {problem}", file=sys.stderr)
    print(f"{len(rows) - len(problems)} of {len(rows)} rows {'applied' if write else 'would apply'}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
